package com.salestech.ingest.lander;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.bronzeLines;
import static com.salestech.ingest.IngestTestSupport.bronzeObjects;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.ingest.IngestTestSupport;
import com.salestech.ingest.queue.Queues;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.model.lake.LakeLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The lander when things break: the store down, the lander dying between store and delete, a
 * message nobody can read. The lake is an S3 server of this test's own, so it can be stopped and
 * started again on the same port and directory.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "salestech.lake.embedded.enabled=false",
      "salestech.ingest.queue.visibility-timeout=2s",
      "salestech.ingest.queue.depth-refresh=200ms",
      "salestech.ingest.lander.max-wait=300ms",
      "salestech.ingest.lander.store-backoff=100ms",
      "salestech.ingest.lander.store-backoff-max=400ms",
      "salestech.ingest.lander.unparsable-retry=0s",
      "spring.cloud.aws.credentials.access-key=test-key",
      "spring.cloud.aws.credentials.secret-key=test-secret"
    })
class LanderFailureIntegrationTests {

  static final Path DATA = IngestTestSupport.newDataDir("ingest-lander");
  static final int S3_PORT = freePort();
  static EmbeddedS3Server s3 = startS3();

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EmbeddedS3Server startS3() {
    return EmbeddedS3Server.start(
        DATA.resolve("lake"),
        "127.0.0.1",
        S3_PORT,
        "test-key",
        "test-secret",
        List.of("sales-tech-brz", "sales-tech-slv", "sales-tech-gld"));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("spring.cloud.aws.s3.endpoint", () -> "http://127.0.0.1:" + S3_PORT);
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  /** Stands for a lander killed right after its store: the delete never happens. */
  static class CrashingDeleter implements MessageDeleter {
    final MessageDeleter real = new AcknowledgingDeleter();
    final AtomicInteger crashes = new AtomicInteger();

    @Override
    public CompletableFuture<Void> delete(List<Held> messages) {
      if (crashes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return CompletableFuture.completedFuture(null);
      }
      return real.delete(messages);
    }
  }

  @TestConfiguration
  static class Crash {
    @Bean
    @Primary
    CrashingDeleter crashingDeleter() {
      return new CrashingDeleter();
    }
  }

  @LocalServerPort int port;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;
  @Autowired MeterRegistry meters;
  @Autowired Queues queues;
  @Autowired SqsAsyncClient sqs;
  @Autowired CrashingDeleter deleter;

  @Test
  void whileTheStoreIsDownNothingIsDeletedAndNothingIsLostOnceItIsBack() {
    double failuresBefore = counter("ingest.lander.store.failures");
    s3.close();
    Set<String> ids = new HashSet<>();
    try {
      assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, batch(events(50, ids))).statusCode())
          .isEqualTo(202);
      await(
          Duration.ofSeconds(30),
          () -> counter("ingest.lander.store.failures") - failuresBefore >= 3,
          "three failed stores");
      // The message is still on the queue, hidden while the lander retries: well past the 2 s
      // visibility timeout, so it is being extended.
      assertThat(messagesOnQueue()).isEqualTo(1);
    } finally {
      s3 = startS3();
    }
    await(Duration.ofSeconds(30), () -> landedOnce(ids), "the 50 events landed");
    await(Duration.ofSeconds(10), () -> messagesOnQueue() == 0, "the message deleted");
  }

  @Test
  void aLanderKilledBetweenStoreAndDeleteLandsTheRedeliveryUnderTheSameKeyOnce() {
    double alreadyBefore = counter("ingest.lander.objects.already.landed");
    deleter.crashes.set(1);
    Set<String> ids = new HashSet<>();

    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, batch(events(20, ids))).statusCode())
        .isEqualTo(202);

    // Redelivered after the 2 s visibility timeout; the same messages give the same key.
    await(
        Duration.ofSeconds(30),
        () -> counter("ingest.lander.objects.already.landed") - alreadyBefore == 1,
        "the redelivery found its object");
    assertThat(landedOnce(ids)).isTrue();
    assertThat(
            bronzeObjects(storage, layout).stream()
                .filter(
                    o -> linesOf(o.key()).stream().anyMatch(l -> ids.contains(l.get("eventId"))))
                .count())
        .isEqualTo(1);
    await(Duration.ofSeconds(10), () -> messagesOnQueue() == 0, "the redelivery deleted");
  }

  @Test
  void anUnreadableMessageEndsInTheDeadLetterQueueAfterFiveReceivesCounted() throws Exception {
    double unparsableBefore = counter("ingest.lander.messages.unparsable");
    double deadBefore = counter("ingest.lander.messages.dead.lettered");

    sqs.sendMessage(r -> r.queueUrl(queues.url()).messageBody("{\"v\":99,\"garbage\":true}")).get();

    await(Duration.ofSeconds(60), () -> deadLettered() == 1, "the message in the DLQ");
    assertThat(counter("ingest.lander.messages.unparsable") - unparsableBefore).isEqualTo(5);
    assertThat(counter("ingest.lander.messages.dead.lettered") - deadBefore).isEqualTo(1);
  }

  @Test
  void acceptedEqualsLandedPlusQueuedPlusDeadLettered() {
    Set<String> ids = new HashSet<>();
    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, batch(events(30, ids))).statusCode())
        .isEqualTo(202);
    for (int i = 0; i < 5; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      assertThat(post(port, "/api/v1/sales", DEV_KEY, event(id, 900 + i)).statusCode())
          .isEqualTo(202);
    }
    assertThat(post(port, "/api/v1/sales", DEV_KEY, "{\"saleId\":0}").statusCode()).isEqualTo(400);

    await(Duration.ofSeconds(30), () -> landedOnce(ids) && messagesOnQueue() == 0, "drained");
    // Quiet: nothing in the queue, and the dead-letter queue holds no accepted event (only the
    // unreadable message another test may have sent, which carries none).
    await(
        Duration.ofSeconds(10),
        () -> counter("ingest.events.accepted") == counter("ingest.lander.events.landed") + 0 + 0,
        "accepted = landed + queued + dead-lettered");
    assertThat(counter("ingest.events.accepted")).isEqualTo(bronzeLines(storage, layout).size());
  }

  List<String> events(int n, Set<String> ids) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id.toString());
      events.add(event(id, 5000 + i));
    }
    return events;
  }

  boolean landedOnce(Set<String> ids) {
    List<Object> seen =
        bronzeLines(storage, layout).stream()
            .map(l -> l.get("eventId"))
            .filter(ids::contains)
            .toList();
    return seen.size() == ids.size() && new HashSet<>(seen).equals(ids);
  }

  List<Map<String, Object>> linesOf(String key) {
    return IngestTestSupport.linesOf(storage, layout.bronze().bucket(), key);
  }

  long messagesOnQueue() {
    Map<QueueAttributeName, String> a =
        queues
            .attributes(
                queues.url(),
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
            .attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  long deadLettered() {
    return Long.parseLong(
        queues
            .attributes(queues.deadLetterUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  double counter(String name) {
    var counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
