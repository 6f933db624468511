package com.salestech.query.engine;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One result row, read by column position (1-based, as in JDBC). Engines that return every value as
 * text (Athena) convert here, so reports read typed values whatever the engine. A null value is
 * returned as null by every getter.
 */
public interface Row {

  int columns();

  String label(int column);

  String string(int column);

  Long longValue(int column);

  BigDecimal decimal(int column);

  /** A {@code double} column (the models' figures), as a Java double. */
  Double doubleValue(int column);

  LocalDate date(int column);

  Boolean bool(int column);
}
