package com.salestech.etl.bench;

import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.model.Table;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times the batch jobs end to end against DuckDB doing the same work on the same files, each in a
 * JVM of its own so that peak memory is measured per engine. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl batch-etl -am verify -DskipTests [-Dbenchmark.sales=1000000,10000000]
 * </pre>
 *
 * <p>For each size: generate the exports and land them (not timed); then {@code bronze-to-silver}
 * against DuckDB's silver from the same CSVs, {@code silver-to-gold} against DuckDB's gold from the
 * same silver files, and {@code daily-pipeline} against DuckDB going from the CSVs to gold. Our
 * jobs run with {@code --full-refresh}. Prints wall time, rows/s, peak RSS, bytes in/out and the
 * ratio to DuckDB.
 *
 * <p>Arguments: how to start our jobs (the launcher {@code batch-etl/bin/batch-etl}, the way the
 * README and the scripts start them, with class data sharing; or a jar, started with plain {@code
 * java -jar}), a work directory, the sizes in sales (comma-separated), the jobs' heap.
 */
public final class EtlBenchmark {

  private static final Pattern JOB_SECONDS = Pattern.compile("run \\S+ COMPLETED in ([0-9.]+) s");

  record Measure(double wallSeconds, long peakRssBytes, String output) {}

  private EtlBenchmark() {}

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    Path work = Path.of(args[1]);
    List<Long> sizes =
        Stream.of(args[2].split(",")).map(String::trim).map(Long::parseLong).toList();
    String heap = args.length > 3 ? args[3] : "1g";
    // The peers run on this JVM's own class path, which has DuckDB and the model.
    String classpath = System.getProperty("java.class.path");
    System.out.printf(
        "batch jobs vs DuckDB 1.4 (JDBC): %d cores, java %s, jobs' heap -Xmx%s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), heap);
    List<String> lines = new ArrayList<>();
    for (long sales : sizes) {
      lines.addAll(run(jar, classpath, work.resolve("sales-" + sales), sales, heap));
    }
    System.out.println();
    System.out.println(
        "sales       stage             engine   wall s   job s      rows/s  peak RSS MiB  in MiB"
            + "  out MiB  ratio");
    lines.forEach(System.out::print);
  }

  private static List<String> run(String jar, String classpath, Path dir, long sales, String heap)
      throws Exception {
    deleteTree(dir);
    Path csv = dir.resolve("csv");
    Path data = dir.resolve("data");
    Map<String, String> env =
        Map.of("SALESTECH_DATA_DIR", data.toString(), "SALESTECH_ETL_HEAP", heap);
    System.out.printf("%n== %,d sales: generating%n", sales);
    var manifest = SampleDataGenerator.generate(SampleDataGenerator.Options.of(sales, 42), csv);
    long rows = manifest.tables().values().stream().mapToLong(t -> t.dataLines()).sum();
    long csvBytes = size(csv);
    System.out.printf("   %,d rows, %,d bytes; landing%n", rows, csvBytes);
    check(measure(ourCommand(jar, heap, "land", csv.toString()), env), "landed");
    List<String> bronze = new ArrayList<>();
    Path bronzeDir = data.resolve("lake/sales-tech-brz/csv");
    for (Table table : Table.values()) {
      try (Stream<Path> files = Files.walk(bronzeDir.resolve(table.tableName()))) {
        files.filter(Files::isRegularFile).forEach(f -> bronze.add(table.tableName() + "=" + f));
      }
    }
    Path silverDir = data.resolve("lake/sales-tech-slv");
    Path goldDir = data.resolve("lake/sales-tech-gld");
    List<String> lines = new ArrayList<>();

    System.out.println("   bronze-to-silver");
    Measure silver = ours(jar, heap, env, "bronze-to-silver");
    System.out.println("   DuckDB silver");
    Measure duckSilver =
        measure(
            duck(classpath, DuckDbSilverBaseline.class, bronze, dir.resolve("duck-silver")),
            Map.of());
    System.out.print(duckSilver.output());
    lines.addAll(
        pair(
            sales,
            "bronze-to-silver",
            rows,
            csvBytes,
            silver,
            size(silverDir),
            duckSilver,
            size(dir.resolve("duck-silver"))));

    long silverBytes = size(silverDir);
    long silverRows = manifest.sales();
    System.out.println("   silver-to-gold");
    Measure gold = ours(jar, heap, env, "silver-to-gold");
    List<String> silverFiles = new ArrayList<>();
    for (Table table : Table.values()) {
      var pointer =
          tools.jackson.databind.json.JsonMapper.shared()
              .readTree(
                  Files.readString(silverDir.resolve(table.tableName()).resolve("_current.json")));
      List<String> keys = new ArrayList<>();
      pointer
          .get("files")
          .forEach(f -> keys.add(silverDir.resolve(f.get("key").asString()).toString()));
      silverFiles.add(table.tableName() + "=" + String.join(",", keys));
    }
    System.out.println("   DuckDB gold");
    Measure duckGold =
        measure(
            duck(classpath, DuckDbGoldBaseline.class, silverFiles, dir.resolve("duck-gold")),
            Map.of());
    System.out.print(duckGold.output());
    lines.addAll(
        pair(
            sales,
            "silver-to-gold",
            silverRows,
            silverBytes,
            gold,
            goldBytes(goldDir),
            duckGold,
            size(dir.resolve("duck-gold"))));

    System.out.println("   daily-pipeline");
    Measure pipeline = ours(jar, heap, env, "daily-pipeline");
    System.out.println("   DuckDB CSV to gold");
    List<String> both = new ArrayList<>(bronze);
    both.add("--gold");
    Measure duckPipeline =
        measure(
            duck(classpath, DuckDbSilverBaseline.class, both, dir.resolve("duck-pipeline")),
            Map.of());
    System.out.print(duckPipeline.output());
    lines.addAll(
        pair(
            sales,
            "daily-pipeline",
            rows,
            csvBytes,
            pipeline,
            size(silverDir) + goldBytes(goldDir),
            duckPipeline,
            size(dir.resolve("duck-pipeline"))));
    return lines;
  }

