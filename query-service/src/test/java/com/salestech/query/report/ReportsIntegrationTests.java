package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.GoldLake;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Every report on real gold (built by batch-etl from 6,000 generated sales), each figure checked
 * against the same figure computed with independent SQL straight from {@code wide_vendas}'s files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportsIntegrationTests {

  static final GoldLake LAKE = GoldLake.create("reports").publish(6_000, 42, LocalDate.now());

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

  static String filters(String from, String to, String extra) {
    return "from=" + from + "&to=" + to + (extra.isEmpty() ? "" : "&" + extra);
  }

  /** The oracle's conditions for the same filters as a query string's extra part. */
  static String where(String extra) {
    StringBuilder where =
        new StringBuilder(" WHERE dt_venda BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)");
    Map<String, List<String>> params = new HashMap<>();
    for (String pair : extra.isEmpty() ? new String[0] : extra.split("&")) {
      String[] kv = pair.split("=");
      params.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
    }
    Map<String, String> columns =
        Map.of(
            "storeId",
            "id_loja",
            "productId",
            "id_produto",
            "promotion",
            "promocao",
            "paid",
            "pago");
    params.forEach(
        (name, values) ->
            where
                .append(" AND ")
                .append(columns.get(name))
                .append(" IN (")
                .append(String.join(", ", values))
                .append(")"));
    return where.toString();
  }

  static void money(JsonNode node, Object expected) {
    assertThat(node.isNumber()).as("%s is a JSON number", node).isTrue();
    assertThat(node.decimalValue().scale()).as("%s has two places", node).isEqualTo(2);
    BigDecimal want = expected == null ? BigDecimal.ZERO : (BigDecimal) expected;
    assertThat(node.decimalValue()).isEqualByComparingTo(want);
  }

  static long count(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  static BigDecimal ratio(Object part, long whole, int scale) {
    BigDecimal p = part instanceof BigDecimal d ? d : BigDecimal.valueOf(count(part));
    return p.divide(BigDecimal.valueOf(whole), scale, RoundingMode.HALF_UP);
  }

  /** The KPI figures of a range as the oracle sees them. */
  static void assertKpis(JsonNode figures, String from, String to, String extra) {
    Map<String, Object> o =
        LAKE.oracleRow(
            "SELECT count(*) AS n, sum(quantidade) AS q, sum(receita) AS r,"
                + " count_if(promocao) AS pr, count_if(pago) AS pg FROM WIDE"
                + where(extra),
            from,
            to);
    long n = count(o.get("n"));
    assertThat(figures.get("sales").asLong()).isEqualTo(n);
    assertThat(figures.get("units").asLong()).isEqualTo(count(o.get("q")));
    money(figures.get("revenue"), o.get("r"));
    if (n > 0) {
      money(figures.get("averageTicket"), ratio(o.get("r"), n, 2));
      assertThat(figures.get("promotionShare").decimalValue())
          .isEqualByComparingTo(ratio(o.get("pr"), n, 4));
      assertThat(figures.get("paidShare").decimalValue())
          .isEqualByComparingTo(ratio(o.get("pg"), n, 4));
    }
    assertThat(n).as("the range has sales").isPositive();
  }

  LocalDate newest() {
    return (LocalDate) LAKE.oracleRow("SELECT max(dt_venda) AS d FROM WIDE").get("d");
  }

  @Test
  void kpisOfWholeMonthsComeFromTheAggregatesAndEqualTheWideTable() throws Exception {
    JsonNode body = get("/api/v1/reports/kpis?" + filters("2019-01-01", "2019-06-30", ""));
    JsonNode data = body.get("data");
    assertThat(data.get("source").asString()).contains("receita_produto_mes");
    assertThat(data.get("incomplete").asBoolean()).isFalse();
    assertKpis(data.get("figures"), "2019-01-01", "2019-06-30", "");
    JsonNode provenance = body.get("provenance");
    assertThat(provenance.get("engine").asString()).isEqualTo("duckdb");
    assertThat(provenance.get("snapshot").asString()).isEqualTo(LAKE.run());
    assertThat(provenance.get("publishedAt").isNull()).isFalse();
    assertThat(provenance.get("newestSale").asString()).isEqualTo(newest().toString());
  }

  @ParameterizedTest
  @CsvSource({
    "2019-01-10, 2019-03-20, ''",
    "2019-01-01, 2019-06-30, storeId=1",
    "2018-02-03, 2019-11-17, storeId=2&storeId=3&promotion=true",
    "2019-05-01, 2019-05-31, paid=false",
    "2019-01-01, 2019-12-31, productId=1&productId=2&paid=true"
  })
  void kpisWithFiltersEqualTheWideTable(String from, String to, String extra) throws Exception {
    JsonNode data = get("/api/v1/reports/kpis?" + filters(from, to, extra)).get("data");
    assertKpis(data.get("figures"), from, to, extra);
  }

  @Test
  void kpisComparedWithThePreviousPeriodAndYear() throws Exception {
    JsonNode period =
        get("/api/v1/reports/kpis?"
                + filters("2019-03-01", "2019-03-31", "compare=previous_period"))
            .get("data");
    JsonNode comparison = period.get("comparison");
    assertThat(comparison.get("range").get("from").asString()).isEqualTo("2019-01-29");
    assertThat(comparison.get("range").get("to").asString()).isEqualTo("2019-02-28");
    assertKpis(comparison.get("figures"), "2019-01-29", "2019-02-28", "");
    long now = period.get("figures").get("sales").asLong();
    long before = comparison.get("figures").get("sales").asLong();
    assertThat(comparison.get("change").get("sales").get("absolute").asLong())
        .isEqualTo(now - before);
    assertThat(comparison.get("change").get("sales").get("relative").decimalValue())
        .isEqualByComparingTo(
            BigDecimal.valueOf(now - before)
                .divide(BigDecimal.valueOf(before), 4, RoundingMode.HALF_UP));
    BigDecimal revenueChange =
        period
            .get("figures")
            .get("revenue")
            .decimalValue()
            .subtract(comparison.get("figures").get("revenue").decimalValue());
    assertThat(comparison.get("change").get("revenue").get("absolute").decimalValue())
        .isEqualByComparingTo(revenueChange);

    JsonNode year =
        get("/api/v1/reports/kpis?"
                + filters("2019-03-01", "2019-03-31", "compare=previous_year&storeId=1"))
            .get("data")
            .get("comparison");
    assertThat(year.get("range").get("from").asString()).isEqualTo("2018-03-01");
    assertThat(year.get("range").get("to").asString()).isEqualTo("2018-03-31");
    assertKpis(year.get("figures"), "2018-03-01", "2018-03-31", "storeId=1");
  }

  @Test
  void aRangePastTheNewestSaleIsIncompleteAndItsComparisonIsCut() throws Exception {
    LocalDate newest = newest();
    LocalDate from = newest.minusDays(9);
    LocalDate to = newest.plusDays(20);
    JsonNode data =
        get("/api/v1/reports/kpis?"
                + filters(from.toString(), to.toString(), "compare=previous_period"))
            .get("data");
    assertThat(data.get("incomplete").asBoolean()).isTrue();
    // 30 days asked, 10 with data: the comparison is the first 10 days of the 30 before
    LocalDate start = from.minusDays(30);
    JsonNode comparison = data.get("comparison");
    assertThat(comparison.get("range").get("from").asString()).isEqualTo(start.toString());
    assertThat(comparison.get("range").get("to").asString())
        .isEqualTo(start.plusDays(9).toString());
    assertKpis(comparison.get("figures"), start.toString(), start.plusDays(9).toString(), "");
    assertKpis(data.get("figures"), from.toString(), to.toString(), "");

    JsonNode year =
        get("/api/v1/reports/revenue?groupBy=day&compare=previous_year&"
                + filters(from.toString(), to.toString(), ""))
            .get("data");
    assertThat(year.get("incomplete").asBoolean()).isTrue();
    assertThat(year.get("comparison").get("range").get("to").asString())
        .isEqualTo(from.minusYears(1).plusDays(9).toString());
  }

  @ParameterizedTest
  @CsvSource({
    "day, CAST(dt_venda AS VARCHAR), 'NULL', dt_venda, 2019-02-01, 2019-03-15, ''",
    "week, CAST(dt_venda - CAST(isodow(dt_venda) - 1 AS INTEGER) AS VARCHAR), 'NULL', 1, 2019-02-01, 2019-04-15, promotion=true",
    "month, mes_venda, 'NULL', mes_venda, 2019-01-01, 2019-12-31, ''",
    "month, mes_venda, 'NULL', mes_venda, 2019-01-01, 2019-12-31, productId=3",
    "month, mes_venda, 'NULL', mes_venda, 2019-01-05, 2019-12-31, storeId=2",
    "store, CAST(id_loja AS VARCHAR), max(cidade), id_loja, 2018-01-01, 2020-09-30, ''",
    "product, CAST(id_produto AS VARCHAR), max(produto), id_produto, 2019-01-01, 2019-06-30, ''",
    "product, CAST(id_produto AS VARCHAR), max(produto), id_produto, 2019-01-01, 2019-06-30, paid=true",
    "city, cidade, cidade, cidade, 2019-01-01, 2019-06-30, ''"
  })
  void revenueByEveryGroupingEqualsTheWideTable(
      String groupBy, String key, String label, String order, String from, String to, String extra)
      throws Exception {
    JsonNode data =
        get("/api/v1/reports/revenue?groupBy=" + groupBy + "&" + filters(from, to, extra))
            .get("data");
    String grouping = order.equals("1") ? key : order;
    List<Map<String, Object>> oracle =
        LAKE.oracle(
            "SELECT "
                + key
                + " AS k, "
                + label
                + " AS l, count(*) AS n, sum(quantidade) AS q, sum(receita) AS r FROM WIDE"
                + where(extra)
                + " GROUP BY "
                + grouping
                + " ORDER BY "
                + grouping,
            from,
            to);
    JsonNode rows = data.get("rows");
    assertThat(rows.size()).isEqualTo(oracle.size()).isPositive();
    for (int i = 0; i < oracle.size(); i++) {
      Map<String, Object> o = oracle.get(i);
      JsonNode row = rows.get(i);
      assertThat(row.get("key").asString()).isEqualTo(String.valueOf(o.get("k")));
      if (o.get("l") != null) {
        assertThat(row.get("label").asString()).isEqualTo(o.get("l"));
      }
      assertThat(row.get("sales").asLong()).isEqualTo(count(o.get("n")));
      assertThat(row.get("units").asLong()).isEqualTo(count(o.get("q")));
      money(row.get("revenue"), o.get("r"));
    }
    boolean aggregate =
        (groupBy.equals("month") || groupBy.equals("product"))
            && from.endsWith("-01")
            && (extra.isEmpty() || extra.startsWith("productId"));
    assertThat(data.get("source").asString())
        .isEqualTo(aggregate ? "receita_produto_mes" : "wide_vendas");
  }

  @Test
  void revenueWithAComparisonHasTheComparisonRows() throws Exception {
    JsonNode data =
        get("/api/v1/reports/revenue?groupBy=store&compare=previous_year&"
                + filters("2019-01-01", "2019-06-30", ""))
            .get("data");
    List<Map<String, Object>> oracle =
        LAKE.oracle(
            "SELECT id_loja, sum(receita) AS r FROM WIDE"
                + where("")
                + " GROUP BY id_loja ORDER BY id_loja",
            "2018-01-01",
            "2018-06-30");
    JsonNode rows = data.get("comparison").get("rows");
    assertThat(rows.size()).isEqualTo(oracle.size());
    for (int i = 0; i < oracle.size(); i++) {
      assertThat(rows.get(i).get("key").asString())
          .isEqualTo(String.valueOf(oracle.get(i).get("id_loja")));
      money(rows.get(i).get("revenue"), oracle.get(i).get("r"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "revenue, sum(receita), 2019-01-01, 2019-12-31, ''",
    "units, sum(quantidade), 2019-01-01, 2019-12-31, ''",
    "revenue, sum(receita), 2019-02-11, 2019-12-31, storeId=1"
  })
  void topProductsEqualTheWideTable(String by, String metric, String from, String to, String extra)
      throws Exception {
    JsonNode data =
        get("/api/v1/reports/top-products?limit=3&by=" + by + "&" + filters(from, to, extra))
            .get("data");
    List<Map<String, Object>> oracle =
        LAKE.oracle(
            "SELECT id_produto, count(*) AS n, sum(quantidade) AS q, sum(receita) AS r FROM WIDE"
                + where(extra)
                + " GROUP BY id_produto ORDER BY "
                + metric
                + " DESC, id_produto LIMIT 3",
            from,
            to);
    JsonNode rows = data.get("rows");
    assertThat(rows.size()).isEqualTo(oracle.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(rows.get(i).get("rank").asInt()).isEqualTo(i + 1);
      assertThat(rows.get(i).get("productId").asLong())
          .isEqualTo(count(oracle.get(i).get("id_produto")));
      assertThat(rows.get(i).get("sales").asLong()).isEqualTo(count(oracle.get(i).get("n")));
      assertThat(rows.get(i).get("units").asLong()).isEqualTo(count(oracle.get(i).get("q")));
      money(rows.get(i).get("revenue"), oracle.get(i).get("r"));
    }
  }

  @ParameterizedTest
  @CsvSource({"2019-01-01, 2019-12-31, ''", "2019-01-15, 2019-12-31, storeId=2"})
  void promotionsPaymentsAndCustomersEqualTheWideTable(String from, String to, String extra)
      throws Exception {
    JsonNode promotions = get("/api/v1/reports/promotions?" + filters(from, to, extra)).get("data");
    List<Map<String, Object>> o =
        LAKE.oracle(
            "SELECT promocao, count(*) AS n, sum(receita) AS r FROM WIDE"
                + where(extra)
                + " GROUP BY promocao ORDER BY promocao",
            from,
            to);
    assertThat(promotions.get("rows").size()).isEqualTo(o.size()).isEqualTo(2);
    for (int i = 0; i < o.size(); i++) {
      JsonNode row = promotions.get("rows").get(i);
      assertThat(row.get("promotion").asBoolean()).isEqualTo(o.get(i).get("promocao"));
      assertThat(row.get("sales").asLong()).isEqualTo(count(o.get(i).get("n")));
      money(row.get("revenue"), o.get(i).get("r"));
      money(row.get("averageTicket"), ratio(o.get(i).get("r"), count(o.get(i).get("n")), 2));
    }
    assertThat(promotions.get("source").asString())
        .isEqualTo(extra.isEmpty() ? "efeito_promocao" : "wide_vendas");

    JsonNode payments = get("/api/v1/reports/payments?" + filters(from, to, extra)).get("data");
    o =
        LAKE.oracle(
            "SELECT pago, count(*) AS n, sum(receita) AS r, sum(dias_para_pagamento) AS d,"
                + " count(dias_para_pagamento) AS dn FROM WIDE"
                + where(extra)
                + " GROUP BY pago ORDER BY pago",
            from,
            to);
    assertThat(payments.get("rows").size()).isEqualTo(o.size()).isEqualTo(2);
    for (int i = 0; i < o.size(); i++) {
      JsonNode row = payments.get("rows").get(i);
      assertThat(row.get("paid").asBoolean()).isEqualTo(o.get(i).get("pago"));
      assertThat(row.get("sales").asLong()).isEqualTo(count(o.get(i).get("n")));
      money(row.get("revenue"), o.get(i).get("r"));
      if (Boolean.TRUE.equals(o.get(i).get("pago"))) {
        assertThat(row.get("averageDaysToPay").decimalValue())
            .isEqualByComparingTo(ratio(o.get(i).get("d"), count(o.get(i).get("dn")), 2));
      } else {
        assertThat(row.get("averageDaysToPay").isNull()).isTrue();
      }
    }

    JsonNode customers = get("/api/v1/reports/customers?" + filters(from, to, extra)).get("data");
    o =
        LAKE.oracle(
            "SELECT CASE WHEN idade_na_venda IS NULL THEN 'unknown' WHEN idade_na_venda < 25 THEN '<25'"
                + " WHEN idade_na_venda < 35 THEN '25-34' WHEN idade_na_venda < 45 THEN '35-44'"
                + " WHEN idade_na_venda < 55 THEN '45-54' WHEN idade_na_venda < 65 THEN '55-64'"
                + " ELSE '65+' END AS band, sexo_cliente AS sexo, count(DISTINCT id_cliente) AS c,"
                + " count(*) AS n, sum(receita) AS r FROM WIDE"
                + where(extra)
                + " GROUP BY ALL ORDER BY band, sexo NULLS LAST",
            from,
            to);
    assertThat(customers.get("rows").size()).isEqualTo(o.size()).isGreaterThan(4);
    for (int i = 0; i < o.size(); i++) {
      JsonNode row = customers.get("rows").get(i);
      assertThat(row.get("ageBand").asString()).isEqualTo(o.get(i).get("band"));
      assertThat(row.get("sex").isNull() ? null : row.get("sex").asString())
          .isEqualTo(o.get(i).get("sexo"));
      assertThat(row.get("customers").asLong()).isEqualTo(count(o.get(i).get("c")));
      assertThat(row.get("sales").asLong()).isEqualTo(count(o.get(i).get("n")));
      money(row.get("revenue"), o.get(i).get("r"));
    }
  }

  @ParameterizedTest
  @CsvSource({"previous_period, ''", "previous_year, productId=1&productId=2"})
  void changeContributionsAddUpToTheTotalChange(String compare, String extra) throws Exception {
    JsonNode data =
        get("/api/v1/reports/change?compare="
                + compare
                + "&"
                + filters("2019-04-01", "2019-06-30", extra))
            .get("data");
    String baseFrom = data.get("baseRange").get("from").asString();
    String baseTo = data.get("baseRange").get("to").asString();
    assertThat(baseFrom).isEqualTo(compare.equals("previous_year") ? "2018-04-01" : "2018-12-31");
    BigDecimal now =
        (BigDecimal)
            LAKE.oracleRow(
                    "SELECT sum(receita) AS r FROM WIDE" + where(extra), "2019-04-01", "2019-06-30")
                .get("r");
    BigDecimal before =
        (BigDecimal)
            LAKE.oracleRow("SELECT sum(receita) AS r FROM WIDE" + where(extra), baseFrom, baseTo)
                .get("r");
    money(data.get("current"), now);
    money(data.get("base"), before);
    money(data.get("change"), now.subtract(before));
    for (String dimension : List.of("store", "product", "promotion", "payment")) {
      BigDecimal sum = BigDecimal.ZERO;
      for (JsonNode c : data.get("contributions").get(dimension)) {
        money(
            c.get("change"),
            c.get("current").decimalValue().subtract(c.get("base").decimalValue()));
        sum = sum.add(c.get("change").decimalValue());
      }
      assertThat(sum).as(dimension).isEqualByComparingTo(now.subtract(before));
    }
    for (JsonNode c : data.get("contributions").get("store")) {
      BigDecimal store =
          (BigDecimal)
              LAKE.oracleRow(
                      "SELECT coalesce(sum(receita), 0) AS r FROM WIDE"
                          + where(extra)
                          + " AND id_loja = ?",
                      "2019-04-01",
                      "2019-06-30",
                      Integer.parseInt(c.get("key").asString()))
                  .get("r");
      money(c.get("current"), store);
    }
  }

  @Test
  void salesArePagedByKeyAndStreamedWhole() throws Exception {
    String range = filters("2019-01-01", "2019-03-31", "paid=true");
    List<Long> expected =
        LAKE
            .oracle(
                "SELECT id_venda FROM WIDE" + where("paid=true") + " ORDER BY id_venda",
                "2019-01-01",
                "2019-03-31")
            .stream()
            .map(r -> count(r.get("id_venda")))
            .toList();
    assertThat(expected.size()).isGreaterThan(50);
    List<Long> paged = new ArrayList<>();
    String after = "";
    for (int page = 0; page < 100; page++) {
      JsonNode data = get("/api/v1/sales?limit=50&" + range + after).get("data");
      data.get("rows").forEach(r -> paged.add(r.get("saleId").asLong()));
      if (data.get("next").isNull()) {
        break;
      }
      assertThat(data.get("rows").size()).isEqualTo(50);
      after = "&after=" + data.get("next").asLong();
    }
    assertThat(paged).isEqualTo(expected);

    HttpResponse<String> csv =
        raw("/api/v1/sales?" + filters("2018-01-01", "2020-12-31", ""), "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    long all = count(LAKE.oracleRow("SELECT count(*) AS n FROM WIDE").get("n"));
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("sale_id,date,store_id");
    assertThat(lines.length - 1L).isEqualTo(all).isGreaterThan(1000);
  }

  @Test
  void reportsAsCsvCarryEveryRowAndTheProvenanceInHeaders() throws Exception {
    HttpResponse<String> csv =
        raw(
            "/api/v1/reports/revenue?groupBy=day&" + filters("2018-01-01", "2020-09-30", ""),
            "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    long days = count(LAKE.oracleRow("SELECT count(DISTINCT dt_venda) AS n FROM WIDE").get("n"));
    assertThat(csv.body().split("\r\n").length - 1L).isEqualTo(days);
    assertThat(csv.headers().firstValue("X-Gold-Snapshot")).contains(LAKE.run());
  }

  @Test
  void theSecondAnswerComesFromTheCache() throws Exception {
    String query = "/api/v1/reports/payments?" + filters("2018-05-01", "2018-07-31", "");
    JsonNode first = get(query);
    JsonNode second = get(query);
    assertThat(second.get("provenance").get("cached").asBoolean()).isTrue();
    assertThat(second.get("data")).isEqualTo(first.get("data"));
  }

  @Test
  void freshnessAndHealthNameTheSnapshot() throws Exception {
    JsonNode data = get("/api/v1/reports/freshness").get("data");
    assertThat(data.get("snapshot").asString()).isEqualTo(LAKE.run());
    assertThat(data.get("newestSale").asString()).isEqualTo(newest().toString());
    assertThat(data.get("tables").size()).isEqualTo(GoldLake.GOLD_TABLES);
    JsonNode health = JSON.readTree(raw("/actuator/health", "application/json").body());
    assertThat(
            health.get("components").get("goldSnapshot").get("details").get("snapshot").asString())
        .isEqualTo(LAKE.run());
    assertThat(raw("/v3/api-docs", "application/json").body()).contains("/api/v1/reports/kpis");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/reports/revenue?from=2019-01-01&to=2019-01-31&groupBy=store;drop table x | groupBy",
        "/api/v1/reports/kpis?from=2024-13-01&to=2024-12-31 | from",
        "/api/v1/sales?from=2019-01-01&to=2019-01-31&limit=100000 | limit",
        "/api/v1/reports/top-products?from=2019-01-01&to=2019-01-31&limit=100000 | limit",
        "/api/v1/reports/kpis?from=2019-02-01&to=2019-01-31 | from",
        "/api/v1/reports/kpis?from=2000-01-01&to=2019-01-31 | to",
        "/api/v1/reports/kpis?from=2019-01-01&to=2019-01-31&region=north | region",
        "/api/v1/reports/kpis?to=2019-01-31 | from",
        "/api/v1/reports/kpis?from=2019-01-01&to=2019-01-31&storeId=abc | storeId",
        "/api/v1/reports/kpis?from=2019-01-01&to=2019-01-31&promotion=maybe | promotion",
        "/api/v1/reports/kpis?from=2019-01-01&to=2019-01-31&compare=last_week | compare",
        "/api/v1/reports/kpis?from=2019-01-01&from=2019-01-02&to=2019-01-31 | from",
        "/api/v1/reports/freshness?x=1 | x"
      })
  void badParametersAreProblemsNamingTheParameter(String query, String parameter) throws Exception {
    String encoded =
        query.replace(" ", "%20").replace(";", URLEncoder.encode(";", StandardCharsets.UTF_8));
    HttpResponse<String> response = raw(encoded, "application/json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").findValuesAsString("parameter")).contains(parameter);
    assertThat(problem.get("detail").asString()).contains(parameter);
  }
}
