package com.salestech.ingest.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The intake's benchmark (docs/benchmarks.md). This process is the load generator; it starts the
 * service (API + embedded ElasticMQ + lander + embedded S3) as a second process on loopback, then:
 *
 * <ol>
 *   <li>the one-event-per-message ceiling: {@code SendMessageBatch} of 10 single-event messages
 *       straight to the service's ElasticMQ (a queue of its own, so the lander does not drain it);
 *   <li>single events, open loop at a fixed rate;
 *   <li>100-event batches, open loop at a fixed rate;
 *   <li>the lander's drain: events landed per second from the first batch until the backlog is
 *       gone.
 * </ol>
 *
 * Latency is measured from each request's intended send time (HdrHistogram), so a stall shows in
 * the tail instead of slowing the generator down.
 *
 * <p>Arguments: output directory, seconds per phase, single-event rate (0: 80% of the measured
 * ceiling), batch rate in requests/s, server heap.
 */
public final class IngestBenchmark {

  static final String KEY = "st-local-dev-key-change-me";
  static final int MAX_IN_FLIGHT = 4000;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/benchmark");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double singleRate = args.length > 2 ? Double.parseDouble(args[2]) : 0;
    double batchRate = args.length > 3 ? Double.parseDouble(args[3]) : 220;
    String heap = args.length > 4 ? args[4] : "1g";
    Files.createDirectories(dir);
    int http = freePort();
    int sqsPort = freePort();
    Process server = startServer(dir, http, sqsPort, heap);
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      awaitReady(client, http, server);
      StringBuilder report = new StringBuilder();
      report.append(
          "| phase | offered | accepted/s | events/s | p50 ms | p99 ms | p99.9 ms | max ms | non-2xx |\n");
      report.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");

      double ceiling = rawSendMessageBatchRate(sqsPort, seconds);
      report.append(
          String.format(
              Locale.ROOT,
              "| raw SendMessageBatch ×10, 1 event/message | closed loop, 8 threads | %.0f msg/s | %.0f | | | | | |%n",
              ceiling,
              ceiling));

      // Warm-up, not reported.
      openLoop(client, http, "/api/v1/sales", 1, 500, 5, "warm-up");
      openLoop(client, http, "/api/v1/sales/batch", 100, 50, 5, "warm-up");

      // Single events: from 80% of the ceiling down, until a rate is sustained (under 1% refused
      // or failed, p99 under 1 s); every step tried is reported.
      double single = singleRate > 0 ? singleRate : Math.floor(ceiling * 0.8 / 50) * 50;
      Result singles = null;
      for (int step = 0; step < 4 && single >= 50; step++) {
        singles = openLoop(client, http, "/api/v1/sales", 1, single, seconds, "single events");
        report.append(singles.row());
        drain(client, http, Duration.ofSeconds(120));
        if (singles.sustained() || singleRate > 0) {
          break;
        }
        single = Math.floor(single * 0.75 / 50) * 50;
      }
      double landedBefore = metric(client, http, "ingest_lander_events_landed_total");
      long start = System.nanoTime();
      Result batches =
          openLoop(
              client, http, "/api/v1/sales/batch", 100, batchRate, seconds, "100-event batches");
      report.append(batches.row());
      drain(client, http, Duration.ofSeconds(120));
      double drainSeconds = (System.nanoTime() - start) / 1e9;
      double landed = metric(client, http, "ingest_lander_events_landed_total") - landedBefore;
      double accepted = metric(client, http, "ingest_events_accepted_total");
      double enqueued = metric(client, http, "ingest_events_enqueued_total");
      double landedTotal = metric(client, http, "ingest_lander_events_landed_total");

