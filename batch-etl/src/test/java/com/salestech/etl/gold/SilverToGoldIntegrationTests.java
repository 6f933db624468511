package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.model.avro.GoldTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written {@code fixtures/gold} exports through bronze → silver → gold, every gold table
 * checked against values computed by hand; then a failed check, a rerun and rollbacks.
 */
@SpringBootTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilverToGoldIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("gold");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final Map<String, String> contents = new LinkedHashMap<>();
  static String firstVersion;
  static String secondVersion;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("salestech.gold.checks.freshness", () -> "fail");
  }

  /** A clock the tests can move forward, for the freshness check. */
  static final class MovableClock extends Clock {
    Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    MovableClock movableClock() {
      return new MovableClock();
    }
  }

  @Autowired Cli cli;
  @Autowired MovableClock clock;

  static JsonNode latestReport() throws IOException {
    List<Path> reports = LAKE.objects("sales-tech-gld", "_reports/silver-to-gold");
    return JsonMapper.shared().readTree(Files.readString(reports.get(reports.size() - 1)));
  }

  static List<String> rows(String table, String orderBy) {
    return LAKE.gold(table, orderBy).stream()
        .map(r -> r.values().stream().map(String::valueOf).collect(Collectors.joining("|")))
        .toList();
  }

  static String version(String table) {
    return LAKE.goldVersion(table);
  }

  @Test
  @Order(1)
  void everyGoldTableMatchesTheHandComputedExpectation() throws IOException {
    assertThat(cli.execute("land", EtlTestSupport.fixture("gold").toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    // id|cliente|nome|sexo|nasc|idade|loja|cidade|produto|nome|valor|qtd|receita|dia|promo|pgto
    // |pago|dias|canal|mes
    assertThat(rows("wide_vendas", "id_venda"))
        .containsExactly(
            "1|1|Ana|F|1990-03-10|28|1|Recife|1|mouse|20.00|1|20.00|2019-03-09|true|2019-03-10"
                + "|true|1|csv|2019-03",
            "2|1|Ana|F|1990-03-10|29|2|Salvador|2|monitor|1500.00|1|1500.00|2019-03-10|false|null"
                + "|false|null|csv|2019-03",
            "3|2|Bruno|M|2000-02-29|18|1|Recife|3|cadeira|540.00|1|540.00|2019-02-28|false"
                + "|2019-02-28|true|0|csv|2019-02",
            "4|2|Bruno|M|2000-02-29|20|1|Recife|1|mouse|20.00|1|20.00|2020-03-01|true|2020-03-31"
                + "|true|30|csv|2020-03",
            "5|3|Carla|F|1950-01-01|69|2|Salvador|2|monitor|1500.00|1|1500.00|2019-07-15|false"
                + "|null|false|null|csv|2019-07",
            "6|4|Davi|null|null|null|2|Salvador|1|mouse|20.00|1|20.00|2019-07-20|false|2019-07-25"
                + "|true|5|csv|2019-07",
            "7|99|null|null|null|null|1|Recife|3|cadeira|540.00|1|540.00|2019-07-21|false|null"
                + "|false|null|csv|2019-07");
    assertThat(rows("receita_loja_mes", "id_loja, mes"))
        .containsExactly(
            "1|Recife|2019-02|1|540.00",
            "1|Recife|2019-03|1|20.00",
            "1|Recife|2019-07|1|540.00",
            "1|Recife|2020-03|1|20.00",
            "2|Salvador|2019-03|1|1500.00",
            "2|Salvador|2019-07|2|1520.00");
    assertThat(rows("receita_produto_mes", "id_produto, mes"))
        .containsExactly(
            "1|mouse|2019-03|1|1|20.00",
            "1|mouse|2019-07|1|1|20.00",
            "1|mouse|2020-03|1|1|20.00",
            "2|monitor|2019-03|1|1|1500.00",
            "2|monitor|2019-07|1|1|1500.00",
            "3|cadeira|2019-02|1|1|540.00",
            "3|cadeira|2019-07|1|1|540.00");
    assertThat(rows("efeito_promocao", "promocao, mes"))
        .containsExactly(
            "false|2019-02|1|540.00|540.00",
            "false|2019-03|1|1500.00|1500.00",
            "false|2019-07|3|2060.00|686.67",
            "true|2019-03|1|20.00|20.00",
            "true|2020-03|1|20.00|20.00");
    assertThat(rows("status_pagamento", "pago, mes"))
        .containsExactly(
            "false|2019-03|1|1500.00|null",
            "false|2019-07|2|2040.00|null",
            "true|2019-02|1|540.00|0.00",
            "true|2019-03|1|20.00|1.00",
            "true|2019-07|1|20.00|5.00",
            "true|2020-03|1|20.00|30.00");
    assertThat(rows("perfil_clientes", "faixa_etaria, sexo"))
        .containsExactly(
            "25-34|F|1|2|1520.00",
            "65+|F|1|1|1500.00",
            "<25|M|1|2|560.00",
            "unknown|null|2|2|560.00");
    assertThat(LAKE.goldPointer("wide_vendas").get("partitionColumns").get(0).asString())
        .isEqualTo("mes_venda");

    JsonNode report = latestReport();
    assertThat(report.get("silverSales").asLong()).isEqualTo(10);
    assertThat(report.get("goldSales").asLong()).isEqualTo(7);
    assertThat(report.get("quarantinedByReason").get("orphan_store").asLong()).isEqualTo(2);
    assertThat(report.get("quarantinedByReason").get("orphan_product").asLong()).isEqualTo(1);
    assertThat(report.get("orphanPromotions").asLong()).isEqualTo(1);
    assertThat(report.get("orphanPayments").asLong()).isEqualTo(1);
    assertThat(report.get("receita").decimalValue()).isEqualByComparingTo("4140.00");
    for (JsonNode check : report.get("checks")) {
      assertThat(check.get("status").asString()).as(check.toString()).isEqualTo("PASSED");
    }
    List<Map<String, Object>> orphans =
        LAKE.query(
            "SELECT reason, column_name, line_number FROM read_parquet('"
                + DATA.resolve("lake/sales-tech-gld/_quarantine/wide_vendas")
                + "/**/*.parquet', hive_partitioning = false) ORDER BY line_number");
    assertThat(orphans)
        .extracting(r -> r.get("reason") + " " + r.get("column_name") + " " + r.get("line_number"))
        .containsExactly(
            "orphan_store id_loja 8", "orphan_product id_produto 9", "orphan_store id_loja 10");

    firstVersion = version("wide_vendas");
    JsonNode snapshot = LAKE.snapshot();
    assertThat(snapshot.get("run").asString()).isEqualTo(firstVersion);
    assertThat(snapshot.get("silver").get("vendas").asString()).isEqualTo(LAKE.version("vendas"));
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(version(table.tableName())).isEqualTo(firstVersion);
      // the per-table pointers are brought in line with the snapshot
      assertThat(LAKE.pointer("sales-tech-gld", table.tableName()).get("version").asString())
          .isEqualTo(firstVersion);
      contents.put(table.tableName(), rows(table.tableName(), "ALL").toString());
    }
  }

  @Test
  @Order(2)
  void aFailedCheckPublishesNothingAndReadersKeepThePreviousVersion() throws IOException {
    clock.now = Instant.now().plus(Duration.ofDays(10));
    try {
      // a full refresh builds again though silver did not change
      assertThat(cli.execute("run", "silver-to-gold", "--full-refresh")).isEqualTo(Cli.FAILED);
    } finally {
      clock.now = Instant.now();
    }
    JsonNode report = latestReport();
    assertThat(report.get("status").asString()).isEqualTo("FAILED");
    JsonNode freshness = report.get("checks").get(3);
    assertThat(freshness.get("check").asString()).isEqualTo("freshness");
    assertThat(freshness.get("status").asString()).isEqualTo("FAILED");
    String failedRun = report.get("runId").asString();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(version(table.tableName())).isEqualTo(firstVersion);
      assertThat(LAKE.objects("sales-tech-gld", table.tableName() + "/v=" + failedRun)).isEmpty();
      assertThat(rows(table.tableName(), "ALL").toString())
          .isEqualTo(contents.get(table.tableName()));
    }
  }

  @Test
  @Order(3)
  void aRerunWithNothingNewPublishesNothingAndARefreshPublishesTheSameContents()
      throws IOException {
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);
    // the snapshot was built from the silver current now: nothing is built or published
    assertThat(LAKE.snapshot().get("run").asString()).isEqualTo(firstVersion);
    assertThat(LAKE.objects("sales-tech-gld", "wide_vendas"))
        .filteredOn(p -> p.toString().endsWith(".parquet"))
        .isNotEmpty()
        .allMatch(p -> p.toString().contains("/v=" + firstVersion + "/"));

    assertThat(cli.execute("run", "silver-to-gold", "--full-refresh")).isEqualTo(Cli.OK);
    JsonNode report = latestReport();
    assertThat(report.get("rebuiltMonths")).hasSize(4);
    assertThat(report.get("copiedMonths")).isEmpty();
    secondVersion = version("wide_vendas");
    assertThat(secondVersion).isNotEqualTo(firstVersion);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(version(table.tableName())).isEqualTo(secondVersion);
      assertThat(rows(table.tableName(), "ALL").toString())
          .isEqualTo(contents.get(table.tableName()));
    }
  }

  @Test
  @Order(4)
  void rollbackPointsReadersBackAtAnEarlierSnapshotAsAWhole() {
    assertThat(cli.execute("rollback", "gold")).isEqualTo(Cli.OK);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(version(table.tableName())).isEqualTo(firstVersion);
      assertThat(LAKE.pointer("sales-tech-gld", table.tableName()).get("version").asString())
          .isEqualTo(firstVersion);
    }
    assertThat(rows("wide_vendas", "ALL").toString()).isEqualTo(contents.get("wide_vendas"));
    assertThat(cli.execute("rollback", "gold", secondVersion)).isEqualTo(Cli.OK);
    assertThat(version("perfil_clientes")).isEqualTo(secondVersion);
    assertThat(cli.execute("rollback", "gold", "20000101T000000Z-1")).isEqualTo(Cli.FAILED);
    assertThat(version("wide_vendas")).isEqualTo(secondVersion);
    // one gold table alone cannot be rolled back: it would mix two runs
    assertThat(cli.execute("rollback", "wide_vendas")).isEqualTo(Cli.USAGE);
    assertThat(version("wide_vendas")).isEqualTo(secondVersion);
    assertThat(cli.execute("rollback", "vendas")).isEqualTo(Cli.FAILED);
  }

  @Test
  @Order(5)
  void aChangeInOneMonthRebuildsOnlyThatMonthAndRefreshesTheAggregates() throws IOException {
    Path export = Files.createDirectories(DATA.resolve("late-july"));
    Files.writeString(
        export.resolve("caso_estudo_vendas.csv"),
        "id;id_cliente;id_loja;id_produto;dt_venda\r\n11;3;1;2;30/07/2019\r\n",
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(cli.execute("land", export.toString(), "--ingest-date", "2099-01-01"))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    JsonNode report = latestReport();
    assertThat(report.get("rebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-07");
    assertThat(report.get("copiedMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-02", "2019-03", "2020-03");
    assertThat(rows("wide_vendas", "id_venda")).hasSize(8);
    assertThat(rows("receita_loja_mes", "id_loja, mes"))
        .contains("1|Recife|2019-07|2|2040.00")
        .contains("1|Recife|2019-03|1|20.00");

    // a full refresh rebuilds every month, with the same rows
    List<String> before = rows("wide_vendas", "id_venda");
    assertThat(cli.execute("run", "silver-to-gold", "--full-refresh")).isEqualTo(Cli.OK);
    assertThat(latestReport().get("rebuiltMonths")).hasSize(4);
    assertThat(rows("wide_vendas", "id_venda")).isEqualTo(before);
  }
}
