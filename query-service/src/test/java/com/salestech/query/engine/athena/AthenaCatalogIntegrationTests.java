package com.salestech.query.engine.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.Row;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import tools.jackson.databind.JsonNode;

/** The Athena adapter against a local server speaking Athena's JSON protocol. */
class AthenaCatalogIntegrationTests {

  static final List<FakeAthena.Column> COLUMNS =
      List.of(
          new FakeAthena.Column("id_loja", "integer", 10, 0),
          new FakeAthena.Column("cidade", "varchar", 2147483647, 0),
          new FakeAthena.Column("n_vendas", "bigint", 19, 0),
          new FakeAthena.Column("receita", "decimal", 38, 2),
          new FakeAthena.Column("dia", "date", 0, 0),
          new FakeAthena.Column("pago", "boolean", 0, 0));

  FakeAthena athena;
  AthenaClient client;

  @BeforeEach
  void start() throws Exception {
    athena = new FakeAthena();
    client = athena.client();
  }

  @AfterEach
  void stop() {
    client.close();
    athena.close();
  }

  static AthenaProperties properties() {
    return new AthenaProperties(
        "us-east-1",
        URI.create("http://127.0.0.1:1"),
        "reports",
        "s3://athena-results/query-service/",
        "AwsDataCatalog",
        "sales_tech_query",
        "s3://",
        true,
        Duration.ofMinutes(30),
        Duration.ofMillis(5),
        Duration.ofMillis(20),
        3,
        Duration.ofMillis(5),
        3);
  }

  AthenaCatalog catalog(Duration timeout) {
    return new AthenaCatalog(client, properties(), timeout);
  }

  static String[] row(String... cells) {
    return cells;
  }