  private static long goldBytes(Path goldDir) throws IOException {
    long total = 0;
    for (String table :
        List.of(
            "wide_vendas",
            "receita_loja_mes",
            "receita_produto_mes",
            "efeito_promocao",
            "status_pagamento",
            "perfil_clientes")) {
      var pointer =
          tools.jackson.databind.json.JsonMapper.shared()
              .readTree(Files.readString(goldDir.resolve(table).resolve("_current.json")));
      for (var f : pointer.get("files")) {
        total += f.get("bytes").asLong();
      }
    }
    return total;
  }

  private static Measure ours(String jar, String heap, Map<String, String> env, String job)
      throws Exception {
    Measure m = measure(ourCommand(jar, heap, "run", job, "--full-refresh"), env);
    check(m, "COMPLETED (COMPLETED)");
    return m;
  }

  /** Our jobs through the launcher (its heap from SALESTECH_ETL_HEAP), or a plain jar. */
  static List<String> ourCommand(String launcher, String heap, String... args) {
    List<String> command = new ArrayList<>();
    if (launcher.endsWith(".jar")) {
      command.addAll(List.of("java", "-Xmx" + heap, "-jar", launcher));
    } else {
      command.add(launcher);
    }
    command.addAll(List.of(args));
    return command;
  }

  private static List<String> duck(String classpath, Class<?> main, List<String> args, Path out) {
    List<String> command = new ArrayList<>(List.of("java", "-cp", classpath, main.getName()));
    command.addAll(args);
    command.addAll(List.of("--out", out.toString()));
    return command;
  }

  private static List<String> pair(
      long sales,
      String stage,
      long rows,
      long bytesIn,
      Measure ours,
      long oursOut,
      Measure peer,
      long peerOut) {
    Matcher m = JOB_SECONDS.matcher(ours.output());
    double job = 0;
    while (m.find()) {
      job += Double.parseDouble(m.group(1));
    }
    return List.of(
        String.format(
            Locale.ROOT,
            "%-11d %-17s %-8s %6.1f  %6.1f  %,10.0f  %12.0f  %6.0f  %7.0f  %5.2f%n",
            sales,
            stage,
            "ours",
            ours.wallSeconds(),
            job,
            rows / ours.wallSeconds(),
            ours.peakRssBytes() / 1048576.0,
            bytesIn / 1048576.0,
            oursOut / 1048576.0,
            ours.wallSeconds() / peer.wallSeconds()),
        String.format(
            Locale.ROOT,
            "%-11d %-17s %-8s %6.1f  %6s  %,10.0f  %12.0f  %6.0f  %7.0f%n",
            sales,
            stage,
            "duckdb",
            peer.wallSeconds(),
            "-",
            rows / peer.wallSeconds(),
            peer.peakRssBytes() / 1048576.0,
            bytesIn / 1048576.0,
            peerOut / 1048576.0));
  }

  private static void check(Measure m, String expected) {
    if (!m.output().contains(expected)) {
      throw new IllegalStateException("expected '" + expected + "' in:\n" + m.output());
    }
  }

  /** Runs a command, sampling its peak resident memory (VmHWM) until it exits. */
  static Measure measure(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Path log = Files.createTempFile("bench", ".log");
    builder.redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    long peak = 0;
    while (process.isAlive()) {
      try {
        peak = Math.max(peak, peakRss(process.pid()));
      } catch (IOException ignored) {
        // the process ended between two samples
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log);
    Files.delete(log);
    if (process.exitValue() != 0) {
      String what =
          command.stream().filter(a -> !a.contains(File.pathSeparator)).toList().toString();
      throw new IllegalStateException(what + " exited " + process.exitValue() + ":\n" + output);
    }
    return new Measure(seconds, peak, output);
  }

  /** A live process's peak resident memory so far ({@code VmHWM}), in bytes. */
  static long peakRss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
