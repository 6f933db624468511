package com.salestech.query.report;

/**
 * The snapshot has no table of the {@code forecast} job yet (the job never ran on this lake): a
 * {@code 404} problem saying how to publish one.
 */
class NoModelException extends RuntimeException {

  private final String table;
  private final String snapshot;

  NoModelException(String table, String snapshot) {
    super(
        "gold snapshot "
            + snapshot
            + " has no "
            + table
            + ": no "
            + (ModelQueries.EFFECT.equals(table) ? "promotion effect estimate" : "forecast")
            + " has been published yet; run the forecast job (batch-etl run forecast)");
    this.table = table;
    this.snapshot = snapshot;
  }

  String table() {
    return table;
  }

  String snapshot() {
    return snapshot;
  }
}
