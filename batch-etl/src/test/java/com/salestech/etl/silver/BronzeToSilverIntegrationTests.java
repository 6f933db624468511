package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written exports of {@code fixtures/} through land → bronze-to-silver over the embedded
 * S3 server, checked row by row; then a rerun, a second export, a full refresh and the jobs API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BronzeToSilverIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("silver");
  static final SilverLake LAKE = new SilverLake(DATA);
  static String firstVendasVersion;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    // The fixtures pack every kind of dirt into a few lines: far above the 20% default.
    registry.add("salestech.silver.max-reject-rate", () -> "0.6");
  }

  @Autowired Cli cli;
  @LocalServerPort int port;

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

  @Test
  @Order(1)
  void theFirstExportLandsInSilverExactly() throws IOException {
    assertThat(
            cli.execute(
                "land",
                EtlTestSupport.fixture("export-1").toString(),
                "--ingest-date",
                "2026-11-01"))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    List<Map<String, Object>> clientes = LAKE.rows("clientes", "id");
    assertThat(clientes).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(clientes.get(0))
        .containsEntry("nome", "Lavínia Sousa")
        .containsEntry("sexo", "F")
        .containsEntry("dt_nasc", LocalDate.of(1975, 5, 2))
        .containsEntry("ingest_date", LocalDate.of(2026, 11, 1))
        .containsEntry("source_key", "csv/clientes/ingest_date=2026-11-01/clientes.csv");
    assertThat(clientes.get(1))
        .containsEntry("sexo", "M")
        .containsEntry("dt_nasc", LocalDate.of(1978, 4, 16));
    assertThat(clientes.get(2)).containsEntry("nome", null).containsEntry("sexo", null);
    assertThat(clientes.get(3)).containsEntry("sexo", null).containsEntry("dt_nasc", null);
    assertThat(LAKE.quarantineReasons("clientes"))
        .isEqualTo(Map.of("bad_integer", 1L, "duplicate_key", 1L, "missing_required", 1L));

    assertThat(LAKE.rows("lojas", "id"))
        .extracting(r -> r.get("cidade"))
        .containsExactly("São Paulo", "Rio de Janeiro", "Curitiba");
    assertThat(LAKE.quarantineReasons("lojas")).isEqualTo(Map.of("missing_required", 1L));

    List<Map<String, Object>> produtos = LAKE.rows("produtos", "id");
    assertThat(produtos)
        .extracting(r -> r.get("valor"))
        .containsExactly(
            new BigDecimal("20.00"),
            new BigDecimal("30.00"),
            new BigDecimal("19.90"),
            new BigDecimal("1500.00"),
            new BigDecimal("1500.00"));
    assertThat(produtos.get(2)).containsEntry("produto", "cabo; USB-C");
    assertThat(LAKE.quarantineReasons("produtos"))
        .isEqualTo(Map.of("bad_decimal", 1L, "price_out_of_range", 1L));

    List<Map<String, Object>> vendas = LAKE.rows("vendas", "id");
    assertThat(vendas).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 6L);
    assertThat(vendas.get(1))
        .containsEntry("id_cliente", 2L)
        .containsEntry("id_loja", 2)
        .containsEntry("id_produto", 4)
        .containsEntry("dt_venda", LocalDate.of(2018, 1, 6))
        .containsEntry("quantidade", 1)
        .containsEntry("canal", "csv");
    assertThat(LAKE.quarantine("vendas"))
        .extracting(
            r ->
                r.get("line_number")
                    + " "
                    + r.get("reason")
                    + " "
                    + r.get("column_name")
                    + " "
                    + r.get("raw_line"))
        .containsExactly(
            "5 bad_date dt_venda 4;1;1;2;31/02/2019",
            "6 bad_integer id_loja 5;1;9a;2;01/01/2019",
            "7 duplicate_key id 1;2;2;2;08/11/2018",
            "10 malformed_row null 7;1;1;1;01/01/2019;extra");

    assertThat(LAKE.rows("pagamentos", "id")).hasSize(4);
    assertThat(LAKE.quarantine("pagamentos")).isEmpty();
    assertThat(LAKE.rows("venda_promocao", "id_venda"))
        .extracting(r -> r.get("promocao"))
        .containsExactly(true, false, true, false);
    assertThat(LAKE.quarantineReasons("venda_promocao")).isEqualTo(Map.of("invalid_value", 1L));

    JsonNode report = latestReport();
    assertThat(report.get("exitCode").asString()).isEqualTo("COMPLETED");
    for (JsonNode t : report.get("tables")) {
      long read = t.get("rowsRead").asLong();
      assertThat(read)
          .as("reconciliation of %s", t.get("table"))
          .isEqualTo(
              t.get("written").asLong()
                  + t.get("quarantined").asLong()
                  + t.get("emptyRows").asLong()
                  + t.get("superseded").asLong());
    }
    assertThat(table(report, "vendas").get("rowsRead").asLong()).isEqualTo(9);
    assertThat(table(report, "vendas").get("emptyRows").asLong()).isEqualTo(1);
    assertThat(table(report, "pagamentos").get("emptyRows").asLong()).isEqualTo(2);
    assertThat(table(report, "clientes").get("warnings").get("sexo:invalid_value").asLong())
        .isEqualTo(1);
    assertThat(table(report, "clientes").get("warnings").get("dt_nasc:bad_date").asLong())
        .isEqualTo(1);
    firstVendasVersion = LAKE.version("vendas");
  }

  @Test
  @Order(2)
  void aRerunChangesNothing() throws IOException {
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    JsonNode report = latestReport();
    for (JsonNode t : report.get("tables")) {
      assertThat(t.get("status").asString()).isEqualTo("UNCHANGED");
    }
    assertThat(LAKE.version("vendas")).isEqualTo(firstVendasVersion);
    assertThat(LAKE.rows("vendas", "id")).hasSize(4);
  }

  @Test
  @Order(3)
  void aSecondExportUpsertsTheFirst() throws IOException {
    assertThat(
            cli.execute(
                "land",
                EtlTestSupport.fixture("export-2").toString(),
                "--ingest-date",
                "2026-11-02"))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    List<Map<String, Object>> vendas = LAKE.rows("vendas", "id");
    assertThat(vendas).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 6L, 8L);
    assertThat(vendas.get(1))
        .containsEntry("id_loja", 3)
        .containsEntry("ingest_date", LocalDate.of(2026, 11, 2));
    assertThat(vendas.get(0)).containsEntry("ingest_date", LocalDate.of(2026, 11, 1));
    JsonNode vendasReport = table(latestReport(), "vendas");
    assertThat(vendasReport.get("written").asLong()).isEqualTo(2);
    assertThat(vendasReport.get("carriedOver").asLong()).isEqualTo(3);
    assertThat(vendasReport.get("replaced").asLong()).isEqualTo(1);
    assertThat(table(latestReport(), "lojas").get("status").asString()).isEqualTo("UNCHANGED");
    assertThat(LAKE.version("vendas")).isNotEqualTo(firstVendasVersion);
  }

  @Test
  @Order(4)
  void aFullRefreshRebuildsTheSameTablesFromEveryExport() throws IOException {
    List<Map<String, Object>> before = LAKE.rows("vendas", "id");
    assertThat(cli.execute("run", "bronze-to-silver", "--full-refresh")).isEqualTo(Cli.OK);
    assertThat(LAKE.rows("vendas", "id")).isEqualTo(before);
    JsonNode vendas = table(latestReport(), "vendas");
    assertThat(vendas.get("rowsRead").asLong()).isEqualTo(11);
    assertThat(vendas.get("superseded").asLong()).isEqualTo(1);
    assertThat(vendas.get("written").asLong()).isEqualTo(5);
    assertThat(LAKE.rows("clientes", "id")).hasSize(4);
  }

  @Test
  @Order(5)
  void theJobsApiStartsARunAndShowsItsProgress() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI runs = URI.create("http://localhost:" + port + "/api/v1/jobs/bronze-to-silver/runs");
    HttpResponse<String> denied =
        http.send(
            HttpRequest.newBuilder(runs).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(denied.statusCode()).isEqualTo(401);

    HttpResponse<String> started =
        http.send(
            HttpRequest.newBuilder(runs)
                .header("X-API-Key", "local-dev-api-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fullRefresh\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).isEqualTo(202);
    String location = started.headers().firstValue("Location").orElseThrow();
    JsonNode run = null;
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> status =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + location))
                  .header("X-API-Key", "local-dev-api-key")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(status.statusCode()).isEqualTo(200);
      run = JsonMapper.shared().readTree(status.body());
      if (run.get("status").asString().equals("COMPLETED")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("steps")).hasSize(7);
    for (JsonNode step : run.get("steps")) {
      if (step.get("name").asString().equals("silver-vendas")) {
        assertThat(step.get("rowsRead").asLong()).isEqualTo(11);
        assertThat(step.get("rowsWritten").asLong()).isEqualTo(5);
      }
    }
    HttpResponse<String> unknown =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/jobs/no-such-job/runs"))
                .header("X-API-Key", "local-dev-api-key")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("bronze-to-silver");
  }

  @Test
  @Order(6)
  void aLateExportOlderThanWhatWasReadDoesNotOverwriteNewerRows() throws IOException {
    assertThat(
            cli.execute(
                "land",
                EtlTestSupport.fixture("export-0").toString(),
                "--ingest-date",
                "2026-10-31"))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    List<Map<String, Object>> vendas = LAKE.rows("vendas", "id");
    assertThat(vendas).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 6L, 8L, 9L);
    // sale 2 keeps the row of the 2026-11-02 export; sale 9 comes from the late one
    assertThat(vendas.get(1)).containsEntry("id_loja", 3);
    assertThat(vendas.get(5)).containsEntry("ingest_date", LocalDate.of(2026, 10, 31));
    JsonNode report = table(latestReport(), "vendas");
    assertThat(report.get("files")).hasSize(3);
    assertThat(report.get("superseded").asLong()).isEqualTo(2);
  }
}
