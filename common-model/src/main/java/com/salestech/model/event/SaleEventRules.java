package com.salestech.model.event;

import com.salestech.model.SaleEvent;
import com.salestech.model.rules.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of a sale event (DATA-CONTRACT §1.2), shared by the ingest API, which refuses an event
 * that breaks them, and by {@code bronze-to-silver}, which quarantines an event line that does.
 *
 * <p>The input is the event as generic JSON (a map of strings, numbers, booleans, nulls, maps and
 * lists, as any JSON library reads it), so both sides judge exactly what was sent. Types are
 * strict: an id is a JSON integer, not a string or {@code 1.5}; a date is a string.
 */
public final class SaleEventRules {

  /** How far in the future {@code soldAt} may be. */
  public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private SaleEventRules() {}

  /**
   * Checks one event.
   *
   * @param json the event as posted
   * @param now the instant {@code soldAt} may not be more than a day after: the time of receipt
   *     (the API's clock; for a bronze line, its {@code receivedAt}), so a replay judges alike
   */
  public static EventCheck check(Map<String, ?> json, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    UUID eventId = eventId(json.get(EventField.EVENT_ID.json()), errors);
    long saleId = id(json, EventField.SALE_ID, Long.MAX_VALUE, errors);
    long customerId = id(json, EventField.CUSTOMER_ID, Long.MAX_VALUE, errors);
    long storeId = id(json, EventField.STORE_ID, Integer.MAX_VALUE, errors);
    long productId = id(json, EventField.PRODUCT_ID, Integer.MAX_VALUE, errors);
    Instant soldAt = instant(json, EventField.SOLD_AT, errors);
    if (soldAt != null && soldAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
      errors.add(
          error(
              EventField.SOLD_AT,
              RejectReason.INVALID_VALUE,
              "must not be more than 1 day in the future"));
      soldAt = null;
    }
    int quantity = quantity(json.get(EventField.QUANTITY.json()), errors);
    boolean promotion = promotion(json.get(EventField.PROMOTION.json()), errors);
    Instant paidAt = instant(json, EventField.PAID_AT, errors);
    if (paidAt != null && soldAt != null && paidAt.isBefore(soldAt)) {
      errors.add(
          error(EventField.PAID_AT, RejectReason.INVALID_VALUE, "must not be before soldAt"));
    }
    for (String reserved : BronzeEventLine.RESERVED) {
      if (json.containsKey(reserved)) {
        errors.add(
            new FieldError(
                reserved,
                RejectReason.INVALID_VALUE,
                "is set by the ingest API and may not be sent"));
      }
    }
    if (!errors.isEmpty()) {
      return new EventCheck.Invalid(errors);
    }
    return new EventCheck.Valid(
        new SaleEvent(
            eventId,
            saleId,
            customerId,
            (int) storeId,
            (int) productId,
            soldAt,
            quantity,
            promotion,
            paidAt));
  }

  private static UUID eventId(Object value, List<FieldError> errors) {
    if (missing(value)) {
      errors.add(missingError(EventField.EVENT_ID));
      return null;
    }
    if (value instanceof String text && UUID_TEXT.matcher(text.strip()).matches()) {
      return UUID.fromString(text.strip());
    }
    errors.add(
        error(
            EventField.EVENT_ID,
            RejectReason.INVALID_VALUE,
            "must be a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301"));
    return null;
  }

  private static long id(Map<String, ?> json, EventField field, long max, List<FieldError> errors) {
    Object value = json.get(field.json());
    if (missing(value)) {
      errors.add(missingError(field));
      return 0;
    }
    BigInteger integer = integer(value);
    if (integer == null
        || integer.signum() <= 0
        || integer.compareTo(BigInteger.valueOf(max)) > 0) {
      errors.add(
          error(
              field,
              RejectReason.BAD_INTEGER,
              "must be an integer from 1 to " + (max == Long.MAX_VALUE ? "2^63-1" : max)));
      return 0;
    }
    return integer.longValue();
  }

  private static int quantity(Object value, List<FieldError> errors) {
    if (value == null) {
      return 1;
    }
    BigInteger integer = integer(value);
    if (integer == null) {
      errors.add(error(EventField.QUANTITY, RejectReason.BAD_INTEGER, "must be an integer"));
      return 0;
    }
    if (integer.signum() <= 0
        || integer.compareTo(BigInteger.valueOf(SaleEvent.MAX_QUANTITY)) > 0) {
      errors.add(
          error(
              EventField.QUANTITY,
              RejectReason.INVALID_VALUE,
              "must be from 1 to " + SaleEvent.MAX_QUANTITY));
      return 0;
    }
    return integer.intValue();
  }

  private static boolean promotion(Object value, List<FieldError> errors) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    errors.add(error(EventField.PROMOTION, RejectReason.INVALID_VALUE, "must be true or false"));
    return false;
  }

  private static Instant instant(Map<String, ?> json, EventField field, List<FieldError> errors) {
    Object value = json.get(field.json());
    if (missing(value)) {
      if (field.required()) {
        errors.add(missingError(field));
      }
      return null;
    }
    Instant parsed = value instanceof String text ? parseInstant(text.strip()) : null;
    if (parsed == null) {
      errors.add(
          error(
              field,
              RejectReason.BAD_DATE,
              "must be an ISO-8601 date (2024-05-31) or instant with offset"
                  + " (2024-05-31T14:03:00Z)"));
    }
    return parsed;
  }

  /**
   * A date is the start of that day in UTC; an instant needs its offset (local times are
   * ambiguous).
   */
  static Instant parseInstant(String text) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static BigInteger integer(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big.compareTo(LONG_MAX) > 0 ? null : big;
    }
    if (value instanceof BigDecimal decimal) {
      if (decimal.scale() > 0) {
        return null; // 1.0 is a float in JSON, whichever way the reader was configured
      }
      try {
        return decimal.toBigIntegerExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean missing(Object value) {
    return value == null || (value instanceof String text && text.isBlank());
  }

  private static FieldError missingError(EventField field) {
    return error(field, RejectReason.MISSING_REQUIRED, "is required");
  }

  private static FieldError error(EventField field, RejectReason reason, String message) {
    return new FieldError(field.json(), reason, message);
  }
}
