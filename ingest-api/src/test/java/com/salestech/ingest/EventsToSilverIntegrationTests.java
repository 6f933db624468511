package com.salestech.ingest;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.bronzeLines;
import static com.salestech.ingest.IngestTestSupport.bronzeObjects;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchEtlApplication;
import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole path of a live sale, as the issue promises it: POSTed to the API, queued, landed in
 * bronze by the lander, then {@code bronze-to-silver} (batch-etl, run in this JVM over the same
 * lake) makes it a silver sale. Repeats of an event id, a client's retry of a whole batch, a
 * conflicting repeat and a redelivery that the lander grouped differently all end as one sale each,
 * with its fields intact; the conflict is quarantined.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"salestech.ingest.lander.max-wait=300ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsToSilverIntegrationTests {

  static final Path DATA = IngestTestSupport.newDataDir("events-to-silver");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @LocalServerPort int port;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;

  /** The 20 sales: sale id 7001 + i; quantity, promotion and payment vary with i. */
  static final int SALES = 20;

  static final List<UUID> IDS = Stream.generate(UUID::randomUUID).limit(SALES).toList();

  static String event(int i, int quantity) {
    long saleId = 7001 + i;
    return "{\"eventId\":\""
        + IDS.get(i)
        + "\",\"saleId\":"
        + saleId
        + ",\"customerId\":"
        + (100 + i)
        + ",\"storeId\":"
        + (1 + i % 3)
        + ",\"productId\":"
        + (10 + i % 4)
        + ",\"soldAt\":\"2026-11-"
        + String.format("%02d", 1 + i)
        + "T23:30:00-03:00\",\"quantity\":"
        + quantity
        + (i % 2 == 0 ? ",\"promotion\":true" : "")
        + (i % 5 == 0 ? ",\"paidAt\":\"2026-11-28\"" : "")
        + "}";
  }

  static int quantity(int i) {
    return 1 + i % 7;
  }

  @Test
  @Order(1)
  void repeatsConflictsAndRedeliveriesEndAsOneSilverSaleEach() throws Exception {
    // given: the 20 events in one batch, the client's retry of its first 5, one more copy of
    // event 3 on its own, and a copy of event 7 whose quantity differs
    List<String> all = new ArrayList<>();
    for (int i = 0; i < SALES; i++) {
      all.add(event(i, quantity(i)));
    }
    assertAccepted(post(port, "/api/v1/sales/batch", DEV_KEY, batch(all)), 202);
    assertAccepted(post(port, "/api/v1/sales/batch", DEV_KEY, batch(all.subList(0, 5))), 202);
    assertAccepted(post(port, "/api/v1/sales", DEV_KEY, event(3, quantity(3))), 202);
    assertAccepted(post(port, "/api/v1/sales", DEV_KEY, event(7, 999)), 202);
    await(Duration.ofSeconds(30), () -> bronzeLines(storage, layout).size() == 27, "27 lines");
    // and: the first object again under another key, as a redelivery that the lander held with
    // other messages would land it (the key is derived from the messages a flush holds)
    LakeObject first = bronzeObjects(storage, layout).get(0);
    String regrouped =
        first.key().replaceAll("-[0-9a-f]{16}\\.ndjson\\.gz$", "-00000000000000ff.ndjson.gz");
    byte[] copy = gzip(gunzip(storage.open(layout.bronze().bucket(), first.key())));
    storage.put(layout.bronze().bucket(), regrouped, copy, "application/gzip");
    String copiedLines = gunzip(storage.open(layout.bronze().bucket(), regrouped));
    int copied = copiedLines.split("\n").length;
    // the lander may have held the conflicting copy in that first object too: then its second
    // copy conflicts as well
    long conflicts = 1 + copiedLines.lines().filter(l -> l.contains("\"quantity\":999")).count();

    // when
    etl("run", "bronze-to-silver");

    // then: one sale per sale id, its fields as posted
    List<Map<String, Object>> vendas =
        silver(
            "vendas",
            "SELECT id, id_cliente, id_loja, id_produto, dt_venda, quantidade, canal FROM %s"
                + " ORDER BY id");
    assertThat(vendas).hasSize(SALES);
    for (int i = 0; i < SALES; i++) {
      Map<String, Object> sale = vendas.get(i);
      assertThat(sale)
          .as("sale %d", 7001 + i)
          .containsEntry("id", 7001L + i)
          .containsEntry("id_cliente", 100L + i)
          .containsEntry("id_loja", 1 + i % 3)
          .containsEntry("id_produto", 10 + i % 4)
          // 23:30 at -03:00 is 02:30 UTC the next day: dt_venda is the UTC date
          .containsEntry("dt_venda", LocalDate.of(2026, 11, 2 + i))
          .containsEntry("quantidade", quantity(i))
          .containsEntry("canal", "stream");
    }
    List<Map<String, Object>> promotions =
        silver("venda_promocao", "SELECT id_venda, promocao FROM %s ORDER BY id_venda");
    assertThat(promotions).hasSize(SALES);
    for (int i = 0; i < SALES; i++) {
      assertThat(promotions.get(i))
          .containsEntry("id_venda", 7001L + i)
          .containsEntry("promocao", i % 2 == 0);
    }
    List<Map<String, Object>> payments =
        silver("pagamentos", "SELECT id, id_venda, dt_pgto FROM %s ORDER BY id_venda");
    assertThat(payments)
        .extracting(p -> p.get("id_venda"))
        .containsExactly(7001L, 7006L, 7011L, 7016L);
    assertThat(payments)
        .allSatisfy(
            p -> {
              assertThat(p.get("id")).isEqualTo(-(Long) p.get("id_venda"));
              assertThat(p.get("dt_pgto")).isEqualTo(LocalDate.of(2026, 11, 28));
            });
    // and: the conflicting copy is quarantined with its raw line
    List<Map<String, Object>> quarantined =
        quarantine("vendas", "SELECT reason, raw_line AS raw FROM %s ORDER BY reason");
    assertThat(quarantined).hasSize((int) conflicts);
    assertThat(quarantined)
        .allSatisfy(
            q -> {
              assertThat(q.get("reason")).isEqualTo("conflicting_event");
              assertThat((String) q.get("raw"))
                  .contains(IDS.get(7).toString())
                  .contains("\"quantity\":999");
            });
    // and: every line read is accounted for
    JsonNode report = lastReport();
    JsonNode vendasReport = table(report, "vendas");
    long read = vendasReport.at("/rowsRead").asLong();
    assertThat(read).isEqualTo(27 + copied);
    assertThat(vendasReport.at("/written").asLong()).isEqualTo(SALES);
    assertThat(vendasReport.at("/quarantined").asLong()).isEqualTo(conflicts);
    assertThat(vendasReport.at("/quarantinedByReason/conflicting_event").asLong())
        .isEqualTo(conflicts);
    assertThat(vendasReport.at("/superseded").asLong()).isEqualTo(read - SALES - conflicts);
  }

  @Test
  @Order(2)
  void aSecondRunReadsNothingNew() {
    // when
    etl("run", "bronze-to-silver");

    // then
    assertThat(silver("vendas", "SELECT count(*) AS n FROM %s"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("n")).isEqualTo((long) SALES));
  }

  static void assertAccepted(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  void etl(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    // batch-etl's own application.yml is hidden behind ingest-api's on this classpath
    args.add("--salestech.data-dir=" + DATA);
    args.add("--spring.datasource.url=jdbc:h2:file:" + DATA.resolve("jobs/batch"));
    args.add("--spring.datasource.username=sa");
    args.add("--spring.batch.job.enabled=false");
    args.add("--spring.batch.jdbc.initialize-schema=always");
    args.add("--salestech.jobs.bronze-to-silver-cron=-");
    args.add("--salestech.jobs.daily-pipeline-cron=-");
    args.add("--salestech.ingest.queue.embedded.enabled=false");
    args.add("--management.endpoint.health.group.readiness.include=readinessState");
    assertThat(BatchEtlApplication.runCommand(args.toArray(String[]::new)))
        .as("batch-etl %s", String.join(" ", command))
        .isEqualTo(0);
  }

  Path lake() {
    return DATA.resolve("lake");
  }

  /** Rows of a query over a silver table's current files; {@code %s} is the relation. */
  List<Map<String, Object>> silver(String table, String sql) {
    JsonNode pointer =
        read(lake().resolve("sales-tech-slv").resolve(table).resolve("_current.json"));
    List<String> files = new ArrayList<>();
    pointer
        .get("files")
        .forEach(
            f ->
                files.add(
                    "'" + lake().resolve("sales-tech-slv").resolve(f.get("key").asString()) + "'"));
    return duck(sql.formatted("read_parquet([" + String.join(", ", files) + "])"));
  }

  List<Map<String, Object>> quarantine(String table, String sql) {
    Path dir = lake().resolve("sales-tech-slv/_quarantine").resolve(table);
    return duck(sql.formatted("read_parquet('" + dir + "/**/*.parquet')"));
  }

  JsonNode lastReport() throws IOException {
    Path dir = lake().resolve("sales-tech-gld/_reports/bronze-to-silver");
    try (Stream<Path> files = Files.list(dir)) {
      Path last =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
      return read(last);
    }
  }

  static JsonNode table(JsonNode report, String name) {
    for (JsonNode t : report.get("tables")) {
      if (name.equals(t.get("table").asString())) {
        return t;
      }
    }
    throw new AssertionError("no " + name + " in " + report);
  }

  static JsonNode read(Path file) {
    try {
      return IngestTestSupport.JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Map<String, Object>> duck(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.put(
              rs.getMetaData().getColumnLabel(i),
              v instanceof java.sql.Date d ? d.toLocalDate() : v instanceof BigDecimal b ? b : v);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static String gunzip(InputStream in) throws IOException {
    try (InputStream z = new GZIPInputStream(in)) {
      return new String(z.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
