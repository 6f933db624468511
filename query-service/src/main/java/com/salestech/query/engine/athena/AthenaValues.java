package com.salestech.query.engine.athena;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Bound values as Athena's {@code ExecutionParameters} take them: each parameter is a SQL literal
 * (Athena's parameterized-query docs: a string is treated as a string only in single quotes; a date
 * is given as {@code CAST('2014-07-05' AS DATE)}). Athena substitutes them for the {@code ?}
 * itself, so values never become part of the statement text sent here.
 */
final class AthenaValues {

  private AthenaValues() {}

  static List<String> parameters(List<?> values) {
    return values.stream().map(AthenaValues::literal).toList();
  }

  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Long || value instanceof Integer) {
      return value.toString();
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof BigDecimal d) {
      return "DECIMAL '" + d.toPlainString() + "'";
    }
    if (value instanceof LocalDate d) {
      return "CAST('" + d + "' AS DATE)";
    }
    throw new IllegalArgumentException(
        "cannot bind a " + value.getClass().getName() + " as an Athena execution parameter");
  }
}
