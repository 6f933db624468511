package com.salestech.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.salestech.etl.sample.Demand;
import com.salestech.etl.sample.DemandDraw;
import com.salestech.etl.sample.DemandTruth;
import com.salestech.etl.sample.RetailDemand;
import com.salestech.etl.sample.SampleDataGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole suite as a person starts it: {@code ./salestech up --no-events} over a fresh data
 * directory (sample, land, daily-pipeline, the three services), then live sale events through
 * ingest-api, daily-pipeline again through batch-etl's jobs API, and the dashboard API's totals
 * against figures computed apart from the pipeline: the sample's draw simulated again in memory
 * from its {@code truth.json}, plus the events posted here.
 *
 * <p>Runs in {@code verify} (Failsafe), after {@code package} has built the executable jars.
 */
class SuiteEndToEndIT {

  private static final int SALES = 20_000;
  private static final int EVENTS = 25;
  private static final String INGEST_KEY = "st-local-dev-key-change-me";
  private static final String JOBS_KEY = "local-dev-api-key";
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

  /**
   * The retailer's prices of products 1..9 ({@code Vocabulary.PRODUCTS}); product 10 is the junk
   * row, priced out of range, that silver quarantines.
   */
  private static final long[] PRICES = {20, 30, 2300, 5300, 1500, 700, 150, 540, 860};

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Path dataDir;
  private static Path upOutput;
  private static Map<String, String> env;
  private static Process up;
  private static int ingestPort;
  private static int queryPort;
  private static int etlPort;

