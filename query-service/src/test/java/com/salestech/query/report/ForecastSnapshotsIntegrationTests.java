package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.avro.GoldTable;
import com.salestech.query.ForecastGold;
import com.salestech.query.GoldLake;
import com.salestech.query.engine.duckdb.DuckDbEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models' answers through the life of a lake: before the {@code forecast} job ever ran (no
 * model table in the snapshot: {@code 404} problems, the reports unaffected), once it extended the
 * snapshot (computed from the snapshot's own run), and after {@code silver-to-gold} published a new
 * run that kept the model tables (computed from the run before: not current).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastSnapshotsIntegrationTests {

  static final GoldLake LAKE =
      GoldLake.create("forecast-snapshots").publish(1_000, 3, LocalDate.now());

  static final List<String> MODELS =
      List.of("/api/v1/forecasts", "/api/v1/forecasts/accuracy", "/api/v1/promotions/effect");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;
  @Autowired DuckDbEngine engine;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> raw(String pathAndQuery, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response = raw(pathAndQuery, "application/json");
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  @Test
  void theModelsAnswerFromTheSnapshotAndSayWhichRunTheyWereComputedFrom() throws Exception {
    // before the forecast job ever ran
    String first = LAKE.run();
    for (String path : MODELS) {
      HttpResponse<String> response = raw(path, "application/json");
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      JsonNode problem = JsonMapper.shared().readTree(response.body());
      String table =
          path.endsWith("effect")
              ? "efeito_promocao_estimado"
              : path.endsWith("accuracy") ? "previsao_acuracia" : "previsao_vendas";
      String what = path.endsWith("effect") ? "promotion effect estimate" : "forecast";
      assertThat(problem.get("status").asInt()).isEqualTo(404);
      assertThat(problem.get("title").asString()).isEqualTo("No " + what + " published yet");
      assertThat(problem.get("detail").asString())
          .isEqualTo(
              "gold snapshot "
                  + first
                  + " has no "
                  + table
                  + ": no "
                  + what
                  + " has been published yet; run the forecast job (batch-etl run forecast)");
      assertThat(problem.get("table").asString()).isEqualTo(table);
      assertThat(problem.get("snapshot").asString()).isEqualTo(first);
    }
    // a bad parameter is still a 400, before the snapshot is looked at
    assertThat(raw("/api/v1/forecasts?metric=x", "application/json").statusCode()).isEqualTo(400);
    assertThat(raw("/api/v1/forecasts", "text/csv").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/reports/freshness").at("/data/tables").size())
        .isEqualTo(GoldLake.GOLD_TABLES);
    assertThat(
            get("/api/v1/reports/kpis?from=2018-01-01&to=2020-12-31")
                .at("/data/figures/sales")
                .asLong())
        .isPositive();

    // the forecast job extends the snapshot: same run, published anew
    ForecastGold.extend(LAKE, LocalDate.of(2020, 9, 30), "20261201T221401Z-901");
    assertThat(engine.refresh())
        .hasValueSatisfying(v -> assertThat(v.tables()).hasSize(GoldLake.GOLD_TABLES + 3));
    assertThat(LAKE.run()).isEqualTo(first);
    for (String path : MODELS) {
      JsonNode body = get(path);
      assertThat(body.at("/provenance/snapshot").asString()).isEqualTo(first);
      assertThat(body.at("/provenance/cached").asBoolean()).isFalse();
      assertThat(body.at("/data/computedFrom/run").asString()).as(path).isEqualTo(first);
      assertThat(body.at("/data/computedFrom/current").asBoolean()).as(path).isTrue();
    }
    assertThat(get("/api/v1/forecasts?storeId=2").at("/data/points").size()).isEqualTo(3);

    // silver-to-gold publishes a new run and keeps the model tables of the one before
    LAKE.publish(1_500, 4, LocalDate.now().plusDays(1));
    String second = LAKE.run();
    assertThat(second).isNotEqualTo(first);
    assertThat(LAKE.snapshot().at("/tables/previsao_vendas").asString())
        .isEqualTo("20261201T221401Z-901");
    assertThat(engine.refresh()).hasValueSatisfying(v -> assertThat(v.run()).isEqualTo(second));
    for (String path : MODELS) {
      JsonNode body = get(path);
      assertThat(body.at("/provenance/snapshot").asString()).as(path).isEqualTo(second);
      assertThat(body.at("/provenance/cached").asBoolean()).as(path).isFalse();
      assertThat(body.at("/data/computedFrom/run").asString()).as(path).isEqualTo(first);
      assertThat(body.at("/data/computedFrom/current").asBoolean()).as(path).isFalse();
    }
    HttpResponse<String> csv = raw("/api/v1/promotions/effect", "text/csv");
    assertThat(csv.headers().firstValue("X-Gold-Snapshot")).contains(second);
    assertThat(csv.headers().firstValue("X-Models-Computed-From")).contains(first);
    assertThat(csv.headers().firstValue("X-Models-Current")).contains("false");
    assertThat(get("/api/v1/reports/freshness").at("/data/tables").size())
        .isEqualTo(GoldLake.GOLD_TABLES + 3);

    // the job runs again on the new run and has no promotion to estimate: a version without rows
    ForecastGold.extend(
        LAKE,
        LocalDate.of(2020, 9, 30),
        "20261202T221401Z-902",
        GoldTable.EFEITO_PROMOCAO_ESTIMADO);
    assertThat(engine.refresh())
        .hasValueSatisfying(
            v ->
                assertThat(v.tables())
                    .containsEntry("efeito_promocao_estimado", "20261202T221401Z-902"));
    JsonNode forecast = get("/api/v1/forecasts");
    assertThat(forecast.at("/data/computedFrom/run").asString()).isEqualTo(second);
    assertThat(forecast.at("/data/computedFrom/current").asBoolean()).isTrue();
    JsonNode effect = get("/api/v1/promotions/effect").get("data");
    assertThat(effect.get("rows").size()).as(effect.toString()).isZero();
    assertThat(effect.get("computedFrom").isNull()).as(effect.toString()).isTrue();
  }
}
