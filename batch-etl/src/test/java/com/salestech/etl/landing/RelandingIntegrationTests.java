package com.salestech.etl.landing;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bronze is never edited: landing under a key that exists keeps the object there. The same bytes
 * again are a no-op; other bytes land beside, under a key named by their SHA-256, and silver reads
 * both, the one landed later winning a shared key.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelandingIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("relanding");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final Path BRONZE = DATA.resolve("lake/sales-tech-brz");
  static final String NAME = "caso_estudo_clientes.csv";
  static final String FOLDER = "csv/clientes/ingest_date=2026-11-20/";
  static final String FIRST =
      "id;nome;sexo;dt_nasc\r\n1;Ana Lima;F;2/1/1990\r\n2;Bruno Alves;M;3/4/1980\r\n";
  static final String CHANGED =
      "id;nome;sexo;dt_nasc\r\n2;Bruno Alves Souza;M;3/4/1980\r\n3;Carla Dias;F;5/6/1970\r\n";
  static final String ORIGINAL_KEY = FOLDER + NAME;
  static final String BESIDE_KEY =
      FOLDER + "caso_estudo_clientes~" + sha256(CHANGED).substring(0, 12) + ".csv";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;

  private static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path export(String folder, String content) throws IOException {
    Path dir = Files.createDirectories(DATA.resolve(folder));
    return Files.writeString(dir.resolve(NAME), content);
  }

  private int land(Path file) {
    return cli.execute("land", file.toString(), "--ingest-date", "2026-11-20");
  }

  private static List<String> bronzeKeys() {
    return LAKE.objects("sales-tech-brz", "csv").stream()
        .map(p -> BRONZE.relativize(p).toString())
        .toList();
  }

  private static String bronze(String key) throws IOException {
    return Files.readString(BRONZE.resolve(key));
  }

  @Test
  @Order(1)
  void landingTheSameFileTwiceKeepsOneObjectAndReportsTheSecondAsAlreadyLanded(
      CapturedOutput output) throws IOException {
    Path file = export("first", FIRST);

    assertThat(land(file)).isEqualTo(Cli.OK);
    assertThat(land(file)).isEqualTo(Cli.OK);

    assertThat(output.getOut())
        .contains("landed " + file + " -> " + ORIGINAL_KEY + " (71 bytes)")
        .contains("already landed " + file + " as " + ORIGINAL_KEY + " (71 bytes, identical)");
    assertThat(bronzeKeys()).containsExactly(ORIGINAL_KEY);
    assertThat(bronze(ORIGINAL_KEY)).isEqualTo(FIRST);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(silverClientes())
        .containsExactly("1;Ana Lima;" + ORIGINAL_KEY, "2;Bruno Alves;" + ORIGINAL_KEY);
  }

  @Test
  @Order(2)
  void aChangedFileUnderTheSameNameLandsBesideUnderItsContentHash(CapturedOutput output)
      throws IOException {
    Path file = export("changed", CHANGED);

    assertThat(land(file)).isEqualTo(Cli.OK);
    assertThat(land(file)).isEqualTo(Cli.OK);

    assertThat(output.getOut())
        .contains(
            "landed "
                + file
                + " -> "
                + BESIDE_KEY
                + " (79 bytes), beside the different object under its name")
        .contains("already landed " + file + " as " + BESIDE_KEY + " (79 bytes, identical)");
    assertThat(bronzeKeys()).containsExactly(ORIGINAL_KEY, BESIDE_KEY);
    assertThat(bronze(ORIGINAL_KEY)).isEqualTo(FIRST);
    assertThat(bronze(BESIDE_KEY)).isEqualTo(CHANGED);
  }

  @Test
  @Order(3)
  void theNextRunReadsTheObjectLandedBesideAndItWinsTheKeysItShares() throws IOException {
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    assertThat(silverClientes())
        .containsExactly(
            "1;Ana Lima;" + ORIGINAL_KEY,
            "2;Bruno Alves Souza;" + BESIDE_KEY,
            "3;Carla Dias;" + BESIDE_KEY);
    JsonNode clientes = latestClientesReport();
    assertThat(clientes.get("files"))
        .extracting(f -> f.get("key").asString())
        .containsExactly(BESIDE_KEY);
    assertThat(clientes.get("rowsRead").asLong()).isEqualTo(2);
    assertThat(clientes.get("carriedOver").asLong()).isEqualTo(1);
    assertThat(clientes.get("replaced").asLong()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void aFullRefreshReadsBothObjectsInOneRunAndKeepsTheSameWinner() throws IOException {
    assertThat(cli.execute("run", "bronze-to-silver", "--full-refresh")).isEqualTo(Cli.OK);

    assertThat(silverClientes())
        .containsExactly(
            "1;Ana Lima;" + ORIGINAL_KEY,
            "2;Bruno Alves Souza;" + BESIDE_KEY,
            "3;Carla Dias;" + BESIDE_KEY);
    JsonNode clientes = latestClientesReport();
    assertThat(clientes.get("files"))
        .extracting(f -> f.get("key").asString())
        .containsExactly(BESIDE_KEY, ORIGINAL_KEY);
    assertThat(clientes.get("rowsRead").asLong()).isEqualTo(4);
    assertThat(clientes.get("superseded").asLong()).isEqualTo(1);
  }

  private static List<String> silverClientes() {
    return LAKE.rows("clientes", "id").stream()
        .map(r -> r.get("id") + ";" + r.get("nome") + ";" + r.get("source_key"))
        .toList();
  }

  private static JsonNode latestClientesReport() throws IOException {
    List<Path> reports = LAKE.objects("sales-tech-gld", "_reports/bronze-to-silver");
    JsonNode report =
        JsonMapper.shared().readTree(Files.readString(reports.get(reports.size() - 1)));
    JsonNode clientes = report.get("tables").get(0);
    assertThat(clientes.get("table").asString()).isEqualTo("clientes");
    return clientes;
  }
}
