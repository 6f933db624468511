package com.salestech.query.report;

import com.salestech.bench.OpenLoopClient;
import com.salestech.query.GoldLake;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.JdbcRow;
import com.salestech.query.engine.NoGoldException;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.Row;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query service under load (not a test; {@code -Pbenchmark}, see docs/benchmarks.md). Gold from
 * generated sales (built once by batch-etl into the benchmark's data directory and reused), the
 * service in a JVM of its own, and in this JVM an open-loop load generator over loopback: requests
 * leave at fixed intervals and each latency is measured from the moment the request was due, so a
 * slow server shows as latency, not as fewer requests. Beside it, the same reports computed
 * directly on DuckDB over the same files (the report code with a plain JDBC connection, no HTTP, no
 * cache, no pool): the floor the uncached service is compared to.
 */
public final class QueryBenchmark {

  record Endpoint(String name, String query, Supplier<Object> direct) {}

  static final JsonMapper JSON = JsonMapper.shared();

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path data = Path.of(args[1]);
    long sales = Long.parseLong(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int cachedRate = Integer.parseInt(args[4]);
    String heap = args[5];
    Files.createDirectories(data);

    Path gold = data.resolve("lake/sales-tech-gld");
    if (!Files.exists(gold.resolve("_snapshot.json"))) {
      long start = System.nanoTime();
      GoldLake.at(data).publish(sales, 42, LocalDate.now());
      System.out.printf(Locale.ROOT, "gold built from %,d sales in %.1f s%n", sales, secs(start));
    }
    System.out.printf(
        Locale.ROOT,
        "machine: %d cores, %s; gold in %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        data);

    try (DirectEngine direct = new DirectEngine(gold, false);
        DirectEngine directKept = new DirectEngine(gold, true)) {
      ReportService reports = directReports(direct);
      LocalDate newest = reports.freshness().data().newestSale();
      List<Endpoint> endpoints = endpoints(reports, newest);
      List<Endpoint> keptEndpoints = endpoints(directReports(directKept), newest);

      Map<String, Histogram> directTimes = new LinkedHashMap<>();
      Map<String, Histogram> directPaced = new LinkedHashMap<>();
      Map<String, Histogram> directKeptTimes = new LinkedHashMap<>();
      Map<String, Histogram> directIdle = new LinkedHashMap<>();
      Map<String, Integer> rates = new LinkedHashMap<>();
      for (int n = 0; n < endpoints.size(); n++) {
        Endpoint e = endpoints.get(n);
        Histogram h = timed(e.direct(), 0);
        directTimes.put(e.name(), h);
        // the same, one query per interval of the uncached run below: what an idle engine does
        int rate = uncachedRate(h.getValueAtPercentile(50) / 1000.0);
        rates.put(e.name(), rate);
        directPaced.put(e.name(), timed(e.direct(), 1_000_000_000L / rate));
        if (rate > IDLE_RATE) {
          directIdle.put(e.name(), timed(e.direct(), 1_000_000_000L / IDLE_RATE));
        }
        directKeptTimes.put(e.name(), timed(keptEndpoints.get(n).direct(), 0));
      }

      // uncached: every request computes its report
      Map<String, Result> uncached;
      Map<String, Result> idle = new LinkedHashMap<>();
      try (Server server = Server.start(jar, data, heap, "--salestech.query.cache.max-entries=0")) {
        System.out.printf(
            Locale.ROOT,
            "service started in %.1f s; first report (loads the snapshot's files): %.0f ms%n",
            server.startSeconds,
            server.firstReportMillis());
        // warm, as the cached run is: every report once (each worker prepares its statements),
        // the HTTP and JSON path compiled by a few thousand cheap requests, then each endpoint as
        // long at its own rate before it is measured
        for (Endpoint e : endpoints) {
          server.load(List.of(e.query()), 1, 1);
        }
        server.load(List.of("/api/v1/reports/freshness"), cachedRate / 2, seconds);
        uncached = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
          int rate = rates.get(e.name());
          server.load(List.of(e.query()), rate, seconds);
          uncached.put(e.name(), server.load(List.of(e.query()), rate, seconds));
          if (rate > IDLE_RATE) {
            idle.put(e.name(), server.load(List.of(e.query()), IDLE_RATE, seconds));
          }
        }
        System.out.printf(
            Locale.ROOT, "service peak RSS (uncached run): %d MiB%n", server.peakRssMiB());
      }

      Map<String, Result> cached = new LinkedHashMap<>();
      Result mixed;
      long rss;
      try (Server server = Server.start(jar, data, heap)) {
        server.firstReportMillis();
        // every answer cached once, then the whole mix at half the rate: no endpoint is measured
        // against a service whose JIT is still cold
        for (Endpoint e : endpoints) {
          server.load(List.of(e.query()), 1, 1);
        }
        server.load(endpoints.stream().map(Endpoint::query).toList(), cachedRate / 2, 10);
        for (Endpoint e : endpoints) {
          // one request fills the cache (a flood of misses would only queue behind each other),
          // then a short run at the measured rate warms the JIT
          server.load(List.of(e.query()), 1, 1);
          server.load(List.of(e.query()), cachedRate, 2);
          cached.put(e.name(), server.load(List.of(e.query()), cachedRate, seconds));
        }
        mixed =
            server.load(endpoints.stream().map(Endpoint::query).toList(), cachedRate, seconds * 2);
        rss = server.peakRssMiB();
      }

      System.out.println();
      System.out.println(
          "direct: the reports on plain DuckDB JDBC (a statement prepared per query, views over"
              + " the Parquet files); paced: the same at the uncached run's rate; kept: statements"
              + " prepared once and tables of at most 16 MB in DuckDB's memory, as the service"
              + " does; unc./dir: uncached service p50 over direct p50 (none where direct takes"
              + " no measurable time)");
      System.out.printf(
          Locale.ROOT,
          "%-22s %10s %10s %10s | %9s %9s %9s %8s | %9s %9s %9s %8s%n",
          "endpoint",
          "direct p50",
          "paced p50",
          "kept p50",
          "unc. p50",
          "unc. p99",
          "unc./dir",
          "unc. r/s",
          "cach. p50",
          "cach. p99",
          "cach.p999",
          "cach r/s");
      for (Endpoint e : endpoints) {
        double d = directTimes.get(e.name()).getValueAtPercentile(50) / 1000.0;
        double dp = directPaced.get(e.name()).getValueAtPercentile(50) / 1000.0;
        double dk = directKeptTimes.get(e.name()).getValueAtPercentile(50) / 1000.0;
        Result u = uncached.get(e.name());
        Result c = cached.get(e.name());
        System.out.printf(
            Locale.ROOT,
            "%-22s %8.2fms %8.2fms %8.2fms | %7.2fms %7.1fms %9s %8.1f | %7.2fms %7.2fms %7.2fms"
                + " %8.0f%n",
            e.name(),
            d,
            dp,
            dk,
            u.p(50),
            u.p(99),
            ratio(u.p(50), d),
            u.rate(),
            c.p(50),
            c.p(99),
            c.p(99.9),
            c.rate());
      }
      System.out.printf(
          Locale.ROOT,
          "%nthe fast endpoints again at %d req/s (the processor idles between requests), uncached,"
              + " beside direct DuckDB at the same pace:%n",
          IDLE_RATE);
      for (Map.Entry<String, Result> e : idle.entrySet()) {
        double dp = directIdle.get(e.getKey()).getValueAtPercentile(50) / 1000.0;
        System.out.printf(
            Locale.ROOT,
            "%-22s uncached p50 %.2f ms, p99 %.1f ms; direct paced p50 %.2f ms (%s)%n",
            e.getKey(),
            e.getValue().p(50),
            e.getValue().p(99),
            dp,
            ratio(e.getValue().p(50), dp));
      }
      System.out.printf(
          Locale.ROOT,
          "all endpoints mixed, cached, offered %d req/s: %.0f req/s done, p50 %.2f ms, p99 %.2f"
              + " ms, p99.9 %.2f ms, %d errors; service peak RSS %d MiB%n",
          cachedRate,
          mixed.rate(),
          mixed.p(50),
          mixed.p(99),
          mixed.p(99.9),
          mixed.errors(),
          rss);
    }
  }

  static List<Endpoint> endpoints(ReportService reports, LocalDate newest) {
    LocalDate to = newest;
    LocalDate from = newest.minusYears(1).plusDays(1);
    // whole months, so the monthly aggregates answer
    LocalDate monthFrom = YearMonth.from(newest).minusMonths(11).atDay(1);
    LocalDate monthTo = YearMonth.from(newest).atEndOfMonth();
    Filters f = new Filters(from, to, List.of(), List.of(), List.of(), List.of());
    Filters months = new Filters(monthFrom, monthTo, List.of(), List.of(), List.of(), List.of());
    Filters store = new Filters(from, to, List.of(3), List.of(), List.of(true), List.of());
    String r = "from=" + from + "&to=" + to;
    String m = "from=" + monthFrom + "&to=" + monthTo;
    return List.of(
        new Endpoint(
            "kpis compare",
            "/api/v1/reports/kpis?" + r + "&compare=previous_period",
            () -> reports.kpis(f, Compare.PREVIOUS_PERIOD)),
        new Endpoint(
            "kpis store+promo",
            "/api/v1/reports/kpis?" + r + "&storeId=3&promotion=true",
            () -> reports.kpis(store, Compare.NONE)),
        new Endpoint(
            "revenue by day",
            "/api/v1/reports/revenue?" + r + "&groupBy=day",
            () -> reports.revenue(f, GroupBy.DAY, Compare.NONE)),
        new Endpoint(
            "revenue by month",
            "/api/v1/reports/revenue?" + m + "&groupBy=month&compare=previous_year",
            () -> reports.revenue(months, GroupBy.MONTH, Compare.PREVIOUS_YEAR)),
        new Endpoint(
            "revenue by store",
            "/api/v1/reports/revenue?" + m + "&groupBy=store",
            () -> reports.revenue(months, GroupBy.STORE, Compare.NONE)),
        new Endpoint(
            "revenue by city",
            "/api/v1/reports/revenue?" + r + "&groupBy=city",
            () -> reports.revenue(f, GroupBy.CITY, Compare.NONE)),
        new Endpoint(
            "top-products",
            "/api/v1/reports/top-products?" + r + "&limit=10",
            () -> reports.topProducts(f, ReportQueries.By.REVENUE, 10)),
        new Endpoint("promotions", "/api/v1/reports/promotions?" + r, () -> reports.promotions(f)),
        new Endpoint("payments", "/api/v1/reports/payments?" + r, () -> reports.payments(f)),
        new Endpoint("customers", "/api/v1/reports/customers?" + r, () -> reports.customers(f)),
        new Endpoint(
            "change",
            "/api/v1/reports/change?" + r + "&compare=previous_year",
            () -> reports.change(f, Compare.PREVIOUS_YEAR)),
        new Endpoint(
            "sales page",
            "/api/v1/sales?" + r + "&limit=100&after=1000",
            () -> reports.sales(f, 1000L, 100)),
        new Endpoint("freshness", "/api/v1/reports/freshness", reports::freshness));
  }

  record Result(Histogram latency, long done, long errors, double seconds) {
    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    double rate() {
      return done / seconds;
    }
  }

  static ReportService directReports(DirectEngine engine) {
    return new ReportService(
        engine,
        new QueryProperties(
            "duckdb",
            Duration.ofSeconds(5),
            1,
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            new QueryProperties.Cache(0, Duration.ofMinutes(1)),
            new QueryProperties.DuckDb("unused", "1GB", 2, "unused", DataSize.ofBytes(0))));
  }

  /** 15 runs after one to warm, each {@code interval} nanoseconds after the last began (0: now). */
  static Histogram timed(Supplier<Object> report, long interval) {
    report.get();
    Histogram h = histogram();
    for (int i = 0; i < 15; i++) {
      long t = System.nanoTime();
      report.get();
      h.recordValue((System.nanoTime() - t) / 1_000);
      if (interval > 0) {
        LockSupport.parkNanos(Math.max(0, t + interval - System.nanoTime()));
      }
    }
    return h;
  }

  /**
   * The uncached rate of an endpoint: a third of one core busy with it (a query a third of the
   * time), at most {@value #MAX_UNCACHED_RATE} a second.
   */
  static int uncachedRate(double directMillis) {
    return (int) Math.max(1, Math.min(MAX_UNCACHED_RATE, 1000 / (3 * Math.max(directMillis, 0.5))));
  }

  static final int MAX_UNCACHED_RATE = 400;

  /**
   * The rate the fast endpoints are also measured at, uncached: a request every 20 ms leaves the
   * processor idle long enough that each query starts with cold caches, in the service and in plain
   * DuckDB alike (the 2026-12-03 figures were taken this way).
   */
  static final int IDLE_RATE = 50;

  /** {@code ms} over {@code baseMs}, or "-" where the base takes no measurable time. */
  static String ratio(double ms, double baseMs) {
    return baseMs < 0.05 ? "-" : String.format(Locale.ROOT, "%.2fx", ms / baseMs);
  }

  static Histogram histogram() {
    return new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
  }

  static double secs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The service in a JVM of its own, on a free port, over the benchmark's data directory. */
  static final class Server implements AutoCloseable {

    final Process process;
    final URI base;
    final double startSeconds;
    final HttpClient http;

    private Server(Process process, URI base, double startSeconds) {
      this.process = process;
      this.base = base;
      this.startSeconds = startSeconds;
      this.http =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }

    static Server start(Path jar, Path data, String heap, String... extra) throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path cache = Files.createTempDirectory(data, "query-cache-");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + heap,
                  // pauses, to tell a collection from other stalls in the latency tails
                  "-Xlog:gc:file=" + data.resolve("query-service-" + port + "-gc.log"),
                  "-jar",
                  jar.toString(),
                  "--server.port=" + port,
                  "--salestech.data-dir=" + data,
                  "--salestech.query.duckdb.cache-directory=" + cache,
                  "--salestech.query.duckdb.temp-directory=" + cache.resolve("tmp"),
                  "--server.tomcat.threads.max=64",
                  "--logging.level.root=WARN"));
      command.addAll(List.of(extra));
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(data.resolve("query-service-" + port + ".log").toFile())
              .start();
      URI base = URI.create("http://127.0.0.1:" + port);
      HttpClient probe = HttpClient.newHttpClient();
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "query-service exited with " + process.exitValue() + "; see its log in " + data);
        }
        try {
          HttpResponse<String> health =
              probe.send(
                  HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
          if (health.statusCode() < 500) {
            break;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      return new Server(process, base, secs(start));
    }

    double firstReportMillis() throws Exception {
      long t = System.nanoTime();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/reports/freshness")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("freshness answered " + response.statusCode());
      }
      return (System.nanoTime() - t) / 1e6;
    }

    /**
     * Offers {@code rate} requests a second for {@code seconds}, cycling through the queries, from
     * the one-thread open-loop generator (latency from each request's due time).
     */
    Result load(List<String> queries, int rate, int seconds) throws Exception {
      OpenLoopClient client =
          new OpenLoopClient(
              base.getPort(),
              Map.of("Accept", "application/json"),
              256,
              10_000,
              Duration.ofMinutes(2).toNanos(),
              status -> status == 200);
      OpenLoopClient.Outcome outcome =
          client.run(
              rate,
              (long) rate * seconds,
              i ->
                  new OpenLoopClient.Request("GET", queries.get((int) (i % queries.size())), null));
      return new Result(outcome.latency(), outcome.ok(), outcome.failed(), outcome.seconds());
    }

    long peakRssMiB() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
      return -1;
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The baseline: the reports' own SQL on one plain DuckDB connection, views over the current
   * snapshot's files straight from the lake directory. Same {@code threads} and {@code
   * memory_limit} as the service's default.
   */
  static final class DirectEngine implements QueryEngine, AutoCloseable {

    final Connection duck;
    final GoldView view;
    final boolean likeService;
    final Map<String, PreparedStatement> kept = new HashMap<>();

    /**
     * {@code likeService}: what the service does beside plain JDBC, to tell its HTTP and pooling
     * apart from its engine work: statements prepared once and kept, and tables of at most 16 MB
     * (the service's default {@code in-memory-max}) read into DuckDB's memory.
     */
    DirectEngine(Path gold, boolean likeService) throws Exception {
      this.likeService = likeService;
      JsonNode snapshot = JSON.readTree(Files.readString(gold.resolve("_snapshot.json")));
      Map<String, String> tables = new LinkedHashMap<>();
      snapshot
          .get("tables")
          .properties()
          .forEach(e -> tables.put(e.getKey(), e.getValue().asString()));
      view =
          new GoldView(
              snapshot.get("run").asString(),
              Instant.parse(snapshot.get("publishedAt").asString()),
              tables);
      duck = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = duck.createStatement()) {
        st.execute("SET threads = 2");
        st.execute("SET memory_limit = '1GB'");
        for (Map.Entry<String, String> t : tables.entrySet()) {
          Path dir = gold.resolve(t.getKey()).resolve("v=" + t.getValue());
          List<String> files;
          try (Stream<Path> walk = Files.walk(dir)) {
            files =
                walk.filter(p -> p.toString().endsWith(".parquet"))
                    .map(p -> "'" + p + "'")
                    .sorted()
                    .toList();
          }
          long bytes = 0;
          for (String f : files) {
            bytes += Files.size(Path.of(f.substring(1, f.length() - 1)));
          }
          boolean inMemory = likeService && bytes <= DataSize.ofMegabytes(16).toBytes();
          st.execute(
              (inMemory ? "CREATE TABLE " : "CREATE VIEW ")
                  + t.getKey()
                  + " AS SELECT * FROM read_parquet(["
                  + String.join(", ", files)
                  + "], hive_partitioning = true)");
        }
      }
    }

    @Override
    public String name() {
      return "duckdb-direct";
    }

    @Override
    public GoldView current() {
      return view;
    }

    @Override
    public Reading open() {
      if (view == null) {
        throw new NoGoldException("no gold");
      }
      return new Reading() {
        @Override
        public GoldView snapshot() {
          return view;
        }

        @Override
        public void query(String sql, List<?> values, RowHandler rows) {
          try {
            PreparedStatement st = likeService ? kept.get(sql) : null;
            if (st == null) {
              st = duck.prepareStatement(sql);
              if (likeService) {
                kept.put(sql, st);
              }
            }
            for (int i = 0; i < values.size(); i++) {
              JdbcRow.bind(st, i + 1, values.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
              Row row = new JdbcRow(rs, name());
              while (rs.next()) {
                rows.row(row);
              }
            }
            if (!likeService) {
              st.close();
            }
          } catch (SQLException e) {
            throw new QueryFailedException(name(), QueryFailedException.Kind.FAILED, sql, e);
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement st : kept.values()) {
        st.close();
      }
      duck.close();
    }
  }
}
