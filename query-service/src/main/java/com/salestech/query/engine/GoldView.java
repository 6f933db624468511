package com.salestech.query.engine;

import java.time.Instant;
import java.util.Map;

/**
 * The gold snapshot a reading runs on, as reported with every response.
 *
 * @param run the run that built the snapshot ({@code _snapshot.json}'s {@code run})
 * @param publishedAt when the snapshot was committed
 * @param tables the version of each gold table in the snapshot
 */
public record GoldView(String run, Instant publishedAt, Map<String, String> tables) {

  public GoldView {
    tables = Map.copyOf(tables);
  }

  /** Identifies the snapshot in cache keys: a rollback to the same run is a new publication. */
  public String id() {
    return run + "@" + publishedAt;
  }
}
