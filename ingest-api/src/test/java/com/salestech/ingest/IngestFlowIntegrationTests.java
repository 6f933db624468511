package com.salestech.ingest;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.bronzeLines;
import static com.salestech.ingest.IngestTestSupport.bronzeObjects;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.get;
import static com.salestech.ingest.IngestTestSupport.json;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole local flow in one process: API, embedded queue, lander, embedded lake. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"salestech.ingest.lander.max-wait=300ms"})
class IngestFlowIntegrationTests {

  static final Path DATA = IngestTestSupport.newDataDir("ingest-flow");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @LocalServerPort int port;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;

  @Test
  void acceptedEventsLandInBronzeOnceWithWhatThePipelineAdds() {
    UUID single = UUID.randomUUID();
    HttpResponse<String> one = post(port, "/api/v1/sales", DEV_KEY, event(single, 41));
    assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
    assertThat(json(one.body())).containsEntry("status", "accepted");

    List<String> events = new ArrayList<>();
    IntStream.range(0, 250).forEach(i -> events.add(event(1000 + i)));
    HttpResponse<String> many = post(port, "/api/v1/sales/batch", DEV_KEY, batch(events));
    assertThat(many.statusCode()).as(many.body()).isEqualTo(202);
    assertThat(json(many.body())).containsEntry("accepted", 250);

    await(Duration.ofSeconds(20), () -> bronzeLines(storage, layout).size() == 251, "251 lines");
    List<Map<String, Object>> lines = bronzeLines(storage, layout);
    Map<String, Object> first =
        lines.stream()
            .filter(l -> single.toString().equals(l.get("eventId")))
            .findFirst()
            .orElseThrow();
    assertThat(first)
        .containsEntry("saleId", 41)
        .containsEntry("quantity", 2)
        .containsEntry("promotion", true)
        .containsEntry("soldAt", "2026-05-31T14:03:00Z")
        .containsEntry("paidAt", "2026-06-01")
        .containsEntry("apiKeyId", "local-dev")
        .containsKeys("receivedAt", "sqsMessageId");
    // The batch travelled in one message: every one of its lines names the same message.
    assertThat(
            lines.stream()
                .filter(l -> ((Integer) l.get("saleId")) >= 1000)
                .map(l -> l.get("sqsMessageId"))
                .collect(Collectors.toSet()))
        .hasSize(1);
    // In order inside the message.
    assertThat(lines.stream().map(l -> (Integer) l.get("saleId")).filter(id -> id >= 1000).toList())
        .isEqualTo(IntStream.range(1000, 1250).boxed().toList());
    for (LakeObject object : bronzeObjects(storage, layout)) {
      assertThat(object.key())
          .matches(
              ".*events/ingest_date=\\d{4}-\\d{2}-\\d{2}/\\d{8}T\\d{9}-[0-9a-f]{16}\\.ndjson\\.gz");
    }
  }

  @Test
  void servesHealthReadinessMetricsAndOpenApi() {
    HttpResponse<String> readiness = get(port, "/actuator/health/readiness");
    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"queue\"");
    HttpResponse<String> prometheus = get(port, "/actuator/prometheus");
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body())
        .contains("ingest_queue_messages", "ingest_lander_oldest_message_age");
    HttpResponse<String> docs = get(port, "/v3/api-docs");
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
    assertThat(docs.body()).contains("/api/v1/sales/batch");
    assertThat(get(port, "/swagger-ui/index.html").statusCode()).isEqualTo(200);
  }
}
