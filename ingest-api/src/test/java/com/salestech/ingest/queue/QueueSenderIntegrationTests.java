package com.salestech.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.awspring.cloud.sqs.operations.SqsOperations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the sender puts on a real ElasticMQ: the bodies of concurrent requests combined into few
 * messages, each message and each call under its limit, every body confirmed.
 */
class QueueSenderIntegrationTests {

  static final JsonMapper JSON = EventJson.mapper();

  @RegisterExtension static final LocalQueue queue = new LocalQueue();

  static QueueProperties properties(String name, boolean combine, int senders, Duration linger) {
    return LocalQueue.properties(name, 262_144, combine, senders, linger);
  }

  record Sent(QueueSender sender, SimpleMeterRegistry registry, Queues queues)
      implements AutoCloseable {
    double messages() {
      return registry.get("ingest.messages.enqueued").counter().count();
    }

    double calls() {
      return registry.get("ingest.queue.send.calls").counter().count();
    }

    @Override
    public void close() {
      sender.destroy();
    }
  }

  static Sent sender(QueueProperties properties) {
    Queues queues = new Queues(queue.client(), properties, true);
    SqsOperations template = QueueConfiguration.sendTemplate(queue.client());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    return new Sent(new QueueSender(template, queues, properties, registry), registry, queues);
  }

  /** One request's body: {@code events} events of about {@code noteBytes} each. */
  static Envelope.Body request(String key, Instant at, int firstSale, int events, int noteBytes) {
    List<byte[]> bytes = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      bytes.add(
          ("{\"saleId\":" + (firstSale + i) + ",\"note\":\"" + "x".repeat(noteBytes) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    return Envelope.pack(JSON, key, at, bytes, 250_000).get(0);
  }

  static boolean allConfirmed(List<CompletableFuture<Boolean>> sent) throws Exception {
    for (CompletableFuture<Boolean> f : sent) {
      if (!f.get(10, TimeUnit.SECONDS)) {
        return false;
      }
    }
    return true;
  }

  static List<Message> receiveAll(Queues queues, int expected) throws Exception {
    List<Message> all = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (all.size() < expected && System.nanoTime() < until) {
      all.addAll(
          queue
              .client()
              .receiveMessage(
                  r -> r.queueUrl(queues.url()).maxNumberOfMessages(10).waitTimeSeconds(1))
              .get()
              .messages());
    }
    return all;
  }

  /** The (apiKeyId, receivedAt, saleId) of every event in the received bodies, in order. */
  static List<String> events(List<Message> messages) {
    List<String> events = new ArrayList<>();
    for (Message m : messages) {
      JsonNode root = JSON.readTree(m.body());
      List<JsonNode> parts = new ArrayList<>();
      if (root.get("v").asInt() == Envelope.COMBINED_VERSION) {
        root.get("parts").forEach(parts::add);
      } else {
        parts.add(root);
      }
      for (JsonNode part : parts) {
        assertThat(part.get("v").asInt()).isEqualTo(Envelope.VERSION);
        for (JsonNode e : part.get("events")) {
          events.add(
              part.get("apiKeyId").asString()
                  + " "
                  + part.get("receivedAt").asString()
                  + " "
                  + e.get("saleId").asInt());
        }
      }
    }
    return events;
  }

  @Test
  void concurrentSingleEventRequestsTravelTogetherInFewMessages() throws Exception {
    try (Sent s = sender(properties("combined", true, 4, Duration.ofMillis(20)))) {
      Instant at = Instant.parse("2026-06-01T10:00:00Z");
      List<CompletableFuture<Boolean>> sent = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String key = "shop-" + (i % 3);
        Instant received = at.plusMillis(i);
        sent.add(s.sender().send(request(key, received, i, 1, 200)));
        expected.add(key + " " + received + " " + i);
      }

      assertThat(allConfirmed(sent)).isTrue();
      // 300 bodies of ~330 bytes: a message holds ~750 of them, so each sender's call is one
      // message; four senders, a few calls each.
      assertThat(s.messages()).isBetween(1.0, 20.0);
      List<Message> received = receiveAll(s.queues(), (int) s.messages());
      assertThat(received).hasSize((int) s.messages());
      assertThat(received)
          .allSatisfy(
              m ->
                  assertThat(m.body().getBytes(StandardCharsets.UTF_8).length)
                      .isLessThanOrEqualTo(250_000));
      assertThat(events(received)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(s.registry().get("ingest.events.enqueued").counter().count()).isEqualTo(300);
    }
  }

  @Test
  void withoutCombiningEveryRequestIsAMessageOfItsOwn() throws Exception {
    try (Sent s = sender(properties("one-per-request", false, 4, Duration.ofMillis(20)))) {
      Instant at = Instant.parse("2026-06-01T10:00:00Z");
      List<CompletableFuture<Boolean>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sent.add(s.sender().send(request("shop", at, i, 1, 50)));
      }

      assertThat(allConfirmed(sent)).isTrue();
      assertThat(s.messages()).isEqualTo(40);
      List<Message> received = receiveAll(s.queues(), 40);
      assertThat(received).allSatisfy(m -> assertThat(m.body()).startsWith("{\"v\":1,"));
      assertThat(events(received)).hasSize(40);
    }
  }

  @Test
  void neitherAMessageNorACallGoesOverItsLimit() throws Exception {
    try (Sent s = sender(properties("large", true, 1, Duration.ofMillis(200)))) {
      Instant at = Instant.parse("2026-06-01T10:00:00Z");
      // Three requests of ~100 KB: two fit one message (~200 KB), the third neither fits it nor
      // the same call (262,144 bytes in all), so it goes in a second call.
      List<CompletableFuture<Boolean>> sent = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sent.add(s.sender().send(request("shop", at, i * 100, 100, 1_000)));
      }

      assertThat(allConfirmed(sent)).isTrue();
      List<Message> received = receiveAll(s.queues(), (int) s.messages());
      assertThat(received)
          .allSatisfy(
              m ->
                  assertThat(m.body().getBytes(StandardCharsets.UTF_8).length)
                      .isLessThanOrEqualTo(250_000));
      assertThat(received).hasSize(2);
      assertThat(s.messages()).isEqualTo(2);
      assertThat(s.calls()).isEqualTo(2);
      assertThat(events(received)).hasSize(300);
    }
  }

  @Test
  void aCallLimitBelowOneFullMessageIsRefusedNamingTheProperty() {
    assertThatThrownBy(() -> LocalQueue.properties("q", 250_000, true, 4, Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("salestech.ingest.queue.max-batch-bytes");
  }
}
