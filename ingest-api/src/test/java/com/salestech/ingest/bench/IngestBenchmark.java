package com.salestech.ingest.bench;

import com.salestech.bench.OpenLoopClient;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  static final int MAX_WAITING = 4000;
  static final int MAX_CONNECTIONS = 512;

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

      // Warm-up, not reported: a running service has compiled its paths.
      openLoop(http, "/api/v1/sales", 1, 1_000, 10, "warm-up");
      openLoop(http, "/api/v1/sales/batch", 100, 100, 10, "warm-up");
      drain(client, http, Duration.ofSeconds(120));

      // Single events: from 80% of the ceiling down, until a rate is sustained (under 1% refused
      // or failed, p99 under 1 s); every step tried is reported.
      double single = singleRate > 0 ? singleRate : Math.floor(ceiling * 0.8 / 50) * 50;
      Result singles = null;
      for (int step = 0; step < 4 && single >= 50; step++) {
        singles = openLoop(http, "/api/v1/sales", 1, single, seconds, "single events");
        report.append(singles.row());
        drain(client, http, Duration.ofSeconds(120));
        if (singles.sustained() || singleRate > 0) {
          break;
        }
        single = Math.floor(single * 0.75 / 50) * 50;
      }
      double landedBefore = metric(client, http, "ingest_lander_events_landed_total");
      long start = System.nanoTime();
      Backlog backlog = Backlog.watch(client, http);
      Result batches =
          openLoop(http, "/api/v1/sales/batch", 100, batchRate, seconds, "100-event batches");
      long phaseEnd = System.nanoTime();
      report.append(batches.row());
      drain(client, http, Duration.ofSeconds(120));
      backlog.stop();
      double drainSeconds = (System.nanoTime() - start) / 1e9;
      double tailSeconds = (System.nanoTime() - phaseEnd) / 1e9;
      double landed = metric(client, http, "ingest_lander_events_landed_total") - landedBefore;
      double accepted = metric(client, http, "ingest_events_accepted_total");
      double enqueued = metric(client, http, "ingest_events_enqueued_total");
      double landedTotal = metric(client, http, "ingest_lander_events_landed_total");

      report.append("\n");
      report.append(
          String.format(
              Locale.ROOT,
              "Lander: %.0f events landed in %.1f s from the start of the batch phase until the"
                  + " queue was empty, %.0f events/s including the last flush's wait (API accepted"
                  + " %.0f events/s).%n",
              landed,
              drainSeconds,
              landed / drainSeconds,
              batches.acceptedEventsPerSecond()));
      report.append(
          String.format(
              Locale.ROOT,
              "While the batch phase ran the lander landed %.0f events/s; events accepted and not"
                  + " yet landed were %.0f at most (a flush is %s events or 5 s); the last ones"
                  + " landed %.1f s after the phase ended.%n",
              backlog.landedPerSecond(phaseEnd),
              backlog.max(),
              "1,000",
              tailSeconds));
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

  /** Samples enqueued and landed events twice a second from another thread. */
  static final class Backlog {
    private final Thread thread;
    private final List<double[]> samples =
        java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private Backlog(HttpClient client, int port) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    double enqueued = metric(client, port, "ingest_events_enqueued_total");
                    double landed = metric(client, port, "ingest_lander_events_landed_total");
                    samples.add(new double[] {System.nanoTime(), enqueued, landed});
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    // a missed sample
                  }
                }
              },
              "backlog");
      thread.setDaemon(true);
      thread.start();
    }

    static Backlog watch(HttpClient client, int port) {
      return new Backlog(client, port);
    }

    void stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
    }

    double max() {
      synchronized (samples) {
        return samples.stream().mapToDouble(s -> s[1] - s[2]).max().orElse(0);
      }
    }

    /** Events landed per second between the first sample and the last one before {@code end}. */
    double landedPerSecond(long end) {
      synchronized (samples) {
        double[] first = samples.get(0);
        double[] last = first;
        for (double[] s : samples) {
          if (s[0] <= end) {
            last = s;
          }
        }
        return last == first ? 0 : (last[2] - first[2]) / ((last[0] - first[0]) / 1e9);
      }
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

  /**
   * Sends at a fixed rate whatever the answers do; latency counts from the intended send time. The
   * generator is {@link OpenLoopClient}: one thread, keep-alive connections, at most {@link
   * #MAX_CONNECTIONS} requests in flight and {@link #MAX_WAITING} more waiting for a connection.
   */
  static Result openLoop(
      int port, String path, int eventsPerRequest, double rate, int seconds, String name)
      throws IOException {
    long total = (long) (rate * seconds);
    long base = System.nanoTime() % 1_000_000_000L * 1_000;
    OpenLoopClient client =
        new OpenLoopClient(
            port,
            Map.of("Content-Type", "application/json", "X-API-Key", KEY),
            MAX_CONNECTIONS,
            MAX_WAITING,
            Duration.ofSeconds(30).toNanos(),
            status -> status == 202);
    OpenLoopClient.Outcome outcome =
        client.run(
            rate,
            total,
            i ->
                new OpenLoopClient.Request(
                    "POST",
                    path,
                    (eventsPerRequest == 1
                            ? event(base + i)
                            : batch(eventsPerRequest, base + i * eventsPerRequest))
                        .getBytes(StandardCharsets.UTF_8)));
    System.out.printf(
        Locale.ROOT,
        "%s: %d sent in %.1f s, %d accepted, %d failed %s%n",
        name,
        total,
        outcome.seconds(),
        outcome.ok(),
        outcome.failed(),
        new java.util.TreeMap<>(outcome.byStatus()));
    return new Result(
        name,
        rate,
        eventsPerRequest,
        Math.max(outcome.seconds(), seconds),
        outcome.ok(),
        outcome.failed(),
        outcome.latency());
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
