package com.salestech.model.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;

/**
 * The days that move a Brazilian retailer's sales: the national holidays and Black Friday. One
 * calendar for the sample generator's demand model, gold's {@code calendario} and the forecast
 * models, so that all three agree on which day is special.
 *
 * <p>National holidays are the days federal law makes holidays in every state: Confraternização
 * Universal (1 January), Paixão de Cristo (Good Friday), Tiradentes (21 April), Dia do Trabalho (1
 * May), Independência (7 September), Nossa Senhora Aparecida (12 October), Finados (2 November),
 * Proclamação da República (15 November), Consciência Negra (20 November, national from 2024, Lei
 * 14.759/2023) and Natal (25 December). Carnival and Corpus Christi are optional days off (<i>ponto
 * facultativo</i>), not holidays, and are left out. Black Friday is the day after the fourth
 * Thursday of November.
 */
public final class BrazilianCalendar {

  private static final Map<MonthDay, String> FIXED =
      Map.of(
          MonthDay.of(Month.JANUARY, 1), "Confraternização Universal",
          MonthDay.of(Month.APRIL, 21), "Tiradentes",
          MonthDay.of(Month.MAY, 1), "Dia do Trabalho",
          MonthDay.of(Month.SEPTEMBER, 7), "Independência do Brasil",
          MonthDay.of(Month.OCTOBER, 12), "Nossa Senhora Aparecida",
          MonthDay.of(Month.NOVEMBER, 2), "Finados",
          MonthDay.of(Month.NOVEMBER, 15), "Proclamação da República",
          MonthDay.of(Month.DECEMBER, 25), "Natal");

  private static final MonthDay CONSCIENCIA_NEGRA = MonthDay.of(Month.NOVEMBER, 20);
  private static final int CONSCIENCIA_NEGRA_SINCE = 2024;

  private BrazilianCalendar() {}

  /** The national holiday on {@code day}, by its name, or empty. */
  public static Optional<String> holiday(LocalDate day) {
    MonthDay monthDay = MonthDay.from(day);
    String fixed = FIXED.get(monthDay);
    if (fixed != null) {
      return Optional.of(fixed);
    }
    if (monthDay.equals(CONSCIENCIA_NEGRA) && day.getYear() >= CONSCIENCIA_NEGRA_SINCE) {
      return Optional.of("Consciência Negra");
    }
    if (day.equals(easter(day.getYear()).minusDays(2))) {
      return Optional.of("Paixão de Cristo");
    }
    return Optional.empty();
  }

  public static boolean isNationalHoliday(LocalDate day) {
    return holiday(day).isPresent();
  }

  /** The day after the fourth Thursday of November. */
  public static LocalDate blackFriday(int year) {
    return LocalDate.of(year, Month.NOVEMBER, 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY))
        .plusDays(1);
  }

  public static boolean isBlackFriday(LocalDate day) {
    return day.getMonth() == Month.NOVEMBER && day.equals(blackFriday(day.getYear()));
  }

  /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm). */
  public static LocalDate easter(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(year, month, dayOfMonth);
  }
}
