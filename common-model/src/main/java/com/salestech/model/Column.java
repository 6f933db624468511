package com.salestech.model;

/**
 * One column of a table as the exports name it.
 *
 * @param name the normalised header name (lower case, no accents)
 * @param type how the value is parsed
 * @param required whether a missing or unparseable value sends the row to quarantine; an optional
 *     one becomes null instead
 */
public record Column(String name, ColumnType type, boolean required) {

  static Column required(String name, ColumnType type) {
    return new Column(name, type, true);
  }

  static Column optional(String name, ColumnType type) {
    return new Column(name, type, false);
  }
}
