package com.salestech.etl.silver;

/** A table's input broke its reject-rate limit; nothing was published for it. */
public class TableRejectedException extends RuntimeException {

  public TableRejectedException(String table, String why) {
    super("silver " + table + ": " + why);
  }
}
