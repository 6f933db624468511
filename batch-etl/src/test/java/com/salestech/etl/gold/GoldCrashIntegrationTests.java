package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.model.avro.GoldTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

  record Outcome(int exit, String output) {}

  private static Process start(List<String> options, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dsalestech.gold.progress-rows=2000");
    command.add("-Dsalestech.gold.rows-per-file=1000");
    command.addAll(options);
    command.add("com.salestech.etl.BatchEtlApplication");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SALESTECH_DATA_DIR", DATA.toString());
    return builder.start();
  }

  private static Outcome runToEnd(String... args) throws Exception {
    Process process = start(List.of(), args);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Outcome(process.exitValue(), output);
  }

  /** Starts a run and kills its JVM once {@code killNow} holds, checked as each line is logged. */
  private static List<String> killWhen(List<String> options, Predicate<String> killNow)
      throws Exception {
    Process victim = start(options, "run", "daily-pipeline");
    List<String> seen = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        seen.add(line);
        if (killNow.test(line)) {
          victim.destroyForcibly();
          break;
        }
      }
    }
    assertThat(victim.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(victim.exitValue()).as(String.join("\n", seen)).isNotZero();
    return seen;
  }

  /** What a reader resolving gold through the snapshot sees: each table's version and totals. */
  private static Map<String, String> readerView() {
    Map<String, String> view = new TreeMap<>();
    for (GoldTable table : GoldTable.values()) {
      String name = table.tableName();
      Map<String, Object> totals =
          LAKE.query(
                  "SELECT count(*) AS n, sum(receita) AS receita FROM read_parquet(["
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
      assertThat(parts[2]).as(table.getKey() + " receita").isEqualTo(wideReceita);
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
    assertThat(runToEnd("land", export.toString(), "--ingest-date", date).exit()).isZero();
  }

  static String firstRun;
  static String secondRun;

  @Test
  @Order(1)
  void aKillWhileThePartsAreWrittenLeavesReadersOnTheWholeOldSnapshot() throws Exception {
    SampleDataGenerator.generate(SampleDataGenerator.Options.of(60_000, 11), DATA.resolve("csv"));
    assertThat(runToEnd("land", DATA.resolve("csv").toString()).exit()).isZero();
    Outcome first = runToEnd("run", "daily-pipeline");
    assertThat(first.exit()).as(first.output()).isZero();
    firstRun = LAKE.snapshot().get("run").asString();
    Map<String, String> before = readerView();
    assertOneWholeSnapshot(before, firstRun);

    landNewPrices("2099-01-01", "77.70");
    Path wide = DATA.resolve("lake/sales-tech-gld/wide_vendas");
    // Kill once a part of the new version is in the store: proof the kill landed while writing.
    killWhen(List.of(), line -> newPartWritten(wide, firstRun));

    assertThat(newPartWritten(wide, firstRun)).isTrue();
    assertThat(readerView()).isEqualTo(before);
    for (GoldTable table : GoldTable.values()) {
      assertThat(tablePointer(table.tableName())).isEqualTo(firstRun);
    }

    // What a scheduler's retry does: the pipeline again, which resumes its cut-short gold run.
    Outcome resumed = runToEnd("run", "daily-pipeline");
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(resumed.output()).contains("Resuming daily-pipeline");
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
    List<String> seen =
        killWhen(
            List.of("-Dsalestech.gold.pause-after-commit=60s"),
            line -> line.contains("snapshot committed; pausing"));
    String committed = LAKE.snapshot().get("run").asString();
    assertThat(committed).as(String.join("\n", seen)).isNotEqualTo(secondRun);

    // Readers of the snapshot see the whole new run; the table pointers are still the whole old
    // one.
    assertOneWholeSnapshot(readerView(), committed);
    for (GoldTable table : GoldTable.values()) {
      assertThat(tablePointer(table.tableName())).isEqualTo(secondRun);
    }

    Outcome next = runToEnd("run", "daily-pipeline");
    assertThat(next.exit()).as(next.output()).isZero();
    assertThat(next.output()).contains("finishing a publication cut short");
    assertThat(LAKE.snapshot().get("run").asString()).isEqualTo(committed);
    for (GoldTable table : GoldTable.values()) {
      assertThat(tablePointer(table.tableName())).isEqualTo(committed);
    }
    assertOneWholeSnapshot(readerView(), committed);
  }
}
