package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.lake.LakeStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
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
 * {@code vendas_diarias} and {@code calendario} on {@code fixtures/vendas-diarias}, every row
 * known: two sales of a pair on one day (one promoted), a gap day, a promoted stream sale of
 * quantidade 2, an orphan sale after the last valid one (outside the range). Then later sales, each
 * run compared with the oracle over the published {@code wide_vendas} and with the months it had to
 * rebuild: a new pair on a later day (every month), a later day of a known pair (the last month),
 * an earlier day (the new first month and the one it lengthens); a run with nothing new, and a full
 * refresh. Three workers, so the months are spread and a worker writes months it has no sale in.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VendasDiariasIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("vendas-diarias");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final PublishedGold GOLD = new PublishedGold(DATA);
  static final LocalDate TODAY = LocalDate.now();
  static final String HEADER = "id;id_cliente;id_loja;id_produto;dt_venda\r\n";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("salestech.gold.workers", () -> "3");
  }

  @Autowired Cli cli;
  @Autowired LakeStorage storage;

  @BeforeAll
  void theExportAndAStreamSaleAreInGold() {
    land(EtlTestSupport.fixture("vendas-diarias"), TODAY);
    // sale 6: Salvador sells 2 mouses in a promotion on 31 October, through the API
    putEvent(
        "events/ingest_date="
            + TODAY
            + "/"
            + TODAY.toString().replace("-", "")
            + "T100000000-"
            + "00000000000000d1.ndjson.gz",
        "{\"eventId\":\"00000000-0000-4000-8000-0000000000d1\",\"saleId\":6,\"customerId\":1,"
            + "\"storeId\":2,\"productId\":1,\"soldAt\":\"2019-10-31\",\"quantity\":2,"
            + "\"promotion\":true,\"receivedAt\":\""
            + TODAY
            + "T10:00:01Z\",\"apiKeyId\":\"shop-1\",\"sqsMessageId\":\"m-d1\"}");
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);
  }

  @Test
  @Order(1)
  void everyPairThatSoldHasEveryDayFromTheFirstSaleToTheLastZerosIncluded() {
    // given five valid sales of three pairs from 30 October to 2 November 2019, and an orphan sale
    // on 5 November
    // when vendas_diarias is read
    // then 3 pairs x 4 days, two months, the sums exact and the days without sales zeros
    assertThat(
            rows(
                "SELECT canal, quantidade, receita, promocao FROM "
                    + GOLD.relation("wide_vendas")
                    + " WHERE id_venda = 6"))
        .containsExactly("stream|2|39.80|true");
    // loja|cidade|produto|nome|dia|mes|n|unidades|receita|unidades promo|receita promo
    assertThat(vendasDiarias())
        .containsExactly(
            "1|Recife|1|mouse|2019-10-30|2019-10|2|2|39.8|1|19.9",
            "1|Recife|1|mouse|2019-10-31|2019-10|0|0|0.0|0|0.0",
            "1|Recife|1|mouse|2019-11-01|2019-11|1|1|19.9|0|0.0",
            "1|Recife|1|mouse|2019-11-02|2019-11|0|0|0.0|0|0.0",
            "2|Salvador|1|mouse|2019-10-30|2019-10|0|0|0.0|0|0.0",
            "2|Salvador|1|mouse|2019-10-31|2019-10|1|2|39.8|2|39.8",
            "2|Salvador|1|mouse|2019-11-01|2019-11|0|0|0.0|0|0.0",
            "2|Salvador|1|mouse|2019-11-02|2019-11|0|0|0.0|0|0.0",
            "2|Salvador|2|monitor|2019-10-30|2019-10|0|0|0.0|0|0.0",
            "2|Salvador|2|monitor|2019-10-31|2019-10|0|0|0.0|0|0.0",
            "2|Salvador|2|monitor|2019-11-01|2019-11|0|0|0.0|0|0.0",
            "2|Salvador|2|monitor|2019-11-02|2019-11|1|1|1499.99|0|0.0");
    assertThat(vendasDiarias()).isEqualTo(oracle());
    assertThat(GOLD.pointer("vendas_diarias").get("files"))
        .extracting(f -> f.get("key").asString())
        .allMatch(
            k -> k.matches("vendas_diarias/v=[^/]+/mes_venda=2019-1[01]/part-00000\\.parquet"))
        .hasSize(2);
    JsonNode report = GOLD.latestReport();
    assertThat(report.get("vendasDiariasRebuiltMonths"))
        .extracting(JsonNode::asString)
        .containsExactly("2019-10", "2019-11");
    assertThat(report.get("salePairs").asLong()).isEqualTo(3);
    assertThat(report.get("firstSale").asString()).isEqualTo("2019-10-30");
    assertThat(report.get("lastSale").asString()).isEqualTo("2019-11-02");
    assertChecksPassed(report);
    assertThat(GOLD.versions().values().stream().distinct()).hasSize(1);
  }

  @Test
  @Order(2)
  void theCalendarRunsFromTheFirstSaleToAYearAfterTheLastWithItsHolidays() {
    // given sales from 30 October to 2 November 2019
    // when calendario is read
    List<String> calendar =
        rows("SELECT count(*), min(dia), max(dia) FROM " + GOLD.relation("calendario"));

    // then 4 + 366 days, to 2 November 2020, with 2019's and 2020's holidays and Black Fridays
    assertThat(calendar).containsExactly("370|2019-10-30|2020-11-02");
    // dia|dia_semana|semana_iso|ano_iso|mes|ano|feriado|nome|black friday
    assertThat(
            rows(
                "SELECT * FROM "
                    + GOLD.relation("calendario")
                    + " WHERE feriado_nacional OR black_friday OR dia IN ('2019-10-30',"
                    + " '2019-12-30', '2020-01-02', '2020-11-02') ORDER BY dia"))
        .containsExactly(
            "2019-10-30|3|44|2019|2019-10|2019|false|null|false",
            "2019-11-02|6|44|2019|2019-11|2019|true|Finados|false",
            "2019-11-15|5|46|2019|2019-11|2019|true|Proclamação da República|false",
            "2019-11-29|5|48|2019|2019-11|2019|false|null|true",
            "2019-12-25|3|52|2019|2019-12|2019|true|Natal|false",
            // the ISO year 2020 starts on Monday 30 December 2019
            "2019-12-30|1|1|2020|2019-12|2019|false|null|false",
            "2020-01-01|3|1|2020|2020-01|2020|true|Confraternização Universal|false",
            "2020-01-02|4|1|2020|2020-01|2020|false|null|false",
            "2020-04-10|5|15|2020|2020-04|2020|true|Paixão de Cristo|false",
            "2020-04-21|2|17|2020|2020-04|2020|true|Tiradentes|false",
            "2020-05-01|5|18|2020|2020-05|2020|true|Dia do Trabalho|false",
            "2020-09-07|1|37|2020|2020-09|2020|true|Independência do Brasil|false",
            "2020-10-12|1|42|2020|2020-10|2020|true|Nossa Senhora Aparecida|false",
            "2020-11-02|1|45|2020|2020-11|2020|true|Finados|false");
  }

  @Test
  @Order(3)
  void aNewPairOnALaterDayRebuildsEveryMonthOfTheDailySeries() throws IOException {
    // given a sale of a pair never sold before (Recife, monitor), on 4 December
    landSales(1, "7;1;1;2;04/12/2019");

    // when
    runBothJobs();

    // then wide_vendas rebuilds December only, but every month of vendas_diarias gains the pair's
    // zeros: all three are rebuilt
    JsonNode report = GOLD.latestReport();
    assertMonths(report, "rebuiltMonths", "2019-12");
    assertMonths(report, "copiedMonths", "2019-10", "2019-11");
    assertMonths(report, "vendasDiariasRebuiltMonths", "2019-10", "2019-11", "2019-12");
    assertMonths(report, "vendasDiariasCopiedMonths");
    assertThat(vendasDiarias()).hasSize(4 * 36).isEqualTo(oracle());
    assertThat(
            rows(
                "SELECT dt_venda, n_vendas, receita FROM "
                    + GOLD.relation("vendas_diarias")
                    + " WHERE id_loja = 1 AND id_produto = 2 AND (n_vendas > 0 OR dt_venda IN"
                    + " ('2019-10-30', '2019-12-03')) ORDER BY dt_venda"))
        .containsExactly("2019-10-30|0|0.0", "2019-12-03|0|0.0", "2019-12-04|1|1499.99");
    assertThat(rows("SELECT max(dia) FROM " + GOLD.relation("calendario")))
        .containsExactly("2020-12-04");
    assertChecksPassed(report);
  }

  @Test
  @Order(4)
  void aLaterDayOfAKnownPairRebuildsOnlyTheLastMonth() throws IOException {
    // given a sale of Salvador's monitor on 6 December, two days after the last
    landSales(2, "8;1;2;2;06/12/2019");

    // when
    runBothJobs();

    // then October and November keep their rows and are copied
    JsonNode report = GOLD.latestReport();
    assertMonths(report, "rebuiltMonths", "2019-12");
    assertMonths(report, "vendasDiariasRebuiltMonths", "2019-12");
    assertMonths(report, "vendasDiariasCopiedMonths", "2019-10", "2019-11");
    assertThat(vendasDiarias()).hasSize(4 * 38).isEqualTo(oracle());
    assertChecksPassed(report);
  }

  @Test
  @Order(5)
  void anEarlierFirstDayRebuildsItsMonthAndTheMonthItLengthens() throws IOException {
    // given a sale of Salvador's mouse on 15 September, before the first
    landSales(3, "9;1;2;1;15/09/2019");

    // when
    runBothJobs();

    // then September is new, October now starts on the 1st; November and December are copied
    JsonNode report = GOLD.latestReport();
    assertMonths(report, "rebuiltMonths", "2019-09");
    assertMonths(report, "copiedMonths", "2019-10", "2019-11", "2019-12");
    assertMonths(report, "vendasDiariasRebuiltMonths", "2019-09", "2019-10");
    assertMonths(report, "vendasDiariasCopiedMonths", "2019-11", "2019-12");
    List<String> daily = vendasDiarias();
    assertThat(daily).hasSize(4 * (16 + 31 + 30 + 6)).isEqualTo(oracle());
    assertThat(daily).first().isEqualTo("1|Recife|1|mouse|2019-09-15|2019-09|0|0|0.0|0|0.0");
    assertThat(
            rows(
                "SELECT count(*), min(dia), max(dia), sum(CASE WHEN black_friday THEN 1 END) FROM "
                    + GOLD.relation("calendario")))
        .containsExactly("449|2019-09-15|2020-12-06|2");
    assertChecksPassed(report);
  }

  @Test
  @Order(6)
  void aSaleInsideTheRangeRebuildsOnlyItsMonth() throws IOException {
    // given a second sale of Recife's mouse on 20 November: same pairs, same first and last day,
    // as many rows in November as before
    landSales(4, "10;1;1;1;20/11/2019");

    // when
    runBothJobs();

    // then only November's rows change, and only November is rebuilt
    JsonNode report = GOLD.latestReport();
    assertMonths(report, "rebuiltMonths", "2019-11");
    assertMonths(report, "vendasDiariasRebuiltMonths", "2019-11");
    assertMonths(report, "vendasDiariasCopiedMonths", "2019-09", "2019-10", "2019-12");
    assertThat(vendasDiarias()).hasSize(4 * 83).isEqualTo(oracle());
    assertThat(
            rows(
                "SELECT n_vendas, receita FROM "
                    + GOLD.relation("vendas_diarias")
                    + " WHERE id_loja = 1 AND id_produto = 1 AND dt_venda = '2019-11-20'"))
        .containsExactly("1|19.9");
    assertChecksPassed(report);
  }

  @Test
  @Order(7)
  void aRunWithNothingNewKeepsEveryVersionAndAFullRefreshTheSameRows() {
    // given gold as published
    Map<String, String> versions = GOLD.versions();
    List<String> daily = vendasDiarias();
    List<String> calendar = rows("SELECT * FROM " + GOLD.relation("calendario") + " ORDER BY dia");

    // when both jobs run with nothing landed
    runBothJobs();

    // then no table has a new version
    assertThat(GOLD.versions()).isEqualTo(versions);

    // and a full refresh writes every month again, with the same rows
    assertThat(cli.execute("run", "silver-to-gold", "--full-refresh")).isEqualTo(Cli.OK);
    JsonNode report = GOLD.latestReport();
    assertMonths(report, "vendasDiariasRebuiltMonths", "2019-09", "2019-10", "2019-11", "2019-12");
    assertMonths(report, "vendasDiariasCopiedMonths");
    assertThat(GOLD.version("vendas_diarias")).isNotEqualTo(versions.get("vendas_diarias"));
    assertThat(vendasDiarias()).isEqualTo(daily);
    assertThat(rows("SELECT * FROM " + GOLD.relation("calendario") + " ORDER BY dia"))
        .isEqualTo(calendar);
  }

  private void runBothJobs() {
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);
  }

  private void land(Path export, LocalDate ingestDate) {
    assertThat(cli.execute("land", export.toString(), "--ingest-date", ingestDate.toString()))
        .isEqualTo(Cli.OK);
  }

  /** Lands a later {@code vendas} export holding the given lines. */
  private void landSales(int day, String... lines) throws IOException {
    Path export = Files.createDirectories(DATA.resolve("export-" + day));
    Files.writeString(
        export.resolve("vendas.csv"),
        HEADER + String.join("\r\n", lines) + "\r\n",
        StandardCharsets.UTF_8);
    land(export, TODAY.plusDays(day));
  }

  private void putEvent(String key, String line) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    storage.put("sales-tech-brz", key, bytes.toByteArray(), "application/gzip");
  }

  private static void assertMonths(JsonNode report, String field, String... months) {
    assertThat(report.get(field)).extracting(JsonNode::asString).as(field).containsExactly(months);
  }

  private static void assertChecksPassed(JsonNode report) {
    assertThat(report.get("checks"))
        .extracting(c -> c.get("check").asString() + " " + c.get("status").asString())
        .contains("revenue PASSED", "dense-days PASSED");
  }

  static final String COLUMNS =
      "id_loja, cidade, id_produto, produto, dt_venda, mes_venda, n_vendas, unidades, receita,"
          + " unidades_promocao, receita_promocao";

  /** The published vendas_diarias, by store, product and day. */
  private static List<String> vendasDiarias() {
    return rows(
        "SELECT "
            + COLUMNS
            + " FROM "
            + GOLD.relation("vendas_diarias")
            + " ORDER BY id_loja, id_produto, dt_venda");
  }

  /** The oracle's vendas_diarias over the published wide_vendas, in the same order. */
  private static List<String> oracle() {
    return rows(
        "SELECT "
            + COLUMNS
            + " FROM ("
            + GoldOracleIntegrationTests.vendasDiariasOracle(GOLD.relation("wide_vendas"))
            + ") ORDER BY id_loja, id_produto, dt_venda");
  }

  private static List<String> rows(String sql) {
    return LAKE.query(sql).stream()
        .map(r -> r.values().stream().map(String::valueOf).collect(Collectors.joining("|")))
        .toList();
  }
}
