package com.salestech.query.engine.trino;

import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.Row;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** The current row of a Trino JDBC result set. */
final class TrinoRow implements Row {

  private final ResultSet rs;
  private final int columns;

  TrinoRow(ResultSet rs) throws SQLException {
    this.rs = rs;
    this.columns = rs.getMetaData().getColumnCount();
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public String label(int column) {
    try {
      return rs.getMetaData().getColumnLabel(column);
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  @Override
  public String string(int column) {
    try {
      Object value = rs.getObject(column);
      return value == null ? null : value.toString();
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  @Override
  public Long longValue(int column) {
    try {
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  @Override
  public BigDecimal decimal(int column) {
    try {
      return rs.getBigDecimal(column);
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  @Override
  public LocalDate date(int column) {
    try {
      Object value = rs.getObject(column);
      if (value == null) {
        return null;
      }
      if (value instanceof java.sql.Date d) {
        return d.toLocalDate();
      }
      if (value instanceof LocalDate d) {
        return d;
      }
      return LocalDate.parse(value.toString());
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  @Override
  public Boolean bool(int column) {
    try {
      boolean value = rs.getBoolean(column);
      return rs.wasNull() ? null : value;
    } catch (SQLException e) {
      throw failure(column, e);
    }
  }

  private static QueryFailedException failure(int column, SQLException e) {
    return new QueryFailedException(
        TrinoCatalog.NAME,
        QueryFailedException.Kind.FAILED,
        "cannot read column " + column + ": " + e.getMessage(),
        e);
  }
}
