package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.ForecastGold;
import com.salestech.query.GoldLake;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models' endpoints over real gold (batch-etl, 2,000 generated sales) extended with the models'
 * tables of {@link ForecastGold}, as the {@code forecast} job extends the snapshot: every answer is
 * checked against the fixture's hand-written rows, to the digit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForecastsIntegrationTests {

  static final LocalDate TRAINED_UNTIL = LocalDate.of(2020, 9, 30);

  static final GoldLake LAKE = GoldLake.create("forecasts").publish(2_000, 5, LocalDate.now());

  static {
    ForecastGold.extend(LAKE, TRAINED_UNTIL, "20261201T221401Z-900");
  }

  static final String RUN = LAKE.run();

  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;

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
    return JSON.readTree(response.body());
  }

  static JsonNode json(String text) {
    return JSON.readTree(text.replace("'", "\"").replace("RUN", RUN));
  }

  static void assertProvenance(JsonNode body, String report) {
    assertThat(body.get("report").asString()).isEqualTo(report);
    JsonNode provenance = body.get("provenance");
    assertThat(provenance.get("engine").asString()).isEqualTo("duckdb");
    assertThat(provenance.get("snapshot").asString()).isEqualTo(RUN);
    // extending the snapshot published it anew: the answer is of the extended one
    assertThat(Instant.parse(provenance.get("publishedAt").asString()))
        .isEqualTo(Instant.parse(LAKE.snapshot().get("publishedAt").asString()));
    assertThat(provenance.get("newestSale").asString())
        .isEqualTo(LAKE.oracleRow("SELECT max(dt_venda) AS d FROM WIDE").get("d").toString());
  }

  @Test
  void aStoresForecastIsItsRowsByDateWithTheModelAndTheRunItWasComputedFrom() throws Exception {
    JsonNode body = get("/api/v1/forecasts?storeId=2");

    assertProvenance(body, "forecast");
    assertThat(body.get("data"))
        .isEqualTo(
            json(
                """
                {'series': 'store:2', 'storeId': 2, 'city': 'Rio de Janeiro', 'metric': 'revenue',
                 'source': 'previsao_vendas,previsao_acuracia', 'model': 'sazonal_ingenuo',
                 'fallback': true, 'trainedUntil': '2020-09-30',
                 'computedFrom': {'run': 'RUN', 'current': true},
                 'points': [
                  {'date': '2020-10-01', 'horizon': 1, 'point': 210.00, 'lower80': 180.00,
                   'upper80': 240.00, 'lower95': 160.00, 'upper95': 260.00},
                  {'date': '2020-10-02', 'horizon': 2, 'point': 198.50, 'lower80': 170.25,
                   'upper80': 226.75, 'lower95': 150.00, 'upper95': 247.00},
                  {'date': '2020-10-03', 'horizon': 3, 'point': 225.33, 'lower80': 190.00,
                   'upper80': 260.67, 'lower95': 170.00, 'upper95': 280.67}]}
                """));
  }

  @Test
  void withoutAStoreTheForecastIsTheTotalsRevenueForTheNext28Days() throws Exception {
    JsonNode data = get("/api/v1/forecasts").get("data");

    assertThat(data.get("series").asString()).isEqualTo("total");
    assertThat(data.get("storeId").isNull()).isTrue();
    assertThat(data.get("city").isNull()).isTrue();
    assertThat(data.get("metric").asString()).isEqualTo("revenue");
    assertThat(data.get("model").asString()).isEqualTo("ets");
    assertThat(data.get("fallback").asBoolean()).isFalse();
    JsonNode points = data.get("points");
    assertThat(points.size()).isEqualTo(28);
    for (int h = 1; h <= 28; h++) {
      JsonNode p = points.get(h - 1);
      assertThat(p.get("date").asString()).isEqualTo(TRAINED_UNTIL.plusDays(h).toString());
      assertThat(p.get("horizon").asInt()).isEqualTo(h);
      // 1000 + 10h + 0.125, rounded half up to two places
      BigDecimal point = new BigDecimal(1000 + 10 * h + ".13");
      assertThat(p.get("point").decimalValue()).isEqualTo(point);
      assertThat(p.get("lower80").decimalValue()).isEqualTo(point.subtract(new BigDecimal(80)));
      assertThat(p.get("upper80").decimalValue()).isEqualTo(point.add(new BigDecimal(80)));
      assertThat(p.get("lower95").decimalValue()).isEqualTo(point.subtract(new BigDecimal(150)));
      assertThat(p.get("upper95").decimalValue()).isEqualTo(point.add(new BigDecimal(150)));
    }
    assertThat(points.get(0))
        .isEqualTo(
            json(
                "{'date': '2020-10-01', 'horizon': 1, 'point': 1010.13, 'lower80': 930.13,"
                    + " 'upper80': 1090.13, 'lower95': 860.13, 'upper95': 1160.13}"));
    assertThat(points.get(27).get("date").asString()).isEqualTo("2020-10-28");
  }

  @Test
  void unitsOfAStoreWithoutABacktestHaveNoFallbackFlag() throws Exception {
    JsonNode data = get("/api/v1/forecasts?storeId=1&metric=units").get("data");

    assertThat(data.get("series").asString()).isEqualTo("store:1");
    assertThat(data.get("city").asString()).isEqualTo("São Paulo");
    assertThat(data.get("metric").asString()).isEqualTo("units");
    assertThat(data.get("fallback").isNull()).isTrue();
    assertThat(data.get("points").size()).isEqualTo(28);
    // 12 + h/8: 12.125, 12.25, 12.375
    assertThat(data.at("/points/0/point").decimalValue()).isEqualTo(new BigDecimal("12.13"));
    assertThat(data.at("/points/1/point").decimalValue()).isEqualTo(new BigDecimal("12.25"));
    assertThat(data.at("/points/2/point").decimalValue()).isEqualTo(new BigDecimal("12.38"));
    assertThat(data.at("/points/2/lower95").decimalValue()).isEqualTo(new BigDecimal("8.38"));
  }

  @Test
  void aStoreWithoutAForecastHasNoPointsAsTheReportsHaveNoRows() throws Exception {
    JsonNode data = get("/api/v1/forecasts?storeId=999&metric=units").get("data");

    assertThat(data)
        .isEqualTo(
            json(
                """
                {'series': 'store:999', 'storeId': 999, 'city': null, 'metric': 'units',
                 'source': 'previsao_vendas', 'model': null, 'fallback': null,
                 'trainedUntil': null, 'computedFrom': {'run': 'RUN', 'current': true},
                 'points': []}
                """));
  }

  @Test
  void theBacktestHasEveryModelsMeansOverItsFoldsAndEveryFold() throws Exception {
    JsonNode body = get("/api/v1/forecasts/accuracy");

    assertProvenance(body, "forecast-accuracy");
    JsonNode data = body.get("data");
    assertThat(data.get("metric").asString()).isEqualTo("revenue");
    assertThat(data.get("source").asString()).isEqualTo("previsao_acuracia");
    assertThat(data.get("computedFrom")).isEqualTo(json("{'run': 'RUN', 'current': true}"));
    assertThat(data.get("models"))
        .isEqualTo(
            json(
                """
                [{'series': 'total', 'storeId': null, 'model': 'ets', 'folds': 3,
                  'mase': 0.8000, 'rmsse': 0.8500, 'coverage80': 0.7857, 'coverage95': 0.9643,
                  'chosen': true, 'fallback': false},
                 {'series': 'total', 'storeId': null, 'model': 'sazonal_ingenuo', 'folds': 3,
                  'mase': 1.0333, 'rmsse': 1.0333, 'coverage80': 0.7500, 'coverage95': 0.9500,
                  'chosen': false, 'fallback': false},
                 {'series': 'store:1', 'storeId': 1, 'model': 'ets', 'folds': 2,
                  'mase': 0.6500, 'rmsse': 0.7000, 'coverage80': 0.8500, 'coverage95': 0.9750,
                  'chosen': true, 'fallback': false},
                 {'series': 'store:1', 'storeId': 1, 'model': 'sazonal_ingenuo', 'folds': 2,
                  'mase': 1.1000, 'rmsse': 1.2000, 'coverage80': 0.6500, 'coverage95': 0.8750,
                  'chosen': false, 'fallback': false},
                 {'series': 'store:2', 'storeId': 2, 'model': 'sazonal_ingenuo', 'folds': 2,
                  'mase': 1.0100, 'rmsse': 1.0200, 'coverage80': 0.8000, 'coverage95': 0.9250,
                  'chosen': true, 'fallback': true},
                 {'series': 'store:2', 'storeId': 2, 'model': 'ets', 'folds': 2,
                  'mase': 1.4000, 'rmsse': 1.3500, 'coverage80': 0.6500, 'coverage95': 0.8500,
                  'chosen': false, 'fallback': false}]
                """));
    JsonNode folds = data.get("folds");
    assertThat(folds.size()).isEqualTo(14);
    assertThat(folds.get(0))
        .isEqualTo(
            json(
                """
                {'series': 'total', 'storeId': null, 'model': 'ets', 'fold': 1,
                 'cutoff': '2020-07-08', 'mase': 0.8000, 'rmsse': 0.8500, 'coverage80': 0.7500,
                 'coverage95': 0.9286}
                """));
    assertThat(folds.get(2).get("cutoff").asString()).isEqualTo("2020-09-02");
    assertThat(folds.get(2).get("coverage80").decimalValue()).isEqualTo(new BigDecimal("0.7857"));
    // the chosen model's folds come first within a series, as its summary does
    StringBuilder order = new StringBuilder();
    folds.forEach(
        f ->
            order
                .append(f.get("series").asString())
                .append('/')
                .append(f.get("model").asString())
                .append('/')
                .append(f.get("fold").asInt())
                .append(' '));
    assertThat(order.toString().trim())
        .isEqualTo(
            "total/ets/1 total/ets/2 total/ets/3"
                + " total/sazonal_ingenuo/1 total/sazonal_ingenuo/2 total/sazonal_ingenuo/3"
                + " store:1/ets/1 store:1/ets/2 store:1/sazonal_ingenuo/1 store:1/sazonal_ingenuo/2"
                + " store:2/sazonal_ingenuo/1 store:2/sazonal_ingenuo/2 store:2/ets/1 store:2/ets/2");
  }

  @Test
  void aScaledErrorThatIsNotFiniteIsNullAndLeftOutOfTheMean() throws Exception {
    JsonNode data = get("/api/v1/forecasts/accuracy?metric=units").get("data");

    assertThat(data.get("models").size()).isEqualTo(2);
    assertThat(data.at("/models/0"))
        .isEqualTo(
            json(
                """
                {'series': 'total', 'storeId': null, 'model': 'ets', 'folds': 2,
                 'mase': 0.5000, 'rmsse': 0.6000, 'coverage80': 0.8000, 'coverage95': 0.9500,
                 'chosen': true, 'fallback': false}
                """));
    assertThat(data.at("/folds/1/mase").isNull()).isTrue();
    assertThat(data.at("/folds/1/rmsse").decimalValue()).isEqualTo(new BigDecimal("0.6500"));
  }

  @Test
  void thePromotionEffectIsOverallThenPerProductBothWaysSideBySide() throws Exception {
    JsonNode body = get("/api/v1/promotions/effect");

    assertProvenance(body, "promotion-effect");
    assertThat(body.get("data"))
        .isEqualTo(
            json(
                """
                {'source': 'efeito_promocao_estimado',
                 'computedFrom': {'run': 'RUN', 'current': true},
                 'rows': [
                  {'scope': 'overall', 'productId': null, 'product': null,
                   'controlled': {'uplift': 0.1800, 'lower': 0.1235, 'upper': 0.2400, 'n': 5400,
                                  'promotionDays': 700},
                   'naive': {'uplift': 0.3500, 'lower': 0.3000, 'upper': 0.4000, 'n': 5400,
                             'promotionDays': 700}},
                  {'scope': 'product', 'productId': 1, 'product': 'mouse',
                   'controlled': {'uplift': 0.2200, 'lower': 0.1000, 'upper': 0.3400, 'n': 1800,
                                  'promotionDays': 250},
                   'naive': {'uplift': 0.4100, 'lower': 0.2700, 'upper': 0.5500, 'n': 1800,
                             'promotionDays': 250}},
                  {'scope': 'product', 'productId': 2, 'product': 'teclado',
                   'controlled': {'uplift': -0.0200, 'lower': -0.1500, 'upper': 0.1100, 'n': 1700,
                                  'promotionDays': 10},
                   'naive': null},
                  {'scope': 'product', 'productId': 3, 'product': 'laptop básico',
                   'controlled': {'uplift': 0.1000, 'lower': -0.0500, 'upper': 0.2500, 'n': 900,
                                  'promotionDays': 120},
                   'naive': {'uplift': 0.3000, 'lower': 0.1200, 'upper': 0.4800, 'n': 900,
                             'promotionDays': 120}}]}
                """));
  }

  @Test
  void asCsvEachModelAnswerHasEveryRowAndSaysWhatItWasComputedFromInHeaders() throws Exception {
    HttpResponse<String> forecast = raw("/api/v1/forecasts?storeId=2", "text/csv");
    assertThat(forecast.statusCode()).isEqualTo(200);
    assertThat(forecast.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(forecast.headers().firstValue("X-Gold-Snapshot")).contains(RUN);
    assertThat(forecast.headers().firstValue("X-Models-Computed-From")).contains(RUN);
    assertThat(forecast.headers().firstValue("X-Models-Current")).contains("true");
    assertThat(forecast.body())
        .isEqualTo(
            "series,store_id,metric,model,fallback,trained_until,date,horizon,point,lower_80,"
                + "upper_80,lower_95,upper_95\r\n"
                + "store:2,2,revenue,sazonal_ingenuo,true,2020-09-30,2020-10-01,1,210.00,180.00,"
                + "240.00,160.00,260.00\r\n"
                + "store:2,2,revenue,sazonal_ingenuo,true,2020-09-30,2020-10-02,2,198.50,170.25,"
                + "226.75,150.00,247.00\r\n"
                + "store:2,2,revenue,sazonal_ingenuo,true,2020-09-30,2020-10-03,3,225.33,190.00,"
                + "260.67,170.00,280.67\r\n");

    HttpResponse<String> accuracy = raw("/api/v1/forecasts/accuracy?metric=units", "text/csv");
    assertThat(accuracy.statusCode()).isEqualTo(200);
    assertThat(accuracy.body())
        .isEqualTo(
            "series,store_id,metric,model,fold,cutoff,folds,mase,rmsse,coverage_80,coverage_95,"
                + "chosen,fallback\r\n"
                + "total,,units,ets,mean,,2,0.5000,0.6000,0.8000,0.9500,true,false\r\n"
                + "total,,units,sazonal_ingenuo,mean,,2,1.0000,1.0000,0.7500,0.9000,false,false\r\n"
                + "total,,units,ets,1,2020-08-05,,0.5000,0.5500,0.8000,0.9500,,\r\n"
                + "total,,units,ets,2,2020-09-02,,,0.6500,0.8000,0.9500,,\r\n"
                + "total,,units,sazonal_ingenuo,1,2020-08-05,,1.0000,1.0000,0.7500,0.9000,,\r\n"
                + "total,,units,sazonal_ingenuo,2,2020-09-02,,1.0000,1.0000,0.7500,0.9000,,\r\n");

    HttpResponse<String> effect = raw("/api/v1/promotions/effect", "text/csv");
    assertThat(effect.statusCode()).isEqualTo(200);
    assertThat(effect.headers().firstValue("X-Models-Computed-From")).contains(RUN);
    assertThat(effect.body())
        .isEqualTo(
            "scope,product_id,product,controlled_uplift,controlled_lower,controlled_upper,"
                + "controlled_n,controlled_promotion_days,naive_uplift,naive_lower,naive_upper,"
                + "naive_n,naive_promotion_days\r\n"
                + "overall,,,0.1800,0.1235,0.2400,5400,700,0.3500,0.3000,0.4000,5400,700\r\n"
                + "product,1,mouse,0.2200,0.1000,0.3400,1800,250,0.4100,0.2700,0.5500,1800,250\r\n"
                + "product,2,teclado,-0.0200,-0.1500,0.1100,1700,10,,,,,\r\n"
                + "product,3,laptop básico,0.1000,-0.0500,0.2500,900,120,0.3000,0.1200,0.4800,"
                + "900,120\r\n");
  }

  @Test
  void theSecondAnswerComesFromTheCache() throws Exception {
    for (String query :
        new String[] {
          "/api/v1/forecasts?storeId=1", "/api/v1/forecasts/accuracy", "/api/v1/promotions/effect"
        }) {
      JsonNode first = get(query);
      JsonNode second = get(query);
      assertThat(second.get("provenance").get("cached").asBoolean()).as(query).isTrue();
      assertThat(second.get("data")).as(query).isEqualTo(first.get("data"));
    }
  }

  @Test
  void theReportsAndTheFreshnessGoOnOnTheExtendedSnapshot() throws Exception {
    JsonNode freshness = get("/api/v1/reports/freshness").get("data");
    assertThat(freshness.get("snapshot").asString()).isEqualTo(RUN);
    assertThat(freshness.get("tables").size()).isEqualTo(GoldLake.GOLD_TABLES + 3);
    assertThat(freshness.get("tables").get("previsao_vendas").asString())
        .isEqualTo("20261201T221401Z-900");
    JsonNode kpis = get("/api/v1/reports/kpis?from=2018-01-01&to=2020-12-31").get("data");
    assertThat(kpis.get("figures").get("sales").asLong())
        .isEqualTo(
            ((Number) LAKE.oracleRow("SELECT count(*) AS n FROM WIDE").get("n")).longValue());
    String docs = raw("/v3/api-docs", "application/json").body();
    assertThat(docs)
        .contains("\"/api/v1/forecasts\"")
        .contains("\"/api/v1/forecasts/accuracy\"")
        .contains("\"/api/v1/promotions/effect\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/forecasts?storeId=abc | storeId",
        "/api/v1/forecasts?storeId=0 | storeId",
        "/api/v1/forecasts?storeId=1&storeId=2 | storeId",
        "/api/v1/forecasts?metric=profit | metric",
        "/api/v1/forecasts?from=2020-01-01 | from",
        "/api/v1/forecasts/accuracy?metric=margin | metric",
        "/api/v1/forecasts/accuracy?storeId=1 | storeId",
        "/api/v1/promotions/effect?productId=1 | productId"
      })
  void badParametersAreProblemsNamingTheParameter(String query, String parameter) throws Exception {
    HttpResponse<String> response = raw(query, "application/json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").findValuesAsString("parameter")).containsExactly(parameter);
    assertThat(problem.get("detail").asString()).startsWith(parameter + ": ");
  }
}
