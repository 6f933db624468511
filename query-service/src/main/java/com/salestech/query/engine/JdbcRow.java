package com.salestech.query.engine;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The current row of a JDBC result set (DuckDB, Trino), and how the engines bind values: the JDBC
 * engines read and bind alike.
 */
public final class JdbcRow implements Row {

  private final ResultSet rs;
  private final int columns;
  private final String engine;

  public JdbcRow(ResultSet rs, String engine) throws SQLException {
    this.rs = rs;
    this.engine = engine;
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
  public Double doubleValue(int column) {
    try {
      double value = rs.getDouble(column);
      return rs.wasNull() ? null : value;
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

  private QueryFailedException failure(int column, SQLException e) {
    return new QueryFailedException(
        engine,
        QueryFailedException.Kind.FAILED,
        "cannot read column " + column + ": " + e.getMessage(),
        e);
  }

  /** Binds one value of the types {@link QueryEngine.Reading#query} takes to its {@code ?}. */
  public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value == null) {
      ps.setObject(index, null);
    } else if (value instanceof LocalDate d) {
      ps.setObject(index, d);
    } else if (value instanceof BigDecimal d) {
      ps.setBigDecimal(index, d);
    } else if (value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean) {
      ps.setObject(index, value);
    } else {
      throw new IllegalArgumentException(
          "cannot bind a " + value.getClass().getName() + " to parameter " + index);
    }
  }
}
