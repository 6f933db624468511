package com.salestech.ingest.queue;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.bronzeLines;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.get;
import static com.salestech.ingest.IngestTestSupport.json;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.ingest.IngestTestSupport;
import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue goes down (the embedded server stopped) and comes back. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "salestech.ingest.queue.send-attempts=3",
      "salestech.ingest.queue.send-backoff=20ms",
      "salestech.ingest.queue.send-timeout=1s",
      "salestech.ingest.queue.depth-refresh=200ms",
      "salestech.ingest.lander.max-wait=300ms"
    })
class QueueOutageIntegrationTests {

  static final Path DATA = IngestTestSupport.newDataDir("ingest-outage");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @LocalServerPort int port;
  @Autowired EmbeddedSqs sqs;
  @Autowired Queues queues;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;

  @Test
  @SuppressWarnings("unchecked")
  void whileTheQueueIsDownNothingIsAcceptedAndIntakeResumesWhenItIsBack() {
    Set<String> accepted = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      UUID id = UUID.randomUUID();
      assertThat(post(port, "/api/v1/sales", DEV_KEY, event(id, 100 + i)).statusCode())
          .isEqualTo(202);
      accepted.add(id.toString());
    }
    await(Duration.ofSeconds(30), () -> eventIds().equals(accepted), "the first events landed");

    sqs.stop();
    try {
      HttpResponse<String> one = post(port, "/api/v1/sales", DEV_KEY, event(200));
      assertThat(one.statusCode()).as(one.body()).isEqualTo(503);
      assertThat(one.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(json(one.body())).containsEntry("title", "Queue unavailable");

      List<String> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        events.add(event(300 + i));
      }
      HttpResponse<String> many = post(port, "/api/v1/sales/batch", DEV_KEY, batch(events));
      assertThat(many.statusCode()).as(many.body()).isEqualTo(503);
      assertThat((List<Map<String, Object>>) json(many.body()).get("results"))
          .hasSize(20)
          .allSatisfy(r -> assertThat(r).containsEntry("status", "unavailable"));

      await(
          Duration.ofSeconds(10),
          () -> get(port, "/actuator/health/readiness").statusCode() == 503,
          "readiness down");
    } finally {
      sqs.start();
      queues.resolve();
    }

    await(
        Duration.ofSeconds(10),
        () -> get(port, "/actuator/health/readiness").statusCode() == 200,
        "readiness up");
    UUID back = UUID.randomUUID();
    assertThat(post(port, "/api/v1/sales", DEV_KEY, event(back, 400)).statusCode()).isEqualTo(202);
    accepted.add(back.toString());
    List<String> again = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      UUID id = UUID.randomUUID();
      again.add(event(id, 500 + i));
      accepted.add(id.toString());
    }
    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, batch(again)).statusCode())
        .isEqualTo(202);

    // Bronze holds exactly what was answered 202, each once.
    await(Duration.ofSeconds(30), () -> eventIds().equals(accepted), "every accepted event landed");
    assertThat(bronzeLines(storage, layout)).hasSize(accepted.size());
  }

  Set<String> eventIds() {
    return bronzeLines(storage, layout).stream()
        .map(l -> (String) l.get("eventId"))
        .collect(Collectors.toSet());
  }
}
