package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.lake.LakeStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stream events through bronze-to-silver beside the CSV exports (DATA-CONTRACT §2): repeats of an
 * event id collapse to the first received, a conflicting repeat is quarantined, the event received
 * last wins a sale with its promotion and payment, a CSV export wins a sale in either order and
 * across runs; bad lines are quarantined and warned of; bookmarks, reports, a full refresh and gold
 * follow.
 */
@SpringBootTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamEventsIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("events");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final String BRONZE = "sales-tech-brz";
  static final String A =
      "events/ingest_date=2026-11-02/20261102T100000000-00000000000000aa.ndjson.gz";
  static final String B =
      "events/ingest_date=2026-11-02/20261102T100500000-00000000000000bb.ndjson.gz";
  static final String C =
      "events/ingest_date=2026-11-03/20261103T090000000-00000000000000cc.ndjson.gz";
  static final String E1 = "00000000-0000-4000-8000-000000000001";
  static final String E2 = "00000000-0000-4000-8000-000000000002";
  static final String E3 = "00000000-0000-4000-8000-000000000003";
  static final String E4 = "00000000-0000-4000-8000-000000000004";
  static final String E5 = "00000000-0000-4000-8000-000000000005";
  static final String E6 = "00000000-0000-4000-8000-000000000006";
  static final String E7 = "00000000-0000-4000-8000-000000000007";
  static final String E8 = "00000000-0000-4000-8000-000000000008";
  static final String E9 = "00000000-0000-4000-8000-000000000009";
  static List<String> incrementalVendas;
  static List<String> incrementalPromocao;
  static List<String> incrementalPagamentos;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @Autowired LakeStorage storage;

  /** An event line as the lander writes it: the posted fields, then the receipt fields. */
  static String event(
      String eventId,
      long saleId,
      long customer,
      int store,
      int product,
      String soldAt,
      Integer quantity,
      Boolean promotion,
      String paidAt,
      String receivedAt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("eventId", eventId);
    json.put("saleId", saleId);
    json.put("customerId", customer);
    json.put("storeId", store);
    json.put("productId", product);
    json.put("soldAt", soldAt);
    if (quantity != null) {
      json.put("quantity", quantity);
    }
    if (promotion != null) {
      json.put("promotion", promotion);
    }
    if (paidAt != null) {
      json.put("paidAt", paidAt);
    }
    if (receivedAt != null) {
      json.put("receivedAt", receivedAt);
    }
    json.put("apiKeyId", "shop-1");
    json.put("sqsMessageId", "m-" + eventId.substring(eventId.length() - 2));
    return JsonMapper.shared().writeValueAsString(json);
  }

  void putEvents(String key, String... lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    storage.put(BRONZE, key, bytes.toByteArray(), "application/gzip");
  }

  static JsonNode latestReport() throws IOException {
    List<Path> reports = LAKE.objects("sales-tech-gld", "_reports/bronze-to-silver");
    return JsonMapper.shared().readTree(Files.readString(reports.get(reports.size() - 1)));
  }

  static JsonNode table(JsonNode report, String name) {
    for (JsonNode t : report.get("tables")) {
      if (t.get("table").asString().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no table " + name + " in " + report);
  }

  /** Per object of a table's report: {@code key read/written/quarantined/empty/superseded}. */
  static List<String> files(JsonNode table) {
    List<String> files = new java.util.ArrayList<>();
    for (JsonNode f : table.get("files")) {
      files.add(
          f.get("key").asString()
              + " "
              + f.get("rowsRead").asLong()
              + "/"
              + f.get("written").asLong()
              + "/"
              + f.get("quarantined").asLong()
              + "/"
              + f.get("emptyRows").asLong()
              + "/"
              + f.get("superseded").asLong());
    }
    return files;
  }

  /** {@code read = written + quarantined + empty + superseded}, and the version's rows. */
  static String counts(JsonNode t) {
    return t.get("rowsRead").asLong()
        + "="
        + t.get("written").asLong()
        + "+"
        + t.get("quarantined").asLong()
        + "+"
        + t.get("emptyRows").asLong()
        + "+"
        + t.get("superseded").asLong()
        + " carried "
        + t.get("carriedOver").asLong()
        + " replaced "
        + t.get("replaced").asLong()
        + " in version "
        + t.get("rowsInVersion").asLong();
  }

  static List<String> vendas() {
    return LAKE.rows("vendas", "id").stream()
        .map(
            r ->
                r.get("id")
                    + "|"
                    + r.get("id_cliente")
                    + "|"
                    + r.get("id_loja")
                    + "|"
                    + r.get("id_produto")
                    + "|"
                    + r.get("dt_venda")
                    + "|"
                    + r.get("quantidade")
                    + "|"
                    + r.get("canal"))
        .toList();
  }

  static List<String> promocao() {
    return LAKE.rows("venda_promocao", "id_venda").stream()
        .map(r -> r.get("id_venda") + "|" + r.get("promocao"))
        .toList();
  }

  static List<String> pagamentos() {
    return LAKE.rows("pagamentos", "id").stream()
        .map(r -> r.get("id") + "|" + r.get("id_venda") + "|" + r.get("dt_pgto"))
        .toList();
  }

  static final List<String> CSV_VENDAS =
      List.of(
          "1|1|1|1|2019-03-09|1|csv",
          "2|1|2|2|2019-03-10|1|csv",
          "3|2|1|3|2019-02-28|1|csv",
          "4|2|1|1|2020-03-01|1|csv",
          "5|3|2|2|2019-07-15|1|csv",
          "6|4|2|1|2019-07-20|1|csv",
          "7|99|1|3|2019-07-21|1|csv",
          "8|1|9|1|2019-01-01|1|csv",
          "9|1|1|10|2019-01-02|1|csv",
          "10|1|9|10|2019-01-03|1|csv");

  static List<String> plus(List<String> a, String... more) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  @Order(1)
  void eventsBecomeStreamSalesWithTheirPromotionAndPaymentAndTheCsvExportWinsItsSale()
      throws IOException {
    // given: the CSV exports, and two event objects with repeats, a conflict, two events for sale
    // 101, a CSV sale's event, a line that is not JSON, a line breaking a rule and an empty one
    assertThat(
            cli.execute(
                "land", EtlTestSupport.fixture("gold").toString(), "--ingest-date", "2026-11-01"))
        .isEqualTo(Cli.OK);
    putEvents(
        A,
        event(E1, 100, 1, 1, 1, "2026-10-30T12:00:00Z", 3, null, null, "2026-11-02T10:00:01Z"),
        event(E2, 101, 2, 2, 3, "2026-10-31", null, true, "2026-10-31", "2026-11-02T10:00:02Z"),
        "not json",
        event(E4, 102, 1, 1, 1, "2026-11-06T00:00:00Z", 1, null, null, "2026-11-02T10:00:03Z"),
        "",
        event(E5, 2, 1, 1, 1, "2026-10-31", 7, true, "2026-11-01", "2026-11-02T10:00:04Z"));
    putEvents(
        B,
        event(E1, 100, 1, 1, 1, "2026-10-30T12:00:00Z", 3, null, null, "2026-11-02T10:00:01Z"),
        event(E1, 100, 1, 1, 1, "2026-10-30T12:00:00Z", 5, null, null, "2026-11-02T10:05:00Z"),
        event(E3, 101, 2, 1, 2, "2026-11-01T09:30:00-03:00", 2, null, null, "2026-11-02T10:05:01Z"),
        event(
            E6,
            103,
            3,
            1,
            1,
            "2026-11-01",
            null,
            true,
            "2026-11-01T08:00:00Z",
            "2026-11-02T10:05:02Z"));

    // when
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    // then: E1 once with its quantity, E3 over E2 for sale 101, the CSV's sale 2 untouched
    assertThat(vendas())
        .containsExactlyElementsOf(
            plus(
                CSV_VENDAS,
                "100|1|1|1|2026-10-30|3|stream",
                "101|2|1|2|2026-11-01|2|stream",
                "103|3|1|1|2026-11-01|1|stream"));
    assertThat(LAKE.rows("vendas", "id").get(10))
        .containsEntry("source_key", A)
        .containsEntry("ingest_date", LocalDate.of(2026, 11, 2));
    // E3 has no promotion: its false row stands in for E2's true one; E5 lost to the CSV sale 2
    assertThat(promocao())
        .containsExactly(
            "1|true", "3|false", "4|true", "100|false", "101|false", "103|true", "700|true");
    assertThat(pagamentos())
        .containsExactly(
            "-103|103|2026-11-01",
            "1|1|2019-03-12",
            "2|1|2019-03-10",
            "3|3|2019-02-28",
            "4|4|2020-03-31",
            "5|6|2019-07-25",
            "6|500|2019-01-01");
    assertThat(LAKE.quarantine("vendas"))
        .extracting(
            r ->
                r.get("source_key")
                    + " "
                    + r.get("line_number")
                    + " "
                    + r.get("reason")
                    + " "
                    + r.get("column_name"))
        .containsExactly(
            A + " 3 malformed_row null",
            A + " 4 invalid_value soldAt",
            B + " 2 conflicting_event eventId");
    assertThat(LAKE.quarantine("vendas").get(0)).containsEntry("raw_line", "not json");
    assertThat((String) LAKE.quarantine("vendas").get(2).get("raw_line"))
        .contains("\"quantity\":5")
        .contains("\"receivedAt\":\"2026-11-02T10:05:00Z\"");

    JsonNode report = latestReport();
    JsonNode vendas = table(report, "vendas");
    assertThat(counts(vendas)).isEqualTo("20=13+3+1+3 carried 0 replaced 0 in version 13");
    assertThat(files(vendas))
        .containsExactly(
            "csv/vendas/ingest_date=2026-11-01/vendas.csv 10/10/0/0/0",
            A + " 6/1/2/1/2",
            B + " 4/2/1/0/1");
    assertThat(vendas.get("quarantinedByReason").toString())
        .isEqualTo("{\"conflicting_event\":1,\"invalid_value\":1,\"malformed_row\":1}");
    assertThat(vendas.get("warnings").toString())
        .isEqualTo("{\"event.soldAt:invalid_value\":1,\"event:malformed_row\":1}");
    assertThat(counts(table(report, "venda_promocao")))
        .isEqualTo("7=7+0+0+0 carried 0 replaced 0 in version 7");
    assertThat(files(table(report, "venda_promocao")))
        .containsExactly(
            "csv/venda_promocao/ingest_date=2026-11-01/venda_promocao.csv 4/4/0/0/0",
            A + " 1/1/0/0/0",
            B + " 2/2/0/0/0");
    assertThat(counts(table(report, "pagamentos")))
        .isEqualTo("7=7+0+0+0 carried 0 replaced 0 in version 7");
    assertThat(report.get("exitCode").asString()).isEqualTo("COMPLETED");
  }

  @Test
  @Order(2)
  void goldHasStreamSalesWithTheirQuantity() {
    // when
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    // then: receita = valor × quantidade, canal stream
    Map<Long, Map<String, Object>> wide =
        LAKE.gold("wide_vendas", "id_venda").stream()
            .collect(Collectors.toMap(r -> (Long) r.get("id_venda"), r -> r));
    assertThat(wide.get(100L))
        .containsEntry("quantidade", 3)
        .containsEntry("valor", new BigDecimal("20.00"))
        .containsEntry("receita", new BigDecimal("60.00"))
        .containsEntry("canal", "stream")
        .containsEntry("promocao", false)
        .containsEntry("pago", false);
    assertThat(wide.get(101L))
        .containsEntry("quantidade", 2)
        .containsEntry("receita", new BigDecimal("3000.00"))
        .containsEntry("canal", "stream");
    assertThat(wide.get(103L))
        .containsEntry("receita", new BigDecimal("20.00"))
        .containsEntry("promocao", true)
        .containsEntry("dt_pgto", LocalDate.of(2026, 11, 1))
        .containsEntry("canal", "stream");
    assertThat(wide.get(2L)).containsEntry("canal", "csv").containsEntry("quantidade", 1);
  }

  @Test
  @Order(3)
  void aLaterEventReplacesAnEarlierOnesSaleButNeverACsvSale() throws IOException {
    // given: a later event for stream sale 103 (no promotion, paid later), one for CSV sale 3, and
    // a line without receivedAt (judged by the object's LastModified)
    putEvents(
        C,
        event(E7, 103, 3, 2, 2, "2026-11-02", 4, null, "2026-11-05", "2026-11-03T08:00:00Z"),
        event(E8, 3, 1, 1, 1, "2026-11-02", 1, true, "2026-11-02", "2026-11-03T08:00:01Z"),
        event(E9, 104, 4, 2, 3, "2026-11-01", null, null, null, null));

    // when
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    // then: only the new object was read
    JsonNode report = latestReport();
    JsonNode vendas = table(report, "vendas");
    assertThat(files(vendas)).containsExactly(C + " 3/2/0/0/1");
    assertThat(counts(vendas)).isEqualTo("3=2+0+0+1 carried 12 replaced 1 in version 14");
    assertThat(vendas())
        .containsExactlyElementsOf(
            plus(
                CSV_VENDAS,
                "100|1|1|1|2026-10-30|3|stream",
                "101|2|1|2|2026-11-01|2|stream",
                "103|3|2|2|2026-11-02|4|stream",
                "104|4|2|3|2026-11-01|1|stream"));
    assertThat(promocao())
        .containsExactly(
            "1|true",
            "3|false",
            "4|true",
            "100|false",
            "101|false",
            "103|false",
            "104|false",
            "700|true");
    assertThat(counts(table(report, "venda_promocao")))
        .isEqualTo("2=2+0+0+0 carried 6 replaced 1 in version 8");
    assertThat(pagamentos())
        .containsExactly(
            "-103|103|2026-11-05",
            "1|1|2019-03-12",
            "2|1|2019-03-10",
            "3|3|2019-02-28",
            "4|4|2020-03-31",
            "5|6|2019-07-25",
            "6|500|2019-01-01");
    assertThat(counts(table(report, "pagamentos")))
        .isEqualTo("1=1+0+0+0 carried 6 replaced 1 in version 7");
  }

  @Test
  @Order(4)
  void aRunWithNothingNewReadsNothing() throws IOException {
    // given
    List<String> before = vendas();

    // when
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    // then
    JsonNode report = latestReport();
    for (String name : List.of("vendas", "venda_promocao", "pagamentos")) {
      assertThat(table(report, name).get("status").asString()).isEqualTo("UNCHANGED");
      assertThat(table(report, name).get("rowsRead").asLong()).isZero();
    }
    assertThat(vendas()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void aLaterCsvExportTakesAStreamSaleWithItsPromotionAndPayment() throws IOException {
    // given: a new vendas export naming stream sale 103
    Path export = Files.createTempDirectory(DATA, "export-");
    Files.writeString(
        export.resolve("vendas.csv"),
        "id;id_cliente;id_loja;id_produto;dt_venda\n" + "103;2;1;3;02/11/2026\n");

    // when
    assertThat(cli.execute("land", export.toString(), "--ingest-date", "2026-11-04"))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    // then: 103 is the CSV's, and the event's promotion row and payment are gone
    incrementalVendas = vendas();
    assertThat(incrementalVendas)
        .containsExactlyElementsOf(
            plus(
                CSV_VENDAS,
                "100|1|1|1|2026-10-30|3|stream",
                "101|2|1|2|2026-11-01|2|stream",
                "103|2|1|3|2026-11-02|1|csv",
                "104|4|2|3|2026-11-01|1|stream"));
    incrementalPromocao = promocao();
    assertThat(incrementalPromocao)
        .containsExactly(
            "1|true", "3|false", "4|true", "100|false", "101|false", "104|false", "700|true");
    incrementalPagamentos = pagamentos();
    assertThat(incrementalPagamentos).noneMatch(p -> p.startsWith("-"));
    JsonNode report = latestReport();
    assertThat(counts(table(report, "vendas")))
        .isEqualTo("1=1+0+0+0 carried 13 replaced 1 in version 14");
    assertThat(counts(table(report, "venda_promocao")))
        .isEqualTo("0=0+0+0+0 carried 7 replaced 1 in version 7");
    assertThat(counts(table(report, "pagamentos")))
        .isEqualTo("0=0+0+0+0 carried 6 replaced 1 in version 6");
  }

  @Test
  @Order(6)
  void aFullRefreshReadsEveryObjectAgainToTheSameSilver() throws IOException {
    // when
    assertThat(cli.execute("run", "bronze-to-silver", "--full-refresh")).isEqualTo(Cli.OK);

    // then
    assertThat(vendas()).isEqualTo(incrementalVendas);
    assertThat(promocao()).isEqualTo(incrementalPromocao);
    assertThat(pagamentos()).isEqualTo(incrementalPagamentos);
    JsonNode vendas = table(latestReport(), "vendas");
    // 11 CSV rows, 13 event lines: E1 once, its conflict, E2 and E6 lost to later events, the
    // events for CSV sales 2, 3 and 103 lost to the exports
    assertThat(counts(vendas)).isEqualTo("24=14+3+1+6 carried 0 replaced 0 in version 14");
    assertThat(vendas.get("files")).hasSize(5);
  }

  @Test
  @Order(7)
  void anObjectThatIsNotGzipIsRefusedAsAWholeAndNotReadAgain() throws IOException {
    // given
    String broken = "events/ingest_date=2026-11-05/20261105T000000000-00000000000000dd.ndjson.gz";
    storage.put(BRONZE, broken, "{\"not\": \"gzip\"}\n".getBytes(StandardCharsets.UTF_8), "x");
    storage.put(BRONZE, "events/stray.json", new byte[] {1}, "x");

    // when
    int first = cli.execute("run", "bronze-to-silver");
    JsonNode report = latestReport();
    int second = cli.execute("run", "bronze-to-silver");

    // then
    assertThat(first).isEqualTo(Cli.COMPLETED_WITH_ERRORS);
    assertThat(report.get("exitCode").asString()).isEqualTo("COMPLETED_WITH_FILE_ERRORS");
    assertThat(report.get("unknownObjects").toString()).isEqualTo("[\"events/stray.json\"]");
    JsonNode vendas = table(report, "vendas");
    assertThat(vendas.get("status").asString()).isEqualTo("UNCHANGED");
    assertThat(vendas.get("files").get(0).get("key").asString()).isEqualTo(broken);
    assertThat(vendas.get("files").get(0).get("error").asString())
        .startsWith("not a readable gzip NDJSON object");
    assertThat(vendas()).isEqualTo(incrementalVendas);
    assertThat(second).isEqualTo(Cli.COMPLETED_WITH_ERRORS); // the stray object, still unknown
    assertThat(table(latestReport(), "vendas").get("files")).isEmpty();
  }
}
