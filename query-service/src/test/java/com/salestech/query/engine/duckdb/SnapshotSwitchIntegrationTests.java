package com.salestech.query.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.GoldLake;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gold snapshot published by batch-etl while reports are being read is picked up without a
 * restart; every answer is wholly of one snapshot (its totals are that run's), and the old snapshot
 * is unloaded and its cached files evicted once its readers are done.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "salestech.query.poll-interval=200ms",
      // the aggregates in DuckDB's memory, wide_vendas a view over its files
      "salestech.query.duckdb.in-memory-max=64KB"
    })
class SnapshotSwitchIntegrationTests {

  static final GoldLake LAKE = GoldLake.create("switch").publish(3_000, 7, LocalDate.now());
  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;
  @Autowired DuckDbEngine engine;

  record Answer(String run, long sales, BigDecimal revenue, String newestSale) {}

  Answer truth() {
    Map<String, Object> o =
        LAKE.oracleRow("SELECT count(*) AS n, sum(receita) AS r, max(dt_venda) AS d FROM WIDE");
    return new Answer(
        LAKE.run(),
        ((Number) o.get("n")).longValue(),
        (BigDecimal) o.get("r"),
        o.get("d").toString());
  }

  @Test
  void aSnapshotPublishedWhileQueriesRunIsPickedUpAndNoReaderMixesTwo() throws Exception {
    Answer first = truth();
    HttpClient http = HttpClient.newHttpClient();
    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    for (int r = 0; r < 2; r++) {
      String path =
          r == 0
              // whole months: three aggregate tables in one statement, plus wide_vendas
              ? "/api/v1/reports/kpis?from=2018-01-01&to=2020-12-31"
              : "/api/v1/reports/kpis?from=2018-01-01&to=2020-12-31&promotion=true&promotion=false";
      readers.submit(
          () -> {
            while (!stop.get()) {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
              JsonNode body = JSON.readTree(response.body());
              JsonNode figures = body.get("data").get("figures");
              answers.add(
                  new Answer(
                      body.get("provenance").get("snapshot").asString(),
                      figures.get("sales").asLong(),
                      figures.get("revenue").decimalValue(),
                      body.get("provenance").get("newestSale").asString()));
            }
            return null;
          });
    }

    LAKE.publish(4_000, 8, LocalDate.now().plusDays(1));
    Answer second = truth();
    assertThat(second.run()).isNotEqualTo(first.run());
    assertThat(second.sales()).isNotEqualTo(first.sales());

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (answers.stream().noneMatch(a -> a.run().equals(second.run()))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Thread.sleep(300);
    stop.set(true);
    readers.shutdown();
    assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    List<Answer> all = List.copyOf(answers);
    assertThat(all).anyMatch(a -> a.run().equals(first.run()));
    assertThat(all).anyMatch(a -> a.run().equals(second.run()));
    for (Answer a : all) {
      Answer expected = a.run().equals(first.run()) ? first : second;
      assertThat(a.run()).isIn(first.run(), second.run());
      assertThat(a.sales()).as("sales of %s", a.run()).isEqualTo(expected.sales());
      assertThat(a.revenue()).as("revenue of %s", a.run()).isEqualByComparingTo(expected.revenue());
      assertThat(a.newestSale()).isEqualTo(expected.newestSale());
    }
    assertThat(engine.current().run()).isEqualTo(second.run());
    assertThat(engine.inMemoryTables())
        .contains("efeito_promocao", "receita_produto_mes", "status_pagamento")
        .doesNotContain("wide_vendas");

    // the old snapshot is unloaded and its versions' files evicted
    assertThat(engine.loadedSchemas()).isEqualTo(1);
    Path cache = LAKE.dataDir().resolve("query/cache/wide_vendas");
    try (Stream<Path> versions = Files.list(cache)) {
      assertThat(versions.map(p -> p.getFileName().toString()).toList())
          .containsExactly(
              LAKE.snapshot()
                  .get("tables")
                  .get("wide_vendas")
                  .asString()
                  .replaceAll("[^A-Za-z0-9._-]", "_"));
    }
  }
}
