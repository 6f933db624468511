package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.model.Table;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Later exports through bronze → silver → gold: a new price rebuilds exactly the months that sell
 * the product, a new birth date moves one customer's ages and profile, and a rerun with nothing new
 * publishes nothing. Fixtures: {@code gold-incremental} (seven sales in five months), then {@code
 * gold-incremental-price} (cadeira 540 → 612,35) and {@code gold-incremental-birth} (Carla born
 * 9/21/1994 instead of 1/1/1950).
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldIncrementalIntegrationTests {

  static final java.nio.file.Path DATA = EtlTestSupport.newDataDir("gold-incremental");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final PublishedGold GOLD = new PublishedGold(DATA);
  static final LocalDate TODAY = LocalDate.now();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;

  @BeforeAll
  void theFirstExportIsInGold() {
    // given the first export, in silver and gold
    land("gold-incremental", TODAY);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    assertThat(GOLD.latestReport().get("rebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-03", "2019-05", "2019-07", "2019-09", "2020-02");
    // id|cliente|nasc|idade|produto|valor|receita|dia|mes
    assertThat(wideVendas())
        .containsExactly(
            "1|1|1990-03-10|28|1|20.00|20.00|2019-03-09|2019-03",
            "2|2|2000-02-29|19|3|540.00|540.00|2019-03-10|2019-03",
            "3|3|1950-01-01|69|2|1500.00|1500.00|2019-05-15|2019-05",
            "4|2|2000-02-29|19|1|20.00|20.00|2020-02-28|2020-02",
            "5|2|2000-02-29|20|3|540.00|540.00|2020-02-29|2020-02",
            "6|1|1990-03-10|29|2|1500.00|1500.00|2019-07-20|2019-07",
            "7|3|1950-01-01|69|3|540.00|540.00|2019-09-21|2019-09");
  }

  @Test
  @Order(0)
  void eachMonthsFingerprintIsTheSumOfItsRowsHashesAsReadBack() throws Exception {
    // the join hashes a row from its parts (the city's, product's, name's and channel's hashes
    // made once): the month's fingerprint must be what the rows read back as records hash to,
    // or an upgrade would see every month changed
    String version = GOLD.version("wide_vendas");
    JsonNode months = GOLD.object("wide_vendas/v=" + version + "/_months.json").get("months");
    assertThat(months.size()).isEqualTo(5);
    java.nio.file.Path bucket = DATA.resolve("lake").resolve("sales-tech-gld");
    for (Map.Entry<String, JsonNode> month : months.properties()) {
      long rows = 0;
      long hash = 0;
      for (JsonNode file : month.getValue().get("files")) {
        try (var reader =
            org.apache.parquet.avro.AvroParquetReader
                .<org.apache.avro.generic.GenericRecord>builder(
                    new org.apache.parquet.io.LocalInputFile(
                        bucket.resolve(file.get("key").asString())),
                    new org.apache.parquet.conf.PlainParquetConfiguration())
                .withDataModel(com.salestech.lake.parquet.ParquetLake.dataModel())
                .build()) {
          for (org.apache.avro.generic.GenericRecord row; (row = reader.read()) != null; ) {
            rows++;
            hash += RowHash.of(row);
          }
        }
      }
      assertThat(rows).as(month.getKey()).isEqualTo(month.getValue().get("rows").asLong());
      assertThat(hash).as(month.getKey()).isEqualTo(month.getValue().get("hash").asLong());
    }
  }

  @Test
  @Order(1)
  void aNewPriceRebuildsExactlyTheMonthsThatSellTheProduct() {
    // given a later produtos export naming only cadeira, at a new price
    land("gold-incremental-price", TODAY.plusDays(1));

    // when
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    // then the months of cadeira's sales are rebuilt, the others copied
    JsonNode report = GOLD.latestReport();
    assertThat(report.get("rebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-03", "2019-09", "2020-02");
    assertThat(report.get("copiedMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-05", "2019-07");
    assertThat(wideVendas())
        .containsExactly(
            "1|1|1990-03-10|28|1|20.00|20.00|2019-03-09|2019-03",
            "2|2|2000-02-29|19|3|612.35|612.35|2019-03-10|2019-03",
            "3|3|1950-01-01|69|2|1500.00|1500.00|2019-05-15|2019-05",
            "4|2|2000-02-29|19|1|20.00|20.00|2020-02-28|2020-02",
            "5|2|2000-02-29|20|3|612.35|612.35|2020-02-29|2020-02",
            "6|1|1990-03-10|29|2|1500.00|1500.00|2019-07-20|2019-07",
            "7|3|1950-01-01|69|3|612.35|612.35|2019-09-21|2019-09");
    assertThat(
            rows(
                "SELECT id_produto, produto, mes, n_vendas, quantidade, receita FROM "
                    + GOLD.relation("receita_produto_mes")
                    + " ORDER BY id_produto, mes"))
        .containsExactly(
            "1|mouse|2019-03|1|1|20.00",
            "1|mouse|2020-02|1|1|20.00",
            "2|monitor|2019-05|1|1|1500.00",
            "2|monitor|2019-07|1|1|1500.00",
            "3|cadeira|2019-03|1|1|612.35",
            "3|cadeira|2019-09|1|1|612.35",
            "3|cadeira|2020-02|1|1|612.35");
    assertThat(
            rows(
                "SELECT id_loja, cidade, mes, n_vendas, receita FROM "
                    + GOLD.relation("receita_loja_mes")
                    + " ORDER BY id_loja, mes"))
        .containsExactly(
            "1|Recife|2019-03|1|20.00",
            "1|Recife|2019-05|1|1500.00",
            "1|Recife|2019-09|1|612.35",
            "1|Recife|2020-02|1|20.00",
            "2|Salvador|2019-03|1|612.35",
            "2|Salvador|2019-07|1|1500.00",
            "2|Salvador|2020-02|1|612.35");
    assertThat(perfilClientes())
        .containsExactly("25-34|F|1|2|1520.00", "65+|F|1|2|2112.35", "<25|M|1|3|1244.70");
    // the daily series: cadeira's months change, the nine others are copied
    assertThat(report.get("vendasDiariasRebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-03", "2019-09", "2020-02");
    assertThat(report.get("vendasDiariasCopiedMonths")).hasSize(9);
    assertThat(vendasDiarias()).hasSize(5 * 358).isEqualTo(vendasDiariasOracle());
  }

  @Test
  @Order(2)
  void aNewBirthDateChangesThatCustomersAgesAndProfile() {
    // given a later clientes export: Carla was born on 21 September 1994, not 1 January 1950
    land("gold-incremental-birth", TODAY.plusDays(2));

    // when
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    // then her two sales are 24 (15 May 2019) and 25 (her birthday, 21 September 2019)
    JsonNode report = GOLD.latestReport();
    assertThat(report.get("rebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-05", "2019-09");
    assertThat(report.get("copiedMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-03", "2019-07", "2020-02");
    assertThat(wideVendas())
        .containsExactly(
            "1|1|1990-03-10|28|1|20.00|20.00|2019-03-09|2019-03",
            "2|2|2000-02-29|19|3|612.35|612.35|2019-03-10|2019-03",
            "3|3|1994-09-21|24|2|1500.00|1500.00|2019-05-15|2019-05",
            "4|2|2000-02-29|19|1|20.00|20.00|2020-02-28|2020-02",
            "5|2|2000-02-29|20|3|612.35|612.35|2020-02-29|2020-02",
            "6|1|1990-03-10|29|2|1500.00|1500.00|2019-07-20|2019-07",
            "7|3|1994-09-21|25|3|612.35|612.35|2019-09-21|2019-09");
    // she leaves 65+, and counts once in <25 and once in 25-34, beside Ana
    assertThat(perfilClientes())
        .containsExactly("25-34|F|2|3|2132.35", "<25|F|1|1|1500.00", "<25|M|1|3|1244.70");
    // ages are not in the daily series: every month of it is copied
    assertThat(report.get("vendasDiariasRebuiltMonths")).isEmpty();
    assertThat(report.get("vendasDiariasCopiedMonths")).hasSize(12);
    assertThat(vendasDiarias()).isEqualTo(vendasDiariasOracle());
  }

  @Test
  @Order(3)
  void aRerunWithNothingNewLandedPublishesNothingNew() {
    // given gold as published, and the silver it was built from
    Map<String, String> gold = GOLD.versions();
    Map<String, String> silver = silverVersions();
    List<String> wide = wideVendas();

    // when both jobs run again with nothing landed since
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    // then no table, silver or gold, has a new published version
    assertThat(silverVersions()).as("silver versions").isEqualTo(silver);
    assertThat(GOLD.versions()).as("gold versions").isEqualTo(gold);
    assertThat(wideVendas()).isEqualTo(wide);
  }

  private void land(String fixture, LocalDate ingestDate) {
    assertThat(
            cli.execute(
                "land",
                EtlTestSupport.fixture(fixture).toString(),
                "--ingest-date",
                ingestDate.toString()))
        .isEqualTo(Cli.OK);
  }

  private static List<String> wideVendas() {
    return rows(
        "SELECT id_venda, id_cliente, dt_nasc, idade_na_venda, id_produto, valor, receita,"
            + " dt_venda, mes_venda FROM "
            + GOLD.relation("wide_vendas")
            + " ORDER BY id_venda");
  }

  private static final String DAILY =
      "id_loja, cidade, id_produto, produto, dt_venda, mes_venda, n_vendas, unidades, receita,"
          + " unidades_promocao, receita_promocao";

  private static List<String> vendasDiarias() {
    return rows(
        "SELECT "
            + DAILY
            + " FROM "
            + GOLD.relation("vendas_diarias")
            + " ORDER BY id_loja, id_produto, dt_venda");
  }

  private static List<String> vendasDiariasOracle() {
    return rows(
        "SELECT "
            + DAILY
            + " FROM ("
            + GoldOracleIntegrationTests.vendasDiariasOracle(GOLD.relation("wide_vendas"))
            + ") ORDER BY id_loja, id_produto, dt_venda");
  }

  private static List<String> perfilClientes() {
    return rows(
        "SELECT faixa_etaria, sexo, n_clientes, n_vendas, receita FROM "
            + GOLD.relation("perfil_clientes")
            + " ORDER BY faixa_etaria, sexo");
  }

  private static Map<String, String> silverVersions() {
    Map<String, String> versions = new TreeMap<>();
    for (Table table : Table.values()) {
      versions.put(table.tableName(), LAKE.version(table.tableName()));
    }
    return versions;
  }

  private static List<String> rows(String sql) {
    return LAKE.query(sql).stream()
        .map(r -> r.values().stream().map(String::valueOf).collect(Collectors.joining("|")))
        .toList();
  }
}
