package com.salestech.model.rules;

import com.salestech.model.Sexo;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The column parsers of DATA-CONTRACT §2. The byte-range forms read straight from a CSV line buffer
 * without building strings (the batch calls them tens of millions of times); each takes a range
 * already trimmed of surrounding spaces and returns a sentinel instead of throwing. The {@code
 * String} forms wrap them for everyone else and return {@link Parsed}.
 */
public final class ColumnRules {

  /** Returned by the {@code long} parsers for a value that does not parse. */
  public static final long BAD_LONG = Long.MIN_VALUE;

  /** Returned by {@link #parseDate} for a value that is not a calendar date. */
  public static final int BAD_DATE = Integer.MIN_VALUE;

  /** Returned by {@link #parseSex} and {@link #parseFlag} for a value outside their lists. */
  public static final int BAD_CODE = -1;

  /** The default upper bound of a product price, in reais (DATA-CONTRACT §2). */
  public static final BigDecimal DEFAULT_MAX_PRICE = new BigDecimal("100000.00");

  private static final int MAX_TEXT_FLAG_BYTES = 8;

  private ColumnRules() {}

  /** Index of the first byte in {@code [from, to)} that is not a space or tab. */
  public static int trimStart(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) {
      from++;
    }
    return from;
  }

  /** End index after dropping trailing spaces and tabs from {@code [from, to)}. */
  public static int trimEnd(byte[] b, int from, int to) {
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  /**
   * A positive integer without sign or separators (leading zeros allowed), or {@link #BAD_LONG}.
   */
  public static long parseId(byte[] b, int from, int to) {
    if (from >= to || to - from > 18) {
      return BAD_LONG;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return BAD_LONG;
      }
      value = value * 10 + d;
    }
    return value > 0 ? value : BAD_LONG;
  }

  /**
   * A strict calendar date {@code d/M/yyyy} (day first) or {@code M/d/yyyy}, with optional zero
   * padding, as days since 1970-01-01, or {@link #BAD_DATE}. {@code 31/02/2019} is not a date.
   */
  public static int parseDate(byte[] b, int from, int to, boolean dayFirst) {
    int i = from;
    int first = 0;
    int firstDigits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9' && firstDigits < 3) {
      first = first * 10 + (b[i++] - '0');
      firstDigits++;
    }
    if (firstDigits == 0 || firstDigits > 2 || i >= to || b[i++] != '/') {
      return BAD_DATE;
    }
    int second = 0;
    int secondDigits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9' && secondDigits < 3) {
      second = second * 10 + (b[i++] - '0');
      secondDigits++;
    }
    if (secondDigits == 0 || secondDigits > 2 || i >= to || b[i++] != '/') {
      return BAD_DATE;
    }
    if (to - i != 4) {
      return BAD_DATE;
    }
    int year = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return BAD_DATE;
      }
      year = year * 10 + d;
    }
    int day = dayFirst ? first : second;
    int month = dayFirst ? second : first;
    if (year < 1000 || month < 1 || month > 12 || day < 1) {
      return BAD_DATE;
    }
    if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return BAD_DATE;
    }
    return (int) epochDay(year, month, day);
  }

  /** Days from 1970-01-01 to a valid civil date (Howard Hinnant's days_from_civil). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  /**
   * A price in reais as cents, or {@link #BAD_LONG}. Accepts {@code 1500}, {@code 1500.0}, {@code
   * 1500,00}, {@code 1.500,00} and {@code 1,500.00}: when both separators appear the last one is
   * the decimal mark and the other must group thousands; a lone {@code ,} or a single {@code .} is
   * the decimal mark, except before exactly three digits ({@code 1.500} is R$ 1.50 in one country
   * and R$ 1,500 in another: refused rather than guessed); several {@code .} alone group thousands.
   * At most two decimals, unless the extra ones are zeros. A leading {@code -} parses (and then
   * fails the range rule).
   */
  public static long parsePriceCents(byte[] b, int from, int to) {
    if (from >= to) {
      return BAD_LONG;
    }
    boolean negative = b[from] == '-';
    int start = negative ? from + 1 : from;
    int lastDot = -1;
    int lastComma = -1;
    int dots = 0;
    int commas = 0;
    for (int i = start; i < to; i++) {
      byte c = b[i];
      if (c == '.') {
        lastDot = i;
        dots++;
      } else if (c == ',') {
        lastComma = i;
        commas++;
      } else if (c < '0' || c > '9') {
        return BAD_LONG;
      }
    }
    int decimalMark;
    byte groupChar;
    if (dots > 0 && commas > 0) {
      decimalMark = Math.max(lastDot, lastComma);
      groupChar = decimalMark == lastDot ? (byte) ',' : (byte) '.';
      if ((groupChar == ',' ? dots : commas) != 1) {
        return BAD_LONG;
      }
    } else if (commas == 1 || dots == 1) {
      decimalMark = commas == 1 ? lastComma : lastDot;
      groupChar = 0;
      if (to - decimalMark - 1 == 3) {
        return BAD_LONG;
      }
    } else if (dots > 1) {
      decimalMark = -1;
      groupChar = '.';
    } else if (commas > 1) {
      return BAD_LONG;
    } else {
      decimalMark = -1;
      groupChar = 0;
    }
    int intEnd = decimalMark >= 0 ? decimalMark : to;
    long whole = parseGroupedInteger(b, start, intEnd, groupChar);
    if (whole == BAD_LONG) {
      return BAD_LONG;
    }
    long cents = 0;
    if (decimalMark >= 0) {
      int fractionDigits = to - decimalMark - 1;
      if (fractionDigits == 0) {
        return BAD_LONG;
      }
      for (int i = decimalMark + 1; i < to; i++) {
        int d = b[i] - '0';
        int position = i - decimalMark;
        if (position <= 2) {
          cents += d * (position == 1 ? 10 : 1);
        } else if (d != 0) {
          return BAD_LONG;
        }
      }
    }
    if (whole > 10_000_000_000_000L) {
      return BAD_LONG;
    }
    long value = whole * 100 + cents;
    return negative ? -value : value;
  }

  private static long parseGroupedInteger(byte[] b, int from, int to, byte groupChar) {
    if (from >= to) {
      return BAD_LONG;
    }
    long value = 0;
    int digitsSinceGroup = 0;
    boolean grouped = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (groupChar != 0 && c == groupChar) {
        if (digitsSinceGroup == 0 || (grouped && digitsSinceGroup != 3) || digitsSinceGroup > 3) {
          return BAD_LONG;
        }
        grouped = true;
        digitsSinceGroup = 0;
        continue;
      }
      if (c < '0' || c > '9') {
        return BAD_LONG;
      }
      if (value > Long.MAX_VALUE / 100) {
        return BAD_LONG;
      }
      value = value * 10 + (c - '0');
      digitsSinceGroup++;
    }
    if (grouped && digitsSinceGroup != 3) {
      return BAD_LONG;
    }
    return value;
  }

  /** {@code 'M'} or {@code 'F'} for {@code m/M/f/F}, else {@link #BAD_CODE}. */
  public static int parseSex(byte[] b, int from, int to) {
    if (to - from != 1) {
      return BAD_CODE;
    }
    return switch (b[from]) {
      case 'M', 'm' -> 'M';
      case 'F', 'f' -> 'F';
      default -> BAD_CODE;
    };
  }

  /**
   * 1 or 0 for {@code 1/0}, {@code true/false}, {@code sim/não/nao}, {@code s/n} in any case, else
   * {@link #BAD_CODE}.
   */
  public static int parseFlag(byte[] b, int from, int to) {
    int length = to - from;
    if (length == 1) {
      return switch (b[from]) {
        case '1', 's', 'S' -> 1;
        case '0', 'n', 'N' -> 0;
        default -> BAD_CODE;
      };
    }
    if (length == 0 || length > MAX_TEXT_FLAG_BYTES) {
      return BAD_CODE;
    }
    String word =
        new String(b, from, length, StandardCharsets.UTF_8)
            .toLowerCase(Locale.ROOT)
            .replace('ã', 'a');
    return switch (word) {
      case "true", "sim" -> 1;
      case "false", "nao" -> 0;
      default -> BAD_CODE;
    };
  }

  /** Whether a price in cents passes {@code 0 < valor <= max}. */
  public static boolean priceInRange(long cents, BigDecimal max) {
    return cents > 0 && BigDecimal.valueOf(cents, 2).compareTo(max) <= 0;
  }

  // The String forms: trimmed first, an empty value is MISSING_REQUIRED.

  public static Parsed<Long> id(String raw) {
    return parse(
        raw,
        (b, f, t) -> {
          long v = parseId(b, f, t);
          return v == BAD_LONG ? Parsed.rejected(RejectReason.BAD_INTEGER) : Parsed.ok(v);
        });
  }

  public static Parsed<LocalDate> date(String raw, boolean dayFirst) {
    return parse(
        raw,
        (b, f, t) -> {
          int v = parseDate(b, f, t, dayFirst);
          return v == BAD_DATE
              ? Parsed.rejected(RejectReason.BAD_DATE)
              : Parsed.ok(LocalDate.ofEpochDay(v));
        });
  }

  /** A price with scale 2, rejected as {@code price_out_of_range} outside {@code (0, max]}. */
  public static Parsed<BigDecimal> price(String raw, BigDecimal max) {
    return parse(
        raw,
        (b, f, t) -> {
          long cents = parsePriceCents(b, f, t);
          if (cents == BAD_LONG) {
            return Parsed.rejected(RejectReason.BAD_DECIMAL);
          }
          return priceInRange(cents, max)
              ? Parsed.ok(BigDecimal.valueOf(cents, 2))
              : Parsed.rejected(RejectReason.PRICE_OUT_OF_RANGE);
        });
  }

  public static Parsed<Sexo> sex(String raw) {
    return parse(
        raw,
        (b, f, t) -> {
          int v = parseSex(b, f, t);
          return v == BAD_CODE
              ? Parsed.rejected(RejectReason.INVALID_VALUE)
              : Parsed.ok(v == 'M' ? Sexo.M : Sexo.F);
        });
  }

  public static Parsed<Boolean> flag(String raw) {
    return parse(
        raw,
        (b, f, t) -> {
          int v = parseFlag(b, f, t);
          return v == BAD_CODE ? Parsed.rejected(RejectReason.INVALID_VALUE) : Parsed.ok(v == 1);
        });
  }

  private interface RangeParser<T> {
    Parsed<T> parse(byte[] b, int from, int to);
  }

  private static <T> Parsed<T> parse(String raw, RangeParser<T> parser) {
    if (raw == null) {
      return Parsed.rejected(RejectReason.MISSING_REQUIRED);
    }
    byte[] b = raw.getBytes(StandardCharsets.UTF_8);
    int from = trimStart(b, 0, b.length);
    int to = trimEnd(b, from, b.length);
    return from == to ? Parsed.rejected(RejectReason.MISSING_REQUIRED) : parser.parse(b, from, to);
  }
}
