package com.salestech.etl.bench;

import com.salestech.model.Table;
import com.salestech.model.sample.SampleDataGenerator;
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
 * Times {@code bronze-to-silver} end to end against DuckDB doing the same work on the same files,
 * each in a JVM of its own so that peak memory is measured per engine. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -Pbenchmark -pl batch-etl -am verify -DskipTests [-Dbenchmark.sales=1000000,10000000]
 * </pre>
 *
 * For each size: generate the exports, land them (not timed), run the job with {@code
 * --full-refresh}, then DuckDB; print wall time, rows/s, peak RSS, bytes in/out and the ratio.
 */
public final class SilverBenchmark {

  private static final Pattern JOB_SECONDS = Pattern.compile("COMPLETED in ([0-9.]+) s");

  record Measure(double wallSeconds, long peakRssBytes, String output) {}

  private SilverBenchmark() {}

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    Path work = Path.of(args[1]);
    List<Long> sizes =
        Stream.of(args[2].split(",")).map(String::trim).map(Long::parseLong).toList();
    String heap = args.length > 3 ? args[3] : "768m";
    // The peer runs on this JVM's own class path, which has DuckDB and the model.
    String classpath = System.getProperty("java.class.path");
    System.out.printf(
        "bronze-to-silver vs DuckDB %s: %d cores, java %s, job heap -Xmx%s%n",
        "1.4 (JDBC)",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        heap);
    List<String> lines = new ArrayList<>();
    for (long sales : sizes) {
      lines.add(run(jar, classpath, work.resolve("sales-" + sales), sales, heap));
    }
    System.out.println();
    System.out.println(
        "sales       engine      wall s   job s    rows/s      peak RSS MiB  in MiB  out MiB  ratio");
    lines.forEach(System.out::print);
  }

  private static String run(String jar, String classpath, Path dir, long sales, String heap)
      throws Exception {
    deleteTree(dir);
    Path csv = dir.resolve("csv");
    Path data = dir.resolve("data");
    System.out.printf("%n== %,d sales: generating%n", sales);
    var manifest = SampleDataGenerator.generate(SampleDataGenerator.Options.of(sales, 42), csv);
    long rows = manifest.tables().values().stream().mapToLong(t -> t.dataLines()).sum();
    long bytesIn = size(csv);
    System.out.printf("   %,d rows, %,d bytes; landing%n", rows, bytesIn);
    Measure land =
        measure(
            List.of("java", "-jar", jar, "land", csv.toString()),
            Map.of("SALESTECH_DATA_DIR", data.toString()));
    check(land, "landed");

    System.out.println("   bronze-to-silver --full-refresh");
    Measure ours =
        measure(
            List.of(
                "java", "-Xmx" + heap, "-jar", jar, "run", "bronze-to-silver", "--full-refresh"),
            Map.of("SALESTECH_DATA_DIR", data.toString()));
    check(ours, "COMPLETED (COMPLETED)");
    Matcher m = JOB_SECONDS.matcher(ours.output());
    double jobSeconds = m.find() ? Double.parseDouble(m.group(1)) : ours.wallSeconds();
    long oursOut = size(data.resolve("lake/sales-tech-slv"));

    System.out.println("   DuckDB");
    List<String> duck =
        new ArrayList<>(List.of("java", "-cp", classpath, DuckDbSilverBaseline.class.getName()));
    Path bronze = data.resolve("lake/sales-tech-brz/csv");
    for (Table table : Table.values()) {
      try (Stream<Path> files = Files.walk(bronze.resolve(table.tableName()))) {
        files.filter(Files::isRegularFile).forEach(f -> duck.add(table.tableName() + "=" + f));
      }
    }
    duck.addAll(List.of("--out", dir.resolve("duckdb").toString()));
    Measure peer = measure(duck, Map.of());
    System.out.print(peer.output());
    long peerOut = size(dir.resolve("duckdb"));

    return String.format(
            Locale.ROOT,
            "%-11d %-11s %6.1f  %6.1f  %,10.0f  %12.0f  %6.0f  %7.0f  %5.2f%n",
            sales,
            "ours",
            ours.wallSeconds(),
            jobSeconds,
            rows / ours.wallSeconds(),
            ours.peakRssBytes() / 1048576.0,
            bytesIn / 1048576.0,
            oursOut / 1048576.0,
            ours.wallSeconds() / peer.wallSeconds())
        + String.format(
            Locale.ROOT,
            "%-11d %-11s %6.1f  %6s  %,10.0f  %12.0f  %6.0f  %7.0f%n",
            sales,
            "duckdb",
            peer.wallSeconds(),
            "-",
            rows / peer.wallSeconds(),
            peer.peakRssBytes() / 1048576.0,
            bytesIn / 1048576.0,
            peerOut / 1048576.0);
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
    Path status = Path.of("/proc/" + process.pid() + "/status");
    long peak = 0;
    while (process.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
          }
        }
      } catch (IOException ignored) {
        // the process ended between two samples
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log);
    Files.delete(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n" + output);
    }
    return new Measure(seconds, peak, output);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