      report.append("\n");
      report.append(
          String.format(
              Locale.ROOT,
              "Lander: %.0f events landed in %.1f s from the start of the batch phase until the"
                  + " queue was empty: %.0f events/s sustained (API accepted %.0f events/s).%n",
              landed,
              drainSeconds,
              landed / drainSeconds,
              batches.acceptedEventsPerSecond()));
      report.append(
          String.format(
              Locale.ROOT,
              "Reconciliation at the end: enqueued %.0f, landed %.0f (queue empty); accepted %.0f"
                  + " (the rest answered unavailable after a timeout, though their message"
                  + " arrived).%n",
              enqueued,
              landedTotal,
              accepted));
      report.append(
          String.format(
              Locale.ROOT,
              "Single events reached %.0f%% of the one-event-per-message ceiling.%n",
              100 * singles.acceptedEventsPerSecond() / ceiling));
      String text = report.toString();
      System.out.println();
      System.out.println(text);
      Files.writeString(dir.resolve("results.md"), text);
    } finally {
      server.destroy(); // SIGTERM: the lander flushes and the service stops gracefully
      server.waitFor();
    }
  }

  record Result(
      String name,
      double offered,
      int eventsPerRequest,
      double seconds,
      long ok,
      long failed,
      Histogram latency) {

    boolean sustained() {
      return failed <= 0.01 * (ok + failed) && latency.getValueAtPercentile(99) <= 1_000_000;
    }

    double acceptedEventsPerSecond() {
      return ok * eventsPerRequest / seconds;
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %.0f req/s | %.0f req/s | %.0f | %.1f | %.1f | %.1f | %.1f | %d |%n",
          name,
          offered,
          ok / seconds,
          acceptedEventsPerSecond(),
          latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(99) / 1e3,
          latency.getValueAtPercentile(99.9) / 1e3,
          latency.getMaxValue() / 1e3,
          failed);
    }
  }

  /** Sends at a fixed rate whatever the answers do; latency counts from the intended send time. */
  static Result openLoop(
      HttpClient client,
      int port,
      String path,
      int eventsPerRequest,
      double rate,
      int seconds,
      String name)
      throws InterruptedException {
    ConcurrentHistogram latency =
        new ConcurrentHistogram(Duration.ofMinutes(5).toNanos() / 1000, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    java.util.concurrent.ConcurrentHashMap<String, AtomicLong> outcomes =
        new java.util.concurrent.ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    long total = (long) (rate * seconds);
    double periodNanos = 1e9 / rate;
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long start = System.nanoTime();
    long sale = System.nanoTime() % 1_000_000_000L;
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * periodNanos);
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String body = eventsPerRequest == 1 ? event(sale++) : batch(eventsPerRequest, sale);
      sale += eventsPerRequest;
      if (!inFlight.tryAcquire()) {
        failed.incrementAndGet(); // the service is this far behind: counted, not queued here
        continue;
      }
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("X-API-Key", KEY)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      CompletableFuture<?> f =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, error) -> {
                    inFlight.release();
                    latency.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                    String outcome =
                        error == null
                            ? Integer.toString(response.statusCode())
                            : error.getClass().getSimpleName();
                    outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
                    if (error == null && response.statusCode() == 202) {
                      ok.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                  });
      if (pending.size() < 100_000) {
        pending.add(f);
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    inFlight.acquire(MAX_IN_FLIGHT);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %d sent in %.1f s, %d accepted, %d failed %s%n",
        name,
        total,
        elapsed,
        ok.get(),
        failed.get(),
        outcomes);
    return new Result(
        name, rate, eventsPerRequest, Math.max(elapsed, seconds), ok.get(), failed.get(), latency);
  }

  /** {@code SendMessageBatch} of 10 one-event envelopes, 8 threads, closed loop: messages/s. */
  static double rawSendMessageBatchRate(int sqsPort, int seconds) throws Exception {
    try (SqsAsyncClient sqs =
        SqsAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build()) {
      String url = sqs.createQueue(r -> r.queueName("benchmark-raw")).get().queueUrl();
      String receivedAt = Instant.now().toString();
      AtomicLong sent = new AtomicLong();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        long base = t * 100_000_000L;
        Thread thread =
            new Thread(
                () -> {
                  long sale = base;
                  while (System.nanoTime() < end) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
                    for (int i = 0; i < 10; i++) {
                      entries.add(
                          SendMessageBatchRequestEntry.builder()
                              .id(Integer.toString(i))
                              .messageBody(
                                  "{\"v\":1,\"apiKeyId\":\"local-dev\",\"receivedAt\":\""
                                      + receivedAt
                                      + "\",\"events\":["
                                      + event(++sale)
                                      + "]}")
                              .build());
                    }
                    var response =
                        sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).join();
                    sent.addAndGet(response.successful().size());
                  }
                });
        thread.start();
        threads.add(thread);
      }
      long start = System.nanoTime();
      for (Thread thread : threads) {
        thread.join();
      }
      double rate = sent.get() / ((System.nanoTime() - start) / 1e9);
      System.out.printf(
          Locale.ROOT, "raw SendMessageBatch: %d messages, %.0f/s%n", sent.get(), rate);
      sqs.purgeQueue(r -> r.queueUrl(url)).get();
      return rate;
    }
  }

  static String event(long sale) {
    return "{\"eventId\":\""
        + UUID.randomUUID()
        + "\",\"saleId\":"
        + (sale + 1)
        + ",\"customerId\":"
        + (sale % 1000 + 1)
        + ",\"storeId\":"
        + (sale % 10 + 1)
        + ",\"productId\":"
        + (sale % 50 + 1)
        + ",\"soldAt\":\"2026-11-30T10:15:00Z\",\"quantity\":1,\"promotion\":false}";
  }

  static String batch(int n, long sale) {
    StringBuilder body = new StringBuilder(n * 220).append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(event(sale + i));
    }
    return body.append(']').toString();
  }

  /** Waits until the lander has landed every event the queue confirmed. */
  static void drain(HttpClient client, int port, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      double accepted = metric(client, port, "ingest_events_enqueued_total");
      double landed = metric(client, port, "ingest_lander_events_landed_total");
      if (landed >= accepted) {
        return;
      }
      Thread.sleep(100);
    }
    System.out.println("the lander did not drain within " + timeout);
  }

  static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)\\{[^}]*\\} ([0-9.eE+-]+)$");

  static double metric(HttpClient client, int port, String name) throws Exception {
    String body =
        client
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    Matcher m = SAMPLE.matcher(body);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  static Process startServer(Path dir, int http, int sqsPort, String heap) throws IOException {
    Path data = dir.resolve("data-" + System.currentTimeMillis());
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap,
            "-cp",
            System.getProperty("java.class.path"),
            "com.salestech.ingest.IngestApiApplication",
            "--server.port=" + http,
            "--salestech.data-dir=" + data,
            "--salestech.ingest.queue.embedded.port=" + sqsPort,
            "--salestech.ingest.auth.rate-limit.events-per-second=10000000",
            "--salestech.ingest.auth.rate-limit.burst=10000000",
            "--server.tomcat.threads.max=400",
            "--logging.level.root=WARN");
    System.out.println(
        "starting the service: port " + http + ", ElasticMQ " + sqsPort + ", data " + data);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile())
        .start();
  }

  static void awaitReady(HttpClient client, int port, Process server) throws Exception {
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < end) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the service exited; see server.log");
      }
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the service was not ready within 3 minutes");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private IngestBenchmark() {}
}
