package com.salestech.query.engine.athena;

import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;

/**
 * A row of {@code GetQueryResults}: every value comes as text (a null as no value at all), and is
 * converted here with the type the result's column info declares, so reports read the same typed
 * values as on DuckDB: decimals keep their declared scale, dates are dates.
 */
final class AthenaRow implements Row {

  private final String queryId;
  private final List<ColumnInfo> columns;
  private List<Datum> data = List.of();

  AthenaRow(String queryId, List<ColumnInfo> columns) {
    this.queryId = queryId;
    this.columns = List.copyOf(columns);
  }

  AthenaRow at(List<Datum> values) {
    this.data = values;
    return this;
  }

  @Override
  public int columns() {
    return columns.size();
  }

  @Override
  public String label(int column) {
    ColumnInfo info = info(column);
    return info.label() != null ? info.label() : info.name();
  }

  @Override
  public String string(int column) {
    info(column);
    return column <= data.size() ? data.get(column - 1).varCharValue() : null;
  }

  @Override
  public Long longValue(int column) {
    String text = string(column);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      try {
        // a decimal or double column read as a count
        return new BigDecimal(text).longValueExact();
      } catch (ArithmeticException | NumberFormatException notWhole) {
        throw failure(column, text, "a whole number", notWhole);
      }
    }
  }

  @Override
  public BigDecimal decimal(int column) {
    String text = string(column);
    if (text == null) {
      return null;
    }
    try {
      BigDecimal value = new BigDecimal(text);
      ColumnInfo info = info(column);
      // Athena may drop trailing zeros in the text; the column's scale is the value's scale
      if ("decimal".equalsIgnoreCase(info.type())
          && info.scale() != null
          && value.scale() < info.scale()) {
        value = value.setScale(info.scale());
      }
      return value;
    } catch (NumberFormatException e) {
      throw failure(column, text, "a number", e);
    }
  }

  @Override
  public Double doubleValue(int column) {
    String text = string(column);
    if (text == null) {
      return null;
    }
    try {
      // Athena writes doubles as Java does: 12.5, 1.0E-4, NaN, Infinity
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw failure(column, text, "a number", e);
    }
  }

  @Override
  public LocalDate date(int column) {
    String text = string(column);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
    } catch (DateTimeParseException e) {
      throw failure(column, text, "a date", e);
    }
  }

  @Override
  public Boolean bool(int column) {
    String text = string(column);
    if (text == null) {
      return null;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw failure(column, text, "a boolean", null);
  }

  private ColumnInfo info(int column) {
    if (column < 1 || column > columns.size()) {
      throw new IndexOutOfBoundsException(
          "Athena query " + queryId + " has " + columns.size() + " columns, not " + column);
    }
    return columns.get(column - 1);
  }

  private QueryFailedException failure(int column, String text, String wanted, Exception cause) {
    return new QueryFailedException(
        AthenaCatalog.NAME,
        QueryFailedException.Kind.FAILED,
        "query "
            + queryId
            + ": column "
            + column
            + " ("
            + label(column)
            + ", "
            + info(column).type()
            + ") holds '"
            + text
            + "', not "
            + wanted,
        cause);
  }
}
