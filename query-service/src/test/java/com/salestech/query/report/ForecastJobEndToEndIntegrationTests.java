package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salestech.query.GoldLake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code forecast} job's tables (batch-etl, run on generated retail sales) served as the
 * dashboard reads them, against the rows of those tables read straight from the lake.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastJobEndToEndIntegrationTests {

  static final GoldLake LAKE =
      GoldLake.create("forecast-job").publishRetailWithForecasts(60_000, 21, LocalDate.now());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  @Test
  void theForecastOfAStoreIsTheJobsRows() throws Exception {
    JsonNode body = get("/api/v1/forecasts?storeId=3&metric=units");
    JsonNode data = body.get("data");
    assertThat(data.at("/computedFrom/run").asString()).isEqualTo(LAKE.run());
    assertThat(data.at("/computedFrom/current").asBoolean()).isTrue();
    assertThat(data.get("trainedUntil").asString()).isEqualTo("2019-12-31");
    List<Map<String, Object>> rows =
        LAKE.oracle(
            "SELECT modelo, dt_prevista, previsto, inferior_95, superior_95 FROM "
                + LAKE.table("previsao_vendas")
                + " WHERE serie = 'loja:3' AND metrica = 'units' ORDER BY horizonte");
    assertThat(rows).hasSize(28);
    assertThat(data.get("model").asString()).isEqualTo(rows.get(0).get("modelo"));
    JsonNode points = data.get("points");
    assertThat(points).hasSize(28);
    for (int h = 0; h < 28; h++) {
      JsonNode p = points.get(h);
      Map<String, Object> r = rows.get(h);
      assertThat(p.get("date").asString()).isEqualTo(r.get("dt_prevista").toString());
      assertThat(p.get("point").asDouble()).isCloseTo((Double) r.get("previsto"), within(0.005));
      assertThat(p.get("lower95").asDouble())
          .isCloseTo((Double) r.get("inferior_95"), within(0.005));
      assertThat(p.get("upper95").asDouble())
          .isCloseTo((Double) r.get("superior_95"), within(0.005));
    }
    assertThat(points.get(0).get("date").asString()).isEqualTo("2020-01-01");
  }

  @Test
  void accuracyComparesEachSeriesModelWithSeasonalNaive() throws Exception {
    JsonNode models = get("/api/v1/forecasts/accuracy?metric=units").at("/data/models");
    // the total and ten stores, each with both models
    assertThat(models).hasSize(22);
    int chosen = 0;
    for (JsonNode m : models) {
      assertThat(m.get("model").asString()).isIn("seasonal-naive", "poisson-fourier");
      assertThat(m.get("folds").asInt()).isEqualTo(4);
      chosen += m.get("chosen").asBoolean() ? 1 : 0;
    }
    assertThat(chosen).isEqualTo(11);
    Map<String, Object> total =
        LAKE.oracleRow(
            "SELECT avg(mase) AS mase FROM "
                + LAKE.table("previsao_acuracia")
                + " WHERE serie = 'total' AND metrica = 'units' AND modelo = 'poisson-fourier'");
    JsonNode served =
        java.util.stream.StreamSupport.stream(models.spliterator(), false)
            .filter(
                m ->
                    m.get("series").asString().equals("total")
                        && m.get("model").asString().equals("poisson-fourier"))
            .findFirst()
            .orElseThrow();
    assertThat(served.get("mase").asDouble()).isCloseTo((Double) total.get("mase"), within(1e-4));
  }

  @Test
  void thePromotionEffectIsServedControlledBesideNaive() throws Exception {
    JsonNode rows = get("/api/v1/promotions/effect").at("/data/rows");
    assertThat(rows).hasSize(10);
    JsonNode overall = rows.get(0);
    assertThat(overall.get("scope").asString()).isEqualTo("overall");
    Map<String, Object> controlled =
        LAKE.oracleRow(
            "SELECT uplift, inferior, superior FROM "
                + LAKE.table("efeito_promocao_estimado")
                + " WHERE escopo = 'geral' AND metodo = 'controlado'");
    assertThat(overall.at("/controlled/uplift").asDouble())
        .isCloseTo((Double) controlled.get("uplift"), within(1e-4));
    assertThat(overall.at("/controlled/lower").asDouble()).isLessThan(0.3);
    assertThat(overall.at("/controlled/upper").asDouble()).isGreaterThan(0.3);
    assertThat(overall.at("/naive/uplift").isNumber()).isTrue();
  }
}
