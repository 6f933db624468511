package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.lake.LakeStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One export full of bad input, landed and run once: every kind ends in quarantine or in an error
 * naming the object, and every valid row still reaches silver.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("bad-input");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final String HEADER_VENDAS = "id;id_cliente;id_loja;id_produto;dt_venda\r\n";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("salestech.silver.max-line-bytes", () -> "65536");
    registry.add("salestech.silver.max-reject-rate", () -> "0.5");
    registry.add("salestech.silver.tables.clientes.max-reject-rate", () -> "0.4");
  }

  @Autowired Cli cli;
  @Autowired LakeStorage storage;

  int landExit;
  int runExit;
  JsonNode report;

  private static void write(Path dir, String name, byte[]... parts) throws IOException {
    try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
      for (byte[] part : parts) {
        out.write(part);
      }
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  void landAndRunABadExport() throws IOException {
    Path dir = Files.createDirectories(DATA.resolve("export"));
    // lojas: an unterminated quote costs one line only
    write(
        dir,
        "caso_estudo_lojas.csv",
        text("id;cidade\r\n1;\"São Paulo\r\n2;Recife\r\n3;Salvador\r\n"));
    // a second lojas file that is not CSV at all (gzip bytes)
    write(
        dir, "lojas_backup_lojas.csv", new byte[] {0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, 10, 1, 2});
    // clientes: one line in Latin-1 instead of UTF-8
    ByteArrayOutputStream clientes = new ByteArrayOutputStream();
    clientes.writeBytes(text("id;nome;sexo;dt_nasc\r\n1;Ana;F;1/2/1990\r\n2;Jo"));
    clientes.write(0xE3);
    clientes.writeBytes(text("o;M;3/4/1980\r\n3;Bia;F;5/6/1970\r\n"));
    write(dir, "caso_estudo_clientes.csv", clientes.toByteArray());
    // produtos: a 10 MB line between two good ones
    byte[] huge = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'x');
    write(
        dir,
        "caso_estudo_produtos.csv",
        text("id;produto;valor\r\n1;mouse;20\r\n2;"),
        huge,
        text(";30\r\n3;mesa;860\r\n"));
    // vendas: an empty file, and a good one beside it
    write(dir, "caso_estudo_vendas.csv");
    write(
        dir,
        "more_vendas.csv",
        text(HEADER_VENDAS + "1;1;1;1;01/02/2019\r\n2;1;1;1;02/02/2019\r\n"));
    // pagamentos: only the header
    write(dir, "caso_estudo_pagamentos.csv", text("\uFEFFid;id_venda;dt_pgto\r\n"));
    // venda_promocao: the promotion column is missing
    write(dir, "caso_estudo_venda_promocao.csv", text("id_venda;desconto\r\n1;10\r\n"));
    // a file of no known table
    write(dir, "relatorio.csv", text("a;b\r\n1;2\r\n"));
    landExit = cli.execute("land", dir.toString(), "--ingest-date", "2026-11-20");
    // an object under bronze that belongs to no table
    storage.put(
        "sales-tech-brz",
        "csv/estoque/ingest_date=2026-11-20/estoque.csv",
        text("id;qtd\r\n1;2\r\n"),
        "text/csv");
    runExit = cli.execute("run", "bronze-to-silver");
    List<Path> reports = LAKE.objects("sales-tech-gld", "_reports/bronze-to-silver");
    report = JsonMapper.shared().readTree(Files.readString(reports.get(reports.size() - 1)));
  }

  private JsonNode table(String name) {
    for (JsonNode t : report.get("tables")) {
      if (t.get("table").asString().equals(name)) {
        return t;
      }
    }
    throw new AssertionError(name);
  }

  private String fileError(String table, String fileName) {
    for (JsonNode f : table(table).get("files")) {
      if (f.get("key").asString().endsWith("/" + fileName)) {
        return f.get("error").isNull() ? null : f.get("error").asString();
      }
    }
    throw new AssertionError(fileName);
  }

  @Test
  void aFileOfNoKnownTableIsNotLandedAndTheOthersAre() {
    assertThat(landExit).isEqualTo(Cli.FAILED);
    assertThat(LAKE.objects("sales-tech-brz", "csv")).hasSize(9);
  }

  @Test
  void theRunCompletesButSaysItRefusedObjects() {
    assertThat(runExit).isEqualTo(Cli.COMPLETED_WITH_ERRORS);
    assertThat(report.get("exitCode").asString()).isEqualTo("COMPLETED_WITH_FILE_ERRORS");
    assertThat(report.get("unknownObjects").get(0).asString())
        .isEqualTo("csv/estoque/ingest_date=2026-11-20/estoque.csv");
  }

  @Test
  void anUnterminatedQuoteQuarantinesItsLineOnly() {
    assertThat(LAKE.rows("lojas", "id"))
        .extracting(r -> r.get("cidade"))
        .containsExactly("Recife", "Salvador");
    assertThat(LAKE.quarantine("lojas"))
        .extracting(r -> r.get("line_number") + " " + r.get("reason") + " " + r.get("raw_line"))
        .containsExactly("2 malformed_row 1;\"São Paulo");
  }

  @Test
  void aFileThatIsNotCsvIsRefusedByName() {
    assertThat(fileError("lojas", "lojas_backup_lojas.csv")).contains("not a UTF-8 CSV header");
    assertThat(fileError("lojas", "caso_estudo_lojas.csv")).isNull();
  }

  @Test
  void invalidUtf8QuarantinesItsLineOnly() {
    assertThat(LAKE.rows("clientes", "id"))
        .extracting(r -> r.get("nome"))
        .containsExactly("Ana", "Bia");
    Map<String, Object> bad = LAKE.quarantine("clientes").get(0);
    assertThat(bad)
        .containsEntry("reason", "invalid_encoding")
        .containsEntry("line_number", 3L)
        .containsEntry("raw_line", "2;Jo\uFFFDo;M;3/4/1980");
  }

  @Test
  void aTenMegabyteLineIsQuarantinedTruncatedAndTheNextLinesKept() {
    assertThat(LAKE.rows("produtos", "id"))
        .extracting(r -> r.get("produto"))
        .containsExactly("mouse", "mesa");
    Map<String, Object> bad = LAKE.quarantine("produtos").get(0);
    assertThat(bad).containsEntry("reason", "line_too_long").containsEntry("raw_truncated", true);
    assertThat((String) bad.get("raw_line")).hasSize(4096).startsWith("2;xxx");
  }

  @Test
  void anEmptyFileIsRefusedAndTheTableStillPublishesItsOtherFile() {
    assertThat(fileError("vendas", "caso_estudo_vendas.csv"))
        .isEqualTo("empty file: no header row");
    assertThat(LAKE.rows("vendas", "id")).extracting(r -> r.get("id")).containsExactly(1L, 2L);
  }

  @Test
  void aHeaderOnlyFileIsAnEmptyTable() {
    assertThat(fileError("pagamentos", "caso_estudo_pagamentos.csv")).isNull();
    assertThat(table("pagamentos").get("status").asString()).isEqualTo("PUBLISHED");
    assertThat(LAKE.rows("pagamentos", "id")).isEmpty();
  }

  @Test
  void aMissingRequiredColumnRefusesTheFileNamingTheColumn() {
    assertThat(fileError("venda_promocao", "caso_estudo_venda_promocao.csv"))
        .contains("missing required column 'promocao'");
    // its only file refused: nothing new, so no version is published
    assertThat(table("venda_promocao").get("status").asString()).isEqualTo("UNCHANGED");
    assertThat(LAKE.objects("sales-tech-slv", "venda_promocao")).isEmpty();
  }

  @Test
  void eachTableMayHaveItsOwnRejectLimit() {
    // clientes lost 1 of 3 rows (33%), under its own limit of 40%
    assertThat(table("clientes").get("maxRejectRate").asDouble()).isEqualTo(0.4);
    assertThat(table("clientes").get("status").asString()).isEqualTo("PUBLISHED");
  }
}
