package com.salestech.model;

import java.util.Locale;

/** Where a sale entered the lake. */
public enum Canal {
  CSV,
  STREAM;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