  @Test
  void rowsOfSeveralPagesArriveInOrderTypedByTheColumnInfo() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      rows.add(
          row(
              String.valueOf(i),
              "Cidade " + i,
              String.valueOf(i * 10),
              i + ".5",
              "2024-01-0" + i,
              i % 2 == 0 ? "true" : "false"));
    }
    rows.add(row("8", null, "0", null, null, null));
    athena.pageSize(3).results(COLUMNS, rows);

    List<String> seen = new ArrayList<>();
    AtomicReference<BigDecimal> firstRevenue = new AtomicReference<>();
    catalog(Duration.ofSeconds(5))
        .query(
            "SELECT id_loja, cidade, n_vendas, receita, dia, pago FROM t",
            List.of(),
            (Row r) -> {
              if (firstRevenue.get() == null) {
                firstRevenue.set(r.decimal(4));
              }
              seen.add(
                  r.longValue(1)
                      + "|"
                      + r.string(2)
                      + "|"
                      + r.longValue(3)
                      + "|"
                      + r.decimal(4)
                      + "|"
                      + r.date(5)
                      + "|"
                      + r.bool(6)
                      + "|"
                      + r.label(4));
            });

    assertThat(seen).hasSize(8);
    assertThat(seen.get(0)).isEqualTo("1|Cidade 1|10|1.50|2024-01-01|false|receita");
    assertThat(seen.get(6)).isEqualTo("7|Cidade 7|70|7.50|2024-01-07|false|receita");
    assertThat(seen.get(7)).isEqualTo("8|null|0|null|null|null|receita");
    assertThat(firstRevenue.get()).isEqualByComparingTo("1.5");
    assertThat(firstRevenue.get().scale()).isEqualTo(2);
    // 9 rows with the header, 3 a page: the token of each page is sent with the next request
    List<FakeAthena.Call> pages = athena.calls("GetQueryResults");
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).body().has("NextToken")).isFalse();
    assertThat(pages.get(1).body().path("NextToken").asString()).isEqualTo("3");
    assertThat(pages.get(2).body().path("NextToken").asString()).isEqualTo("6");
    assertThat(pages.get(0).body().path("MaxResults").asInt()).isEqualTo(1000);
  }

  @Test
  void valuesGoAsExecutionParametersNeverIntoTheText() {
    athena.results(COLUMNS, List.of());
    String sql =
        "SELECT id_loja FROM t WHERE cidade = ? AND n_vendas > ? AND receita >= ? AND dia BETWEEN ? AND ? AND pago = ?";

    catalog(Duration.ofSeconds(5))
        .query(
            sql,
            List.of(
                "O'Brien",
                42L,
                new BigDecimal("12.30"),
                LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 1, 31),
                true),
            r -> {});

    JsonNode start = athena.calls("StartQueryExecution").get(0).body();
    assertThat(start.path("QueryString").asString()).isEqualTo(sql);
    assertThat(start.path("ExecutionParameters").valueStream().map(JsonNode::asString).toList())
        .containsExactly(
            "'O''Brien'",
            "42",
            "DECIMAL '12.30'",
            "CAST('2024-01-01' AS DATE)",
            "CAST('2024-01-31' AS DATE)",
            "true");
    assertThat(start.path("WorkGroup").asString()).isEqualTo("reports");
    assertThat(start.path("QueryExecutionContext").path("Catalog").asString())
        .isEqualTo("AwsDataCatalog");
    assertThat(start.path("QueryExecutionContext").path("Database").asString())
        .isEqualTo("sales_tech_query");
    assertThat(start.path("ResultConfiguration").path("OutputLocation").asString())
        .isEqualTo("s3://athena-results/query-service/");
    JsonNode reuse = start.path("ResultReuseConfiguration").path("ResultReuseByAgeConfiguration");
    assertThat(reuse.path("Enabled").asBoolean()).isTrue();
    assertThat(reuse.path("MaxAgeInMinutes").asInt()).isEqualTo(30);
    // polled until SUCCEEDED, then read
    assertThat(athena.calls("GetQueryExecution")).hasSize(3);
  }

  @Test
  void aStatementWithoutValuesSendsNoExecutionParameters() {
    athena.results(COLUMNS, List.of());
    catalog(Duration.ofSeconds(5)).query("SELECT 1 FROM t", List.of(), r -> {});
    assertThat(athena.calls("StartQueryExecution").get(0).body().has("ExecutionParameters"))
        .isFalse();
  }

  @Test
  void aFailedQueryIsAFailureNamingTheQueryAndAthenasReason() {
    athena.states("QUEUED", "FAILED");
    assertThatThrownBy(
            () -> catalog(Duration.ofSeconds(5)).query("SELECT x FROM t", List.of(), r -> {}))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(QueryFailedException.Kind.FAILED);
              assertThat(e.engine()).isEqualTo("athena");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "athena: query q-1 failed: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved");
            });
    assertThat(athena.calls("GetQueryResults")).isEmpty();
  }

  @Test
  void aThrottledStartIsRetriedWithBackoff() {
    athena
        .throttleStarts(2)
        .results(COLUMNS, List.<String[]>of(row("1", "Natal", "3", "9.00", "2024-01-01", "true")));
    List<Long> stores = new ArrayList<>();
    catalog(Duration.ofSeconds(5))
        .query("SELECT * FROM t", List.of(), r -> stores.add(r.longValue(1)));
    assertThat(stores).containsExactly(1L);
    assertThat(athena.calls("StartQueryExecution")).hasSize(3);
  }

  @Test
  void throttledPastTheRetriesIsBusy() {
    athena.throttleStarts(10);
    assertThatThrownBy(
            () -> catalog(Duration.ofSeconds(5)).query("SELECT * FROM t", List.of(), r -> {}))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(QueryFailedException.Kind.BUSY);
              assertThat(e.getMessage()).contains("still throttled after 3 retries");
            });
    assertThat(athena.calls("StartQueryExecution")).hasSize(4);
  }

  @Test
  void aQueryRunningPastTheTimeoutIsStopped() {
    athena.states("RUNNING");
    assertThatThrownBy(
            () -> catalog(Duration.ofMillis(150)).query("SELECT * FROM t", List.of(), r -> {}))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.timedOut()).isTrue();
              assertThat(e.getMessage())
                  .isEqualTo("athena: query q-1 ran past PT0.15S and was stopped");
            });
    List<FakeAthena.Call> stops = athena.calls("StopQueryExecution");
    assertThat(stops).hasSize(1);
    assertThat(stops.get(0).body().path("QueryExecutionId").asString()).isEqualTo("q-1");
  }

  @Test
  void aQueryCancelledInAthenaIsAFailure() {
    athena.states("RUNNING", "CANCELLED");
    assertThatThrownBy(
            () -> catalog(Duration.ofSeconds(5)).query("SELECT * FROM t", List.of(), r -> {}))
        .isInstanceOfSatisfying(
            QueryFailedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(QueryFailedException.Kind.FAILED);
              assertThat(e.getMessage()).startsWith("athena: query q-1 was cancelled");
            });
  }

  @Test
  void anInterruptedCallerStopsItsQuery() throws Exception {
    athena.states("RUNNING");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                catalog(Duration.ofSeconds(30)).query("SELECT * FROM t", List.of(), r -> {});
              } catch (Throwable e) {
                failure.set(e);
              }
            });
    caller.start();
    while (athena.calls("GetQueryExecution").size() < 2) {
      Thread.sleep(5);
    }
    caller.interrupt();
    caller.join(5000);
    assertThat(failure.get())
        .isInstanceOf(QueryFailedException.class)
        .hasMessageContaining("query q-1 was stopped: the request was interrupted");
    assertThat(athena.calls("StopQueryExecution"))
        .extracting(c -> c.body().path("QueryExecutionId").asString())
        .containsExactly("q-1");
  }
}
