package com.salestech.query.report;

import java.time.LocalDate;

/** What a range is compared with. */
enum Compare implements Choice {
  NONE("none"),
  PREVIOUS_PERIOD("previous_period"),
  PREVIOUS_YEAR("previous_year");

  private final String wire;

  Compare(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * The comparison range of {@code from..to}, cut to {@code days} days (the days of the range that
   * have data, when it runs past the newest sale): the period of the same length just before, or
   * the same dates a year earlier.
   */
  Range of(LocalDate from, LocalDate to, long days) {
    long length = java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1;
    LocalDate start =
        switch (this) {
          case PREVIOUS_PERIOD -> from.minusDays(length);
          case PREVIOUS_YEAR -> from.minusYears(1);
          case NONE -> throw new IllegalStateException("no comparison");
        };
    LocalDate end =
        this == PREVIOUS_YEAR && days == length ? to.minusYears(1) : start.plusDays(days - 1);
    return new Range(start, end);
  }
}
