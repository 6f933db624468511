package com.salestech.ingest.lander;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.ingest.IngestApiApplication;
import com.salestech.ingest.IngestTestSupport;
import com.salestech.ingest.queue.Queues;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The lander as a process: a graceful stop (what SIGTERM does) lands what it holds before the
 * process ends, and a lander-only process drains the queue without serving the API.
 */
class LanderProcessIntegrationTests {

  @Test
  void stoppingLandsTheHeldEventsFirst() throws IOException {
    Path data = IngestTestSupport.newDataDir("ingest-shutdown");
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(IngestApiApplication.class)
            .run(
                "--server.port=0",
                "--salestech.data-dir=" + data,
                // Far longer than the test: only the stop can make it flush.
                "--salestech.ingest.lander.max-wait=10m");
    int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
    MeterRegistry meters = context.getBean(MeterRegistry.class);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(event(700 + i));
    }

    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, batch(events)).statusCode())
        .isEqualTo(202);
    await(
        Duration.ofSeconds(20),
        () -> meters.get("ingest.lander.events.held").gauge().value() == 30,
        "the lander holding the 30 events");
    assertThat(lines(data)).isEmpty();

    context.close();

    assertThat(lines(data)).hasSize(30);
  }

  @Test
  void aLanderOnlyProcessDrainsTheQueueWithoutServingTheApi() throws Exception {
    Path data = IngestTestSupport.newDataDir("ingest-lander-only");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(IngestApiApplication.class)
            .run(
                "--server.port=0",
                "--salestech.data-dir=" + data,
                "--salestech.ingest.api.enabled=false",
                "--salestech.ingest.lander.max-wait=200ms")) {
      int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
      Queues queues = context.getBean(Queues.class);
      String body =
          "{\"v\":1,\"apiKeyId\":\"shop-1\",\"receivedAt\":\"2026-06-01T10:00:00Z\",\"events\":["
              + event(801)
              + ","
              + event(802)
              + "]}";
      context
          .getBean(SqsAsyncClient.class)
          .sendMessage(r -> r.queueUrl(queues.url()).messageBody(body))
          .get();

      await(Duration.ofSeconds(20), () -> lines(data).size() == 2, "2 lines");
      assertThat(post(port, "/api/v1/sales", DEV_KEY, event(803)).statusCode()).isEqualTo(404);
      try (Stream<Path> files = Files.walk(data.resolve("lake/sales-tech-brz/events"))) {
        assertThat(files.filter(f -> f.toString().endsWith(".ndjson.gz")).toList())
            .singleElement()
            .satisfies(
                f ->
                    assertThat(f.toString())
                        .contains("ingest_date=2026-06-01/20260601T100000000-"));
      }
    }
  }

  static List<String> lines(Path data) {
    Path events = data.resolve("lake/sales-tech-brz/events");
    if (!Files.exists(events)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(events)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".ndjson.gz")).toList()) {
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
          reader.lines().forEach(lines::add);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }
}
