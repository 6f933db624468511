package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.sample.Manifest;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.etl.sample.TableCounts;
import com.salestech.model.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch JVM is killed (SIGKILL) in the middle of a table, then started again: the second run
 * finishes the first one, and silver holds every valid row exactly once.
 */
class RestartIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("restart");
  static final SilverLake LAKE = new SilverLake(DATA);

  record Outcome(int exit, String output) {}

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dsalestech.silver.progress-rows=5000");
    command.add("-Dsalestech.silver.rows-per-file=50000");
    command.add("-Dsalestech.silver.parallelism=1");
    command.add("com.salestech.etl.BatchEtlApplication");
    command.addAll(List.of(args));
    return command;
  }

  private static Process start(String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
    builder.environment().put("SALESTECH_DATA_DIR", DATA.toString());
    return builder.start();
  }

  private static Outcome runToEnd(String... args) throws Exception {
    Process process = start(args);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Outcome(process.exitValue(), output);
  }

  @Test
  void aRunKilledMidTableIsFinishedByTheNextStartWithNoDuplicateAndNoLoss() throws Exception {
    Manifest manifest =
        SampleDataGenerator.generate(
            SampleDataGenerator.Options.of(200_000, 7), DATA.resolve("csv"));
    assertThat(runToEnd("land", DATA.resolve("csv").toString()).exit()).isZero();

    Process victim = start("run", "bronze-to-silver");
    List<String> seen = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
      int published = 0;
      for (String line; (line = lines.readLine()) != null; ) {
        seen.add(line);
        if (line.contains("Published silver")) {
          published++;
        }
        // Two tables are published; the third is being written: kill the JVM now.
        if (published >= 2 && line.contains("Executing step: [silver-")) {
          Thread.sleep(300);
          victim.destroyForcibly();
          break;
        }
      }
    }
    assertThat(victim.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(victim.exitValue()).as(String.join("\n", seen)).isNotZero();

    Outcome resumed = runToEnd("run", "bronze-to-silver");
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(resumed.output())
        .contains("taking it as crashed")
        .contains("Resuming bronze-to-silver");
    List<Path> reports = LAKE.objects("sales-tech-gld", "_reports/bronze-to-silver");
    JsonNode report =
        JsonMapper.shared().readTree(Files.readString(reports.get(reports.size() - 1)));
    // the report of the finished run covers the tables published before the kill too
    assertThat(report.get("tables")).hasSize(6);
    for (JsonNode t : report.get("tables")) {
      assertThat(t.get("status").asString()).as(t.toString()).isEqualTo("PUBLISHED");
    }

    for (Table table : Table.values()) {
      TableCounts expected = manifest.counts(table);
      String key = table.keyColumn().name();
      List<Map<String, Object>> totals =
          LAKE.query(
              "SELECT count(*) AS n, count(DISTINCT "
                  + key
                  + ") AS keys FROM read_parquet(["
                  + String.join(",", files(table))
                  + "], hive_partitioning = false)");
      assertThat(totals.get(0).get("n")).as(table.tableName()).isEqualTo(expected.expectedValid());
      assertThat(totals.get(0).get("keys"))
          .as(table.tableName())
          .isEqualTo(expected.expectedValid());
      long quarantined =
          LAKE.quarantineReasons(table.tableName()).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      assertThat(quarantined).as(table.tableName()).isEqualTo(expected.quarantined());
    }
  }

  private static List<String> files(Table table) {
    List<String> files = new ArrayList<>();
    for (var f : LAKE.pointer(table.tableName()).get("files")) {
      files.add("'" + DATA.resolve("lake/sales-tech-slv").resolve(f.get("key").asString()) + "'");
    }
    return files;
  }
}
