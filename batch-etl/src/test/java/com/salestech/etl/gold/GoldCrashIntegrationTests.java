package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchEtlApplication;
import com.salestech.etl.BatchJvm;
import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.model.avro.GoldTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The batch JVM is killed (SIGKILL) while the daily pipeline's {@code silver-to-gold} writes the
 * parts of a new version, and again right after it committed {@code _snapshot.json} while the table
 * pointers were being brought in line. Each time a reader sees one whole snapshot, the old or the
 * new, and the next start finishes the run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldCrashIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("gold-crash");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final BatchJvm BATCH = new BatchJvm(DATA);

  /** Small progress slices and files, so a kill lands while parts are being written. */
  static final List<String> SMALL_SLICES =
      List.of("-Dsalestech.gold.progress-rows=2000", "-Dsalestech.gold.rows-per-file=1000");

  private static void land(Path exports, String... options) {
    List<String> args = new ArrayList<>(List.of("land", exports.toString()));
    args.addAll(List.of(options));
    args.add("--salestech.data-dir=" + DATA);
    assertThat(BatchEtlApplication.runCommand(args.toArray(String[]::new))).isZero();
  }

  private static BatchJvm.Outcome pipeline(String name) throws Exception {
    BatchJvm.Outcome outcome = BATCH.runToEnd(name, SMALL_SLICES, "run", "daily-pipeline");
    assertThat(outcome.exit()).as(outcome.toString()).isZero();
    return outcome;
  }

  /**
   * What a reader resolving gold through the snapshot sees: each table's version and totals (its
   * rows, and its revenue when it has one; {@code calendario} has none).
   */
  private static Map<String, String> readerView() {
    Map<String, String> view = new TreeMap<>();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      String name = table.tableName();
      org.apache.avro.Schema.Field field = table.schema().getField("receita");
      // vendas_diarias' doubles: summed with compensation (the same in any order), to the cent
      String receita =
          field == null
              ? "NULL"
              : field.schema().getType() == org.apache.avro.Schema.Type.DOUBLE
                  ? "CAST(fsum(receita) AS DECIMAL(18, 2))"
                  : "sum(receita)";
      Map<String, Object> totals =
          LAKE.query(
                  "SELECT count(*) AS n, "
                      + receita
                      + " AS receita FROM read_parquet(["
                      + files(name)
                      + "], hive_partitioning = false)")
              .get(0);
      view.put(name, LAKE.goldVersion(name) + " " + totals.get("n") + " " + totals.get("receita"));
    }
    return view;
  }

  private static String files(String table) {
    List<String> files = new ArrayList<>();
    for (JsonNode f : LAKE.goldPointer(table).get("files")) {
      files.add("'" + DATA.resolve("lake/sales-tech-gld").resolve(f.get("key").asString()) + "'");
    }
    return String.join(",", files);
  }

  private static void assertOneWholeSnapshot(Map<String, String> view, String run) {
    String wideReceita = view.get("wide_vendas").split(" ")[2];
    for (Map.Entry<String, String> table : view.entrySet()) {
      String[] parts = table.getValue().split(" ");
      assertThat(parts[0]).as(table.getKey()).isEqualTo(run);
      if (!parts[2].equals("null")) {
        assertThat(parts[2]).as(table.getKey() + " receita").isEqualTo(wideReceita);
      }
    }
  }

  private static String output(String name) {
    try {
      return BATCH.output(name);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tablePointer(String table) {
    return LAKE.pointer("sales-tech-gld", table).get("version").asString();
  }

  private static void landNewPrices(String date, String price) throws Exception {
    Path export = Files.createDirectories(DATA.resolve("prices-" + date));
    Files.writeString(
        export.resolve("caso_estudo_produtos.csv"),
        "id;produto;valor\r\n1;mouse;" + price + "\r\n",
        StandardCharsets.UTF_8);
    land(export, "--ingest-date", date);
  }

  static String firstRun;
  static String secondRun;

  @Test
  @Order(1)
  void aKillWhileThePartsAreWrittenLeavesReadersOnTheWholeOldSnapshot() throws Exception {
    SampleDataGenerator.generate(SampleDataGenerator.Options.of(60_000, 11), DATA.resolve("csv"));
    land(DATA.resolve("csv"));
    pipeline("first");
    firstRun = LAKE.snapshot().get("run").asString();
    Map<String, String> before = readerView();
    assertOneWholeSnapshot(before, firstRun);

    landNewPrices("2099-01-01", "77.70");
    Path wide = DATA.resolve("lake/sales-tech-gld/wide_vendas");
    // Kill once a part of the new version is in the store: proof the kill landed while writing.
    Process victim = BATCH.start("killed-writing", SMALL_SLICES, "run", "daily-pipeline");
    BATCH.killWhen("killed-writing", victim, () -> newPartWritten(wide, firstRun));

    assertThat(newPartWritten(wide, firstRun)).isTrue();
    assertThat(readerView()).isEqualTo(before);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(tablePointer(table.tableName())).isEqualTo(firstRun);
    }

    // What a scheduler's retry does: the pipeline again, which resumes its cut-short gold run.
    assertThat(pipeline("resumed").stdout()).contains("Resuming daily-pipeline");
    secondRun = LAKE.snapshot().get("run").asString();
    assertThat(secondRun).isNotEqualTo(firstRun);
    Map<String, String> after = readerView();
    assertOneWholeSnapshot(after, secondRun);
    assertThat(after.get("wide_vendas").split(" ")[1])
        .isEqualTo(before.get("wide_vendas").split(" ")[1]);
    assertThat(after.get("wide_vendas")).isNotEqualTo(before.get("wide_vendas"));
  }

  private static boolean newPartWritten(Path wide, String oldRun) {
    if (!Files.isDirectory(wide)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(wide)) {
      return files.anyMatch(
          p ->
              p.toString().endsWith(".parquet")
                  && p.toString().contains("/v=")
                  && !p.toString().contains("/v=" + oldRun + "/"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  @Test
  @Order(2)
  void aKillAfterTheSnapshotCommitLeavesReadersOnTheWholeNewOneAndTheNextStartAlignsThePointers()
      throws Exception {
    landNewPrices("2099-02-01", "88.80");
    List<String> pausing = new ArrayList<>(SMALL_SLICES);
    pausing.add("-Dsalestech.gold.pause-after-commit=60s");
    Process victim = BATCH.start("killed-publishing", pausing, "run", "daily-pipeline");
    BATCH.killWhen(
        "killed-publishing",
        victim,
        () -> output("killed-publishing").contains("snapshot committed; pausing"));
    String committed = LAKE.snapshot().get("run").asString();
    assertThat(committed).as(BATCH.output("killed-publishing")).isNotEqualTo(secondRun);

    // Readers of the snapshot see the whole new run; the table pointers are still the whole old
    // one.
    assertOneWholeSnapshot(readerView(), committed);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(tablePointer(table.tableName())).isEqualTo(secondRun);
    }

    assertThat(pipeline("finished").stdout()).contains("finishing a publication cut short");
    assertThat(LAKE.snapshot().get("run").asString()).isEqualTo(committed);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      assertThat(tablePointer(table.tableName())).isEqualTo(committed);
    }
    assertOneWholeSnapshot(readerView(), committed);
  }
}
