package com.salestech.ingest.lander;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.ingest.queue.Envelope;
import com.salestech.ingest.queue.EventJson;
import com.salestech.model.lake.LakeLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class BronzeObjectTests {

  static final LakeLayout LAYOUT =
      LakeLayout.of(LakeLayout.DEFAULT_BRONZE, LakeLayout.DEFAULT_SILVER, LakeLayout.DEFAULT_GOLD);

  static Held held(String id, List<Held.Part> parts) {
    return new Held(id, Instant.now(), parts, null, null, null, 0, new CompletableFuture<>());
  }

  /** One request's body of one event. */
  static Envelope.Body body(String apiKeyId, Instant receivedAt, String event) {
    return Envelope.pack(
            EventJson.mapper(),
            apiKeyId,
            receivedAt,
            List.of(event.getBytes(StandardCharsets.UTF_8)),
            250_000)
        .get(0);
  }

  static Held held(String id, String receivedAt, String... events) {
    List<ObjectNode> nodes =
        java.util.Arrays.stream(events)
            .map(e -> (ObjectNode) EventJson.mapper().readTree(e))
            .toList();
    return held(id, List.of(new Held.Part("shop-1", Instant.parse(receivedAt), nodes)));
  }

  @Test
  void theKeyComesFromTheEarliestReceiptAndTheMessageIdsAlone() {
    Held a = held("m-a", "2026-06-01T00:00:01.500Z", "{\"saleId\":1}");
    Held b = held("m-b", "2026-05-31T23:59:59.250Z", "{\"saleId\":2}");

    BronzeObject one = BronzeObject.of(List.of(a, b), LAYOUT, EventJson.mapper());
    BronzeObject again = BronzeObject.of(List.of(b, a), LAYOUT, EventJson.mapper());

    assertThat(one.key())
        .startsWith(LAYOUT.bronzeEventsPrefix(java.time.LocalDate.of(2026, 5, 31)))
        .matches(".*/20260531T235959250-[0-9a-f]{16}\\.ndjson\\.gz");
    assertThat(again.key()).isEqualTo(one.key());
    assertThat(BronzeObject.of(List.of(a), LAYOUT, EventJson.mapper()).key())
        .isNotEqualTo(one.key());
  }

  @Test
  void eachLineIsTheEventAsSentPlusWhatThePipelineAdds() throws IOException {
    Held a = held("m-a", "2026-06-01T10:00:00Z", "{\"saleId\":1,\"price\":9.90}", "{\"saleId\":2}");

    BronzeObject object = BronzeObject.of(List.of(a), LAYOUT, EventJson.mapper());

    String text = lines(object);
    assertThat(text)
        .isEqualTo(
            "{\"saleId\":1,\"price\":9.90,\"receivedAt\":\"2026-06-01T10:00:00Z\",\"apiKeyId\":\"shop-1\",\"sqsMessageId\":\"m-a\"}\n"
                + "{\"saleId\":2,\"receivedAt\":\"2026-06-01T10:00:00Z\",\"apiKeyId\":\"shop-1\",\"sqsMessageId\":\"m-a\"}\n");
    assertThat(object.events()).isEqualTo(2);
  }

  @Test
  void aCombinedMessageLandsEachRequestsEventsWithItsOwnKeyAndReceiptUnderTheOneMessageId()
      throws IOException {
    Instant first = Instant.parse("2026-06-01T10:00:00.200Z");
    Instant second = Instant.parse("2026-06-01T10:00:00.100Z");
    Envelope.Body a = body("shop-a", first, "{\"saleId\":1}");
    Envelope.Body b = body("shop-b", second, "{\"saleId\":2}");
    List<Held.Part> parts =
        Lander.parts(EventJson.mapper().readTree(Envelope.combine(List.of(a, b)).text()));
    Held held = held("m-1", parts);
    assertThat(held.events()).isEqualTo(2);

    BronzeObject object = BronzeObject.of(List.of(held), LAYOUT, EventJson.mapper());

    String text = lines(object);
    assertThat(text)
        .isEqualTo(
            "{\"saleId\":1,\"receivedAt\":\"2026-06-01T10:00:00.200Z\",\"apiKeyId\":\"shop-a\",\"sqsMessageId\":\"m-1\"}\n"
                + "{\"saleId\":2,\"receivedAt\":\"2026-06-01T10:00:00.100Z\",\"apiKeyId\":\"shop-b\",\"sqsMessageId\":\"m-1\"}\n");
    assertThat(object.key()).contains("/20260601T100000100-");
  }

  @Test
  void aBodyOfAnotherVersionOrAPartOfAnotherVersionIsUnreadable() {
    var json = EventJson.mapper();
    assertThatThrownBy(
            () ->
                Lander.parts(
                    json.readTree(
                        "{\"v\":3,\"apiKeyId\":\"k\",\"receivedAt\":\"2026-06-01T10:00:00Z\",\"events\":[]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Lander.parts(
                    json.readTree(
                        "{\"v\":2,\"parts\":[{\"v\":2,\"apiKeyId\":\"k\",\"receivedAt\":\"2026-06-01T10:00:00Z\",\"events\":[]}]}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lander.parts(json.readTree("{\"v\":2,\"parts\":[]}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static String lines(BronzeObject object) throws IOException {
    try (var in = new GZIPInputStream(new ByteArrayInputStream(object.content()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
