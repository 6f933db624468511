package com.salestech.query.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.salestech.lake.table.GoldSnapshots;
import com.salestech.model.lake.LakeLayout;
import com.salestech.query.ForecastGold;
import com.salestech.query.GoldLake;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.catalog.CatalogEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every statement the reports send, run on Trino and on DuckDB over the same gold, must give the
 * same rows: the same exact decimals, and the same order where the statement orders its rows.
 *
 * <p>Runs when a Trino is given ({@code -Dsalestech.test.trino.url=jdbc:trino://127.0.0.1:8090} and
 * {@code -Dsalestech.test.trino.lake=<the lake dir Trino's catalog lake reads>}, see {@code
 * query-service/bin/trino-local}); skips otherwise. Gold is built by batch-etl into the service's
 * embedded lake and copied into Trino's lake directory, where Trino reads it as {@code local:///}.
 * The service runs on DuckDB while every report endpoint is called with a set of filters; each
 * statement its engine received is then run again on DuckDB and on Trino, and the rows compared.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrinoConformanceIntegrationTests {

  static final String URL = System.getProperty("salestech.test.trino.url");
  static final String LAKE = System.getProperty("salestech.test.trino.lake");
  static GoldLake gold;

  /** A statement as a report sent it. */
  record Statement(String sql, List<?> values) {}

  static final List<Statement> SENT = new ArrayList<>();

  @BeforeAll
  static void buildGold() throws IOException {
    assumeTrue(
        URL != null && !URL.isBlank() && LAKE != null && !LAKE.isBlank(),
        "no Trino given (-Dsalestech.test.trino.url, -Dsalestech.test.trino.lake)");
    gold = GoldLake.create("trino").publish(4_000, 7, LocalDate.of(2026, 1, 5));
    // the models' tables too, as the forecast job extends the snapshot
    ForecastGold.extend(gold, LocalDate.of(2020, 9, 30), "20261201T221401Z-904");
    copy(gold.dataDir().resolve("lake/sales-tech-gld"), Path.of(LAKE).resolve("sales-tech-gld"));
  }

  static void copy(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.walk(to)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> gold.dataDir().toString());
    registry.add("salestech.query.cache.max-entries", () -> "0");
  }

  /** Records what the reports send to the engine. */
  @TestConfiguration
  static class Recording {
    @Bean
    static BeanPostProcessor recordStatements() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof QueryEngine engine ? new RecordingEngine(engine) : bean;
        }
      };
    }
  }

  static final class RecordingEngine implements QueryEngine, AutoCloseable {
    final QueryEngine engine;

    RecordingEngine(QueryEngine engine) {
      this.engine = engine;
    }

    @Override
    public String name() {
      return engine.name();
    }

    @Override
    public GoldView current() {
      return engine.current();
    }

    @Override
    public Reading open() {
      Reading reading = engine.open();
      return new Reading() {
        @Override
        public GoldView snapshot() {
          return reading.snapshot();
        }

        @Override
        public void query(String sql, List<?> values, RowHandler rows) {
          synchronized (SENT) {
            SENT.add(new Statement(sql, List.copyOf(values)));
          }
          reading.query(sql, values, rows);
        }

        @Override
        public void close() {
          reading.close();
        }
      };
    }

    @Override
    public void close() throws Exception {
      if (engine instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  @LocalServerPort int port;
  @Autowired QueryEngine duckdb;
  @Autowired GoldSnapshots snapshots;
  @Autowired LakeLayout layout;

  static final List<String> CALLS =
      List.of(
          "/api/v1/reports/freshness",
          "/api/v1/reports/kpis?from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/kpis?from=2019-02-10&to=2019-05-20&compare=previous_period",
          "/api/v1/reports/kpis?from=2019-03-01&to=2019-05-31&compare=previous_year&storeId=1",
          "/api/v1/reports/kpis?from=2019-01-01&to=2019-12-31&promotion=true&paid=false",
          "/api/v1/reports/revenue?groupBy=day&from=2019-03-01&to=2019-03-31",
          "/api/v1/reports/revenue?groupBy=week&from=2019-02-10&to=2019-05-20",
          "/api/v1/reports/revenue?groupBy=month&from=2019-01-01&to=2019-12-31&compare=previous_period",
          "/api/v1/reports/revenue?groupBy=month&from=2019-02-10&to=2019-05-20&productId=2",
          "/api/v1/reports/revenue?groupBy=store&from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/revenue?groupBy=store&from=2019-02-10&to=2019-05-20&compare=previous_year",
          "/api/v1/reports/revenue?groupBy=product&from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/revenue?groupBy=city&from=2019-02-10&to=2019-05-20&promotion=false",
          "/api/v1/reports/top-products?limit=5&by=revenue&from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/top-products?limit=5&by=units&from=2019-02-10&to=2019-05-20&storeId=2",
          "/api/v1/reports/promotions?from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/promotions?from=2019-02-10&to=2019-05-20&storeId=1",
          "/api/v1/reports/payments?from=2019-01-01&to=2019-06-30",
          "/api/v1/reports/payments?from=2019-02-10&to=2019-05-20&paid=true",
          "/api/v1/reports/customers?from=2019-01-01&to=2019-12-31",
          "/api/v1/reports/customers?from=2019-02-10&to=2019-05-20&promotion=true",
          "/api/v1/reports/change?compare=previous_period&from=2019-04-01&to=2019-06-30",
          "/api/v1/reports/change?compare=previous_year&from=2019-02-10&to=2019-05-20&storeId=1",
          "/api/v1/sales?limit=50&from=2019-02-10&to=2019-05-20",
          "/api/v1/sales?limit=20&from=2019-02-10&to=2019-05-20&after=100&promotion=true",
          "/api/v1/forecasts",
          "/api/v1/forecasts?storeId=2&metric=revenue",
          "/api/v1/forecasts?storeId=999&metric=units",
          "/api/v1/forecasts/accuracy?metric=units",
          "/api/v1/promotions/effect");

  @Test
  void everyReportStatementGivesTheSameRowsOnTrinoAsOnDuckDb() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String call : CALLS) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + call)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("%s: %s", call, response.body()).isEqualTo(200);
    }
    Map<String, Statement> distinct = new LinkedHashMap<>();
    synchronized (SENT) {
      SENT.forEach(s -> distinct.putIfAbsent(s.sql() + " " + s.values(), s));
    }
    assertThat(distinct).hasSizeGreaterThan(20);

    TrinoProperties trino =
        new TrinoProperties(
            URL, "conformance", "", "lake", "salestech_conformance", "local:///", 3);
    List<String> differences = new ArrayList<>();
    int rows = 0;
    try (CatalogEngine engine =
            new CatalogEngine(
                new TrinoCatalog(trino, Duration.ofMinutes(2)),
                snapshots,
                layout,
                new CatalogEngine.Settings(Duration.ofMinutes(1), 3, 2, Duration.ofMinutes(1)));
        QueryEngine.Reading onTrino = engine.open();
        QueryEngine.Reading onDuck = duckdb.open()) {
      assertThat(onTrino.snapshot()).isEqualTo(onDuck.snapshot());
      for (Statement s : distinct.values()) {
        List<List<String>> expected = rows(onDuck, s);
        List<List<String>> actual;
        try {
          actual = rows(onTrino, s);
        } catch (QueryFailedException e) {
          // every statement is tried, so that one run names every difference
          differences.add(s.sql() + " " + s.values() + "\n  trino refused it: " + e.getMessage());
          continue;
        }
        rows += expected.size();
        boolean ordered = s.sql().toUpperCase().contains("ORDER BY");
        if (!ordered) {
          Comparator<List<String>> byText = Comparator.comparing(Object::toString);
          expected.sort(byText);
          actual.sort(byText);
        }
        if (!expected.equals(actual)) {
          differences.add(
              s.sql()
                  + " "
                  + s.values()
                  + "\n  duckdb: "
                  + head(expected)
                  + "\n  trino:  "
                  + head(actual));
        }
      }
    }
    System.out.printf(
        "Trino conformance: %d distinct statements from %d calls, %d rows compared, %d differ%n",
        distinct.size(), CALLS.size(), rows, differences.size());
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
  }

  static List<List<String>> rows(QueryEngine.Reading reading, Statement s) {
    List<List<String>> rows = new ArrayList<>();
    reading.query(
        s.sql(),
        s.values(),
        r -> {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= r.columns(); i++) {
            row.add(r.string(i));
          }
          rows.add(row);
        });
    return rows;
  }

  static String head(List<List<String>> rows) {
    return rows.size() + " rows " + rows.subList(0, Math.min(3, rows.size()));
  }
}
