package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.rules.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLineTests {

  private static final Instant LANDED = Instant.parse("2026-11-02T12:00:00Z");
  private static final String EVENT =
      "\"eventId\":\"00000000-0000-4000-8000-000000000001\",\"saleId\":5,\"customerId\":1,"
          + "\"storeId\":2,\"productId\":3";

  private static EventLine read(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return EventLine.read(bytes, bytes.length, false, LANDED);
  }

  @Test
  void theReceiptFieldsAreTakenOffAndReceivedAtOrdersTheLine() {
    // when
    EventLine line =
        read(
            "{"
                + EVENT
                + ",\"soldAt\":\"2026-11-01\",\"quantity\":3,\"receivedAt\":\"2026-11-02T10:00:00Z\","
                + "\"apiKeyId\":\"shop\",\"sqsMessageId\":\"m1\"}");

    // then
    assertThat(line.reason()).isNull();
    assertThat(line.event().quantity()).isEqualTo(3);
    assertThat(line.receivedAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
  }

  @Test
  void withoutReceivedAtTheObjectsLastModifiedJudgesTheFuture() {
    // when: two days after the landing, more than the day allowed
    EventLine line = read("{" + EVENT + ",\"soldAt\":\"2026-11-04T12:00:01Z\"}");

    // then
    assertThat(line.receivedAt()).isEqualTo(LANDED);
    assertThat(line.reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(line.field()).isEqualTo("soldAt");
    assertThat(line.warning()).isEqualTo("event.soldAt:invalid_value");
  }

  @Test
  void aLineThatIsNoJsonObjectIsMalformedAndABlankLineIsEmpty() {
    assertThat(read("{\"eventId\":").reason()).isEqualTo(RejectReason.MALFORMED_ROW);
    assertThat(read("[1,2]").reason()).isEqualTo(RejectReason.MALFORMED_ROW);
    assertThat(read("null").warning()).isEqualTo("event:malformed_row");
    assertThat(read("   ").empty()).isTrue();
  }

  @Test
  void theFingerprintComparesWhatWasSaidNotHowNorWhenItWasReceived() {
    // given
    EventLine plain = read("{" + EVENT + ",\"soldAt\":\"2026-11-01\"}");
    EventLine spelledOut =
        read(
            "{"
                + EVENT
                + ",\"soldAt\":\"2026-11-01T00:00:00Z\",\"quantity\":1,\"promotion\":false,"
                + "\"receivedAt\":\"2026-11-02T11:00:00Z\"}");
    EventLine other = read("{" + EVENT + ",\"soldAt\":\"2026-11-01\",\"quantity\":2}");

    // then
    assertThat(EventLine.fingerprint(spelledOut.event()))
        .isEqualTo(EventLine.fingerprint(plain.event()));
    assertThat(EventLine.fingerprint(other.event()))
        .isNotEqualTo(EventLine.fingerprint(plain.event()));
  }
}