  @BeforeAll
  static void startSuite() throws Exception {
    Assumptions.assumeTrue(
        System.getProperty("os.name", "").toLowerCase().contains("linux"),
        "SuiteEndToEndIT needs Linux (./salestech uses setsid, /proc and GNU date); skipped on "
            + System.getProperty("os.name"));
    dataDir = Files.createTempDirectory("salestech-e2e");
    upOutput = dataDir.resolve("up.out");
    int[] ports = freePorts(3);
    ingestPort = ports[0];
    queryPort = ports[1];
    etlPort = ports[2];
    env = new HashMap<>();
    env.put("SALESTECH_DATA_DIR", dataDir.toString());
    env.put("SALES", String.valueOf(SALES));
    env.put("INGEST_API_PORT", String.valueOf(ingestPort));
    env.put("QUERY_SERVICE_PORT", String.valueOf(queryPort));
    env.put("BATCH_ETL_PORT", String.valueOf(etlPort));
    env.put("SALESTECH_ETL_CDS", "off");
    env.put("SALESTECH_MVN_ARGS", "-o");
    env.put("SALESTECH_EVENT_INTERVAL", "0");

    ProcessBuilder builder =
        new ProcessBuilder("bash", ROOT.resolve("salestech").toString(), "up", "--no-events")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(upOutput.toFile());
    builder.environment().putAll(env);
    up = builder.start();
    Instant deadline = Instant.now().plus(UP_TIMEOUT);
    while (!output().contains("Sales Tech is up")) {
      if (!up.isAlive()) {
        fail("./salestech up exited with " + up.exitValue() + " before the suite was up" + logs());
      }
      if (Instant.now().isAfter(deadline)) {
        fail("the suite was not up after " + UP_TIMEOUT + logs());
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopSuite() throws Exception {
    if (up == null) {
      return;
    }
    try {
      ProcessBuilder down =
          new ProcessBuilder("bash", ROOT.resolve("salestech").toString(), "down")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      down.environment().putAll(env);
      Process stopping = down.start();
      if (!stopping.waitFor(90, TimeUnit.SECONDS)) {
        stopping.destroyForcibly();
      }
    } finally {
      up.descendants().forEach(ProcessHandle::destroy);
      up.destroy();
      if (!up.waitFor(30, TimeUnit.SECONDS)) {
        up.descendants().forEach(ProcessHandle::destroyForcibly);
        up.destroyForcibly();
      }
    }
  }

  @Test
  void dashboardTotalsMatchTheSampleAndThePostedEvents() throws Exception {
    Path sample = dataDir.resolve("sample");
    DemandTruth truth = DemandTruth.read(sample.resolve(DemandTruth.FILE_NAME));
    DemandDraw draw =
        RetailDemand.simulate(
            SampleDataGenerator.Options.retail(truth.requestedSales(), truth.seed())
                .withDemand(
                    new Demand.Retail(
                        truth.start(), truth.days(), truth.uplift(), truth.campaignPlacement())));
    long expectedSales = 0;
    long expectedUnits = 0;
    long expectedRevenue = 0;
    for (int store = 1; store <= truth.stores(); store++) {
      for (int product = 1; product <= PRICES.length; product++) {
        for (int day = 0; day < draw.days(); day++) {
          int units = draw.units(store, product, day);
          expectedSales += units;
          expectedUnits += units;
          expectedRevenue += units * PRICES[product - 1];
        }
      }
    }
    assertThat(expectedSales).as("sellable sales in the sample").isPositive().isLessThan(SALES);

    String before = freshnessSnapshot();
    long saleId = maxSaleId(sample.resolve(SampleDataGenerator.VENDAS_FILE));
    Set<String> eventIds = new HashSet<>();
    for (int i = 0; i < EVENTS; i++) {
      int store = i % 10 + 1;
      int product = i % PRICES.length + 1;
      int quantity = i % 3 == 0 ? 2 : 1;
      String eventId = UUID.randomUUID().toString();
      String soldAt =
          Instant.now()
              .minusSeconds(60)
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString();
      String body =
          "{\"eventId\":\"%s\",\"saleId\":%d,\"customerId\":%d,\"storeId\":%d,\"productId\":%d,"
                  .formatted(eventId, ++saleId, i + 7, store, product)
              + "\"soldAt\":\"%s\",\"quantity\":%d,\"promotion\":%s%s}"
                  .formatted(
                      soldAt,
                      quantity,
                      i % 4 == 0,
                      i % 5 == 0 ? "" : ",\"paidAt\":\"" + soldAt + "\"");
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(url(ingestPort, "/api/v1/sales"))
                  .header("X-API-Key", INGEST_KEY)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("event %d: %s", i, answer.body()).isEqualTo(202);
      eventIds.add(eventId);
      expectedSales++;
      expectedUnits += quantity;
      expectedRevenue += quantity * PRICES[product - 1];
    }

    Path events = dataDir.resolve("lake/sales-tech-brz/events");
    await(
        Duration.ofSeconds(60),
        "the lander wrote the posted events to " + events,
        () -> landed(events, eventIds));

    HttpResponse<String> started =
        HTTP.send(
            HttpRequest.newBuilder(url(etlPort, "/api/v1/jobs/daily-pipeline/runs"))
                .header("X-API-Key", JOBS_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fullRefresh\": false}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String run = started.headers().firstValue("Location").orElseThrow();
    String[] status = {""};
    await(
        Duration.ofMinutes(3),
        "daily-pipeline " + run + " ended",
        () -> {
          try {
            status[0] = getJson(etlPort, run, JOBS_KEY).path("status").asString();
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
          }
          return !Set.of("STARTING", "STARTED", "STOPPING", "UNKNOWN", "").contains(status[0]);
        });
    assertThat(status[0]).as("daily-pipeline " + run + logs()).isEqualTo("COMPLETED");

    await(
        Duration.ofSeconds(90),
        "query-service served the new snapshot (was " + before + ")",
        () -> !before.equals(freshnessSnapshot()));

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode kpis =
        getJson(queryPort, "/api/v1/reports/kpis?from=" + truth.start() + "&to=" + today, null);
    JsonNode figures = kpis.path("data").path("figures");
    assertThat(figures.path("sales").asLong()).as(kpis.toString()).isEqualTo(expectedSales);
    assertThat(figures.path("units").asLong()).as(kpis.toString()).isEqualTo(expectedUnits);
    assertThat(figures.path("revenue").decimalValue())
        .as(kpis.toString())
        .isEqualByComparingTo(BigDecimal.valueOf(expectedRevenue));

    HttpResponse<String> forecasts =
        HTTP.send(
            HttpRequest.newBuilder(url(queryPort, "/api/v1/forecasts")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forecasts.statusCode()).as(forecasts.body()).isEqualTo(200);
  }

  private static boolean landed(Path events, Set<String> eventIds) {
    if (!Files.isDirectory(events)) {
      return false;
    }
    Set<String> seen = new HashSet<>();
    try (Stream<Path> files = Files.walk(events)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".ndjson.gz")).toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          for (String id : eventIds) {
            if (text.contains(id)) {
              seen.add(id);
            }
          }
        } catch (IOException partial) {
          return false;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return seen.equals(eventIds);
  }

  private static long maxSaleId(Path vendas) throws IOException {
    long max = 0;
    for (String line : Files.readAllLines(vendas, StandardCharsets.UTF_8)) {
      String first = line.split(";", 2)[0].trim();
      if (first.matches("[0-9]{1,18}")) {
        max = Math.max(max, Long.parseLong(first));
      }
    }
    return max;
  }

  private static String freshnessSnapshot() {
    try {
      return getJson(queryPort, "/api/v1/reports/freshness", null)
          .path("data")
          .path("snapshot")
          .asString();
    } catch (Exception e) {
      return "";
    }
  }

  private static JsonNode getJson(int port, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(port, path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (key != null) {
      request.header("X-API-Key", key);
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static URI url(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void await(Duration timeout, String what, BooleanSupplier done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        fail("timed out after " + timeout + " waiting until " + what + logs());
      }
      Thread.sleep(500);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static String output() {
    try {
      return Files.readString(upOutput);
    } catch (IOException e) {
      return "";
    }
  }

  /** The output of ./salestech up and the tail of every log it wrote, for a failure message. */
  private static String logs() {
    StringBuilder text = new StringBuilder("\n===== ./salestech up\n").append(output());
    try (Stream<Path> files = Files.list(dataDir.resolve("logs"))) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        text.append("\n===== ").append(log).append(" (last 60 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 60), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      }
    } catch (IOException e) {
      text.append("\n(no logs: ").append(e).append(")\n");
    }
    return text.toString();
  }
}
