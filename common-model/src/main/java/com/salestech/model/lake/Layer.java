package com.salestech.model.lake;

/** The three layers of the lake. */
public enum Layer {
  /** Raw, exactly as received. */
  BRONZE,
  /** Typed, validated, one row per key. */
  SILVER,
  /** Joined and aggregated for dashboards and models. */
  GOLD
}
