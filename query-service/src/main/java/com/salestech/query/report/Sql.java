package com.salestech.query.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One statement being written: the text, made only of fixed fragments chosen by closed enums, and
 * the values bound to its {@code ?} in order. Nothing a caller sends is ever part of the text.
 */
final class Sql {

  private final StringBuilder text = new StringBuilder();
  private final List<Object> values = new ArrayList<>();

  Sql add(String fragment, Object... bound) {
    text.append(fragment);
    Collections.addAll(values, bound);
    return this;
  }

  /** {@code AND column IN (?, ?, …)}, or nothing when {@code bound} is empty. */
  Sql andIn(String column, List<?> bound) {
    if (!bound.isEmpty()) {
      text.append(" AND ").append(column).append(" IN (");
      for (int i = 0; i < bound.size(); i++) {
        text.append(i == 0 ? "?" : ", ?");
      }
      text.append(")");
      values.addAll(bound);
    }
    return this;
  }

  String text() {
    return text.toString();
  }

  List<Object> values() {
    return List.copyOf(values);
  }

  @Override
  public String toString() {
    return text + " " + values;
  }
}
