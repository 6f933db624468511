package com.salestech.model.rules;

import com.salestech.model.Table;
import java.util.List;

/** A file lacks a column its table requires; the whole file is refused, other files go on. */
public class MissingColumnException extends RuntimeException {

  private final transient Table table;
  private final String column;

  public MissingColumnException(Table table, String column, List<String> header) {
    super(
        "missing required column '"
            + column
            + "' for table "
            + table.tableName()
            + " (header: "
            + String.join(";", header)
            + ")");
    this.table = table;
    this.column = column;
  }

  public Table table() {
    return table;
  }

  public String column() {
    return column;
  }
}
