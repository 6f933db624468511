package com.salestech.etl.forecast;

import com.salestech.model.calendar.BrazilianCalendar;
import java.time.LocalDate;

/**
 * The columns a day contributes to a regression of daily sales: a level, a trend in years, the
 * weekday (Monday is the reference), the yearly season as Fourier terms, and the days the {@link
 * BrazilianCalendar} marks (national holidays, Black Friday). Terms the history cannot estimate are
 * left out by the caller: the season without a year of history, a holiday that never occurred.
 */
final class CalendarTerms {

  static final double YEAR = 365.25;

  /** Pairs of yearly sine and cosine terms: enough for a smooth season with a sharp December. */
  static final int FOURIER_PAIRS = 3;

  private final long origin;
  private final boolean level;
  private final boolean trend;
  private final boolean yearly;
  private final boolean holidays;
  private final boolean blackFriday;
  private final int width;

  CalendarTerms(
      LocalDate origin,
      boolean level,
      boolean trend,
      boolean yearly,
      boolean holidays,
      boolean blackFriday) {
    this.origin = origin.toEpochDay();
    this.level = level;
    this.trend = trend;
    this.yearly = yearly;
    this.holidays = holidays;
    this.blackFriday = blackFriday;
    this.width =
        (level ? 1 : 0)
            + (trend ? 1 : 0)
            + 6
            + (yearly ? 2 * FOURIER_PAIRS : 0)
            + (holidays ? 1 : 0)
            + (blackFriday ? 1 : 0);
  }

  /** Terms for a history of {@code days} days from {@code first}: only what it can estimate. */
  static CalendarTerms forHistory(LocalDate first, int days, boolean level) {
    return forHistory(first, days, days, level);
  }

  /**
   * Terms for a history of {@code days} days, the trend and the season chosen as for {@code
   * termsFromDays}; a holiday is a term when the history has one.
   */
  static CalendarTerms forHistory(LocalDate first, int days, int termsFromDays, boolean level) {
    boolean holiday = false;
    boolean blackFriday = false;
    for (int t = 0; t < days; t++) {
      LocalDate day = first.plusDays(t);
      holiday |= BrazilianCalendar.isNationalHoliday(day);
      blackFriday |= BrazilianCalendar.isBlackFriday(day);
    }
    return new CalendarTerms(
        first, level, termsFromDays >= 8 * 7, termsFromDays >= 365, holiday, blackFriday);
  }

  int width() {
    return width;
  }

  /** Writes the day's terms into {@code row} from {@code at}. */
  void fill(LocalDate day, double[] row, int at) {
    long epochDay = day.toEpochDay();
    int i = at;
    if (level) {
      row[i++] = 1;
    }
    if (trend) {
      row[i++] = (epochDay - origin) / YEAR;
    }
    int weekday = day.getDayOfWeek().getValue();
    for (int d = 2; d <= 7; d++) {
      row[i++] = weekday == d ? 1 : 0;
    }
    if (yearly) {
      double angle = 2 * Math.PI * (day.getDayOfYear() - 1) / YEAR;
      for (int k = 1; k <= FOURIER_PAIRS; k++) {
        row[i++] = Math.sin(k * angle);
        row[i++] = Math.cos(k * angle);
      }
    }
    if (holidays) {
      row[i++] = BrazilianCalendar.isNationalHoliday(day) ? 1 : 0;
    }
    if (blackFriday) {
      row[i++] = BrazilianCalendar.isBlackFriday(day) ? 1 : 0;
    }
  }
}
