package com.salestech.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeTests {

  static final JsonMapper JSON = EventJson.mapper();
  static final Instant AT = Instant.parse("2026-05-31T14:03:00.123Z");

  static byte[] event(int i, String note) {
    return ("{\"saleId\":" + i + ",\"note\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void packsEventsIntoAsFewBodiesAsFitCountingUtf8Bytes() {
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(event(i, "ü".repeat(500))); // 1,000 bytes of note in 500 characters
    }

    List<Envelope.Body> bodies = Envelope.pack(JSON, "shop-1", AT, events, 10_000);

    assertThat(bodies).hasSizeGreaterThan(10);
    assertThat(bodies)
        .allSatisfy(
            b ->
                assertThat(b.text().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(10_000));
    assertThat(bodies.stream().mapToInt(Envelope.Body::events).sum()).isEqualTo(100);
    // Each body is one envelope, events in order.
    List<Integer> sales = new ArrayList<>();
    for (Envelope.Body body : bodies) {
      @SuppressWarnings("unchecked")
      Map<String, Object> envelope = JSON.readValue(body.text(), Map.class);
      assertThat(envelope)
          .containsEntry("v", 1)
          .containsEntry("apiKeyId", "shop-1")
          .containsEntry("receivedAt", "2026-05-31T14:03:00.123Z");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> packed = (List<Map<String, Object>>) envelope.get("events");
      assertThat(packed).hasSize(body.events());
      packed.forEach(e -> sales.add(((Number) e.get("saleId")).intValue()));
    }
    assertThat(sales).isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
  }

  @Test
  void smallEventsShareOneBody() {
    List<byte[]> events = List.of(event(1, "a"), event(2, "b"), event(3, "c"));

    assertThat(Envelope.pack(JSON, "k", AT, events, 250_000))
        .singleElement()
        .extracting(Envelope.Body::events)
        .isEqualTo(3);
  }

  @Test
  void anEventFitsOnlyWithTheEnvelopeAroundIt() {
    byte[] event = event(1, "x".repeat(900));
    assertThat(Envelope.fits(JSON, "k", AT, event, event.length + 100)).isTrue();
    assertThat(Envelope.fits(JSON, "k", AT, event, event.length + 10)).isFalse();
  }

  @Test
  void bodiesOfSeveralRequestsCombineIntoOneVersion2BodyOfTheLengthPromised() {
    Envelope.Body a = Envelope.pack(JSON, "shop-ü", AT, List.of(event(1, "ä")), 250_000).get(0);
    Envelope.Body b =
        Envelope.pack(
                JSON, "shop-2", AT.plusSeconds(1), List.of(event(2, "b"), event(3, "c")), 250_000)
            .get(0);
    assertThat(a.bytes()).isEqualTo(a.text().getBytes(StandardCharsets.UTF_8).length);

    Envelope.Body both = Envelope.combine(List.of(a, b));

    assertThat(both.events()).isEqualTo(3);
    assertThat(both.bytes())
        .isEqualTo(both.text().getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(Envelope.combinedBytes(2, a.bytes() + b.bytes()));
    assertThat(both.text()).isEqualTo("{\"v\":2,\"parts\":[" + a.text() + "," + b.text() + "]}");
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = JSON.readValue(both.text(), Map.class);
    assertThat(parsed).containsEntry("v", 2);
    assertThat(Envelope.combine(List.of(a))).isSameAs(a);
  }
}
