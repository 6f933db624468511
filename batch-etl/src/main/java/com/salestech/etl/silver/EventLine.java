package com.salestech.etl.silver;

import com.salestech.model.SaleEvent;
import com.salestech.model.event.BronzeEventLine;
import com.salestech.model.event.EventCheck;
import com.salestech.model.event.FieldError;
import com.salestech.model.event.SaleEventRules;
import com.salestech.model.rules.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of a bronze event object judged by DATA-CONTRACT §1.2: the sale it holds, or why it is
 * quarantined. The fields the ingest API and the lander added are taken off before the rules run (a
 * sender may not use them), and {@code receivedAt} orders the copies of an event.
 *
 * @param event the sale, or null when the line is empty or rejected
 * @param receivedAt when the API accepted it; the object's LastModified when the line lacks it
 * @param reason why the line is rejected, or null
 * @param field the field that gave the reason, or null
 */
record EventLine(SaleEvent event, Instant receivedAt, RejectReason reason, String field) {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** The warning key of a rejected line: the API should have refused it. */
  String warning() {
    return field == null ? "event:" + reason.code() : "event." + field + ":" + reason.code();
  }

  boolean empty() {
    return event == null && reason == null;
  }

  static EventLine read(byte[] bytes, int length, boolean truncated, Instant lastModified) {
    if (truncated) {
      return rejected(RejectReason.LINE_TOO_LONG, null, lastModified);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, length))
              .toString();
    } catch (CharacterCodingException e) {
      return rejected(RejectReason.INVALID_ENCODING, null, lastModified);
    }
    if (text.isBlank()) {
      return new EventLine(null, lastModified, null, null);
    }
    Map<String, Object> json;
    try {
      json = JSON.readValue(text, OBJECT);
    } catch (JacksonException e) {
      return rejected(RejectReason.MALFORMED_ROW, null, lastModified);
    }
    if (json == null) {
      return rejected(RejectReason.MALFORMED_ROW, null, lastModified);
    }
    Instant receivedAt = receivedAt(json.remove(BronzeEventLine.RECEIVED_AT), lastModified);
    json.remove(BronzeEventLine.API_KEY_ID);
    json.remove(BronzeEventLine.MESSAGE_ID);
    EventCheck check = SaleEventRules.check(json, receivedAt);
    if (check instanceof EventCheck.Valid valid) {
      return new EventLine(valid.event(), receivedAt, null, null);
    }
    FieldError first = ((EventCheck.Invalid) check).first();
    return new EventLine(null, receivedAt, first.reason(), first.field());
  }

  private static EventLine rejected(RejectReason reason, String field, Instant lastModified) {
    return new EventLine(null, lastModified, reason, field);
  }

  private static Instant receivedAt(Object value, Instant lastModified) {
    if (value instanceof String text) {
      try {
        return Instant.parse(text.strip());
      } catch (DateTimeException e) {
        return lastModified;
      }
    }
    return lastModified;
  }

  /**
   * Microseconds since the epoch: the first part of the order "received first". An instant beyond
   * what they hold (a year past 292,000) sorts at the end instead of failing the run.
   */
  static long micros(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * A fingerprint of what the sender said, the receipt fields excluded: two copies of an event id
   * with the same fingerprint are the same sale. The parsed values are compared, so {@code
   * "quantity": 1} and no quantity, or a date and the midnight instant, are the same content.
   */
  static long fingerprint(SaleEvent e) {
    String canonical =
        e.eventId()
            + "|"
            + e.saleId()
            + "|"
            + e.customerId()
            + "|"
            + e.storeId()
            + "|"
            + e.productId()
            + "|"
            + e.soldAt()
            + "|"
            + e.quantity()
            + "|"
            + e.promotion()
            + "|"
            + e.paidAt();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e2) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e2);
    }
  }
}
