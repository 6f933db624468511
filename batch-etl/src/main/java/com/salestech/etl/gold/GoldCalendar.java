package com.salestech.etl.gold;

import java.time.LocalDate;

/**
 * The calendar arithmetic of gold on epoch days and month indexes ({@code year * 12 + month - 1}),
 * done on primitives because it runs for every sale; and the age bands of {@code perfil_clientes}.
 */
final class GoldCalendar {

  /** The bands of DATA-CONTRACT §3, indexed by {@link #band}. */
  static final String[] AGE_BANDS = {"<25", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"};

  private GoldCalendar() {}

  /** {@code year * 12 + month - 1} of an epoch day. */
  static int monthOfDay(int epochDay) {
    int packed = packedCivil(epochDay);
    return (packed >> 9) * 12 + ((packed >> 5) & 0xF) - 1;
  }

  /** The month index of a {@code yyyy-MM} name. */
  static int monthOfName(String name) {
    return Integer.parseInt(name.substring(0, 4)) * 12 + Integer.parseInt(name.substring(5, 7)) - 1;
  }

  /** The {@code yyyy-MM} name of a month index. */
  static String monthName(int index) {
    return String.format("%04d-%02d", Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  /** The epoch day of a month's first day. */
  static int firstDayOfMonth(int month) {
    return (int)
        LocalDate.of(Math.floorDiv(month, 12), Math.floorMod(month, 12) + 1, 1).toEpochDay();
  }

  /** The epoch day of a month's last day. */
  static int lastDayOfMonth(int month) {
    return firstDayOfMonth(month + 1) - 1;
  }

  /** Full years from one epoch day to another (a birthday on 29 February waits for 1 March). */
  static Integer fullYears(int from, int to) {
    int years = years(from, to);
    return years == NO_AGE ? null : years;
  }

  /** An age that is not known (born after the sale). */
  static final int NO_AGE = Dimensions.NO_DATE;

  /** {@link #fullYears} without boxing: {@link #NO_AGE} when {@code to} comes first. */
  static int years(int from, int to) {
    int a = packedCivil(from);
    int b = packedCivil(to);
    // year << 9 | month << 5 | day: the low nine bits order by month, then day.
    int years = (b >> 9) - (a >> 9) - ((b & 0x1FF) < (a & 0x1FF) ? 1 : 0);
    return years < 0 ? NO_AGE : years;
  }

  /** The index in {@link #AGE_BANDS} of an age; null is {@code unknown}. */
  static int band(Integer age) {
    return band(age == null ? NO_AGE : (int) age);
  }

  /** The index in {@link #AGE_BANDS} of an age; {@link #NO_AGE} is {@code unknown}. */
  static int band(int age) {
    if (age == NO_AGE) {
      return AGE_BANDS.length - 1;
    }
    if (age < 25) {
      return 0;
    }
    return Math.min(5, 1 + (age - 25) / 10);
  }

  /** Year, month, day of an epoch day. */
  static int[] civil(int epochDay) {
    int packed = packedCivil(epochDay);
    return new int[] {packed >> 9, (packed >> 5) & 0xF, packed & 0x1F};
  }

  /**
   * Year, month and day of an epoch day as {@code year << 9 | month << 5 | day} (Howard Hinnant's
   * civil_from_days), with no array to allocate per sale.
   */
  private static int packedCivil(int epochDay) {
    long z = epochDay + 719468L;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    return year << 9 | month << 5 | day;
  }
}
