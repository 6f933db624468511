package com.salestech.etl.bench;

import com.salestech.etl.EmbeddedQueue;
import com.salestech.etl.sample.SampleDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The gold build on worker processes (remote partitioning over SQS) against the same build on the
 * threads of one process, and what one partition costs, to estimate a billion sales on N workers.
 * Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -Premote-gold-benchmark -pl batch-etl -am verify -DskipTests \
 *     [-Dbenchmark.sales=5000000] [-Dbenchmark.partitions=4,8,16] [-Dbenchmark.workers=2]
 * </pre>
 *
 * <p>Generates and lands the exports and builds silver (not timed); runs {@code silver-to-gold
 * --full-refresh} in one process (its default two partitions on two threads: the peer); starts the
 * worker JVMs (server mode, {@code salestech.gold.remote.worker}) on an ElasticMQ started here, and
 * runs the build as the manager once per partition count. Each partition's time comes from its step
 * execution in the job repository. Every partition reads all the sales (it keeps the months it
 * owns, and notes every sale's store, product and day for the dense daily table), so a partition
 * costs {@code a + b / P} for {@code P} partitions: {@code a} the read of every sale, {@code b} the
 * work on them all; a least-squares fit over the partition counts gives both. Prints wall times,
 * the partitions' times, the workers' peak RSS, and the estimate for 1,000,000,000 sales.
 *
 * <p>Arguments: the launcher ({@code batch-etl/bin/batch-etl}), a work directory, the sales, the
 * partition counts (comma-separated), the worker JVMs, the heap of each JVM.
 */
public final class RemoteGoldBenchmark {

  private static final String QUEUE = "sales-tech-gold-partitions";
  private static final double BILLION = 1e9;

  private RemoteGoldBenchmark() {}

  record Partition(String name, double seconds, long read, long written) {}

  record Run(
      double wallSeconds, double buildSeconds, double publishSeconds, List<Partition> parts) {}

  public static void main(String[] args) throws Exception {
    String launcher = args[0];
    Path dir = Path.of(args[1]);
    long sales = Long.parseLong(args[2]);
    List<Integer> partitionCounts =
        Stream.of(args[3].split(",")).map(String::trim).map(Integer::parseInt).toList();
    int workers = Integer.parseInt(args[4]);
    String heap = args.length > 5 ? args[5] : "1g";
    if (partitionCounts.size() < 2) {
      throw new IllegalArgumentException("two partition counts at least, e.g. 4,8,16");
    }
    EtlBenchmark.deleteTree(dir);
    Path csv = dir.resolve("csv");
    Path data = dir.resolve("data");
    System.out.printf(
        "gold build on %d worker JVMs (remote partitioning over ElasticMQ) vs one process: %d cores,"
            + " java %s, each JVM -Xmx%s%n",
        workers,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        heap);
    EmbeddedQueue sqs = EmbeddedQueue.start(QUEUE);
    String endpoint = sqs.endpoint();
    List<Process> workerProcesses = new ArrayList<>();
    try {
      Map<String, String> env = new HashMap<>();
      env.put("SALESTECH_DATA_DIR", data.toString());
      env.put("SALESTECH_ETL_HEAP", heap);
      env.put("SALESTECH_GOLD_REMOTE_ENDPOINT", endpoint);
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
      System.out.printf("%n== %,d sales: generating, landing, bronze-to-silver%n", sales);
      SampleDataGenerator.generate(SampleDataGenerator.Options.of(sales, 42), csv);
      EtlBenchmark.measure(EtlBenchmark.ourCommand(launcher, heap, "land", csv.toString()), env);
      EtlBenchmark.measure(EtlBenchmark.ourCommand(launcher, heap, "run", "bronze-to-silver"), env);

      System.out.println("   one process, 2 partitions on 2 threads");
      EtlBenchmark.Measure single =
          EtlBenchmark.measure(
              EtlBenchmark.ourCommand(launcher, heap, "run", "silver-to-gold", "--full-refresh"),
              env);
      Run singleRun = lastRun(data, single.wallSeconds());

      for (int i = 0; i < workers; i++) {
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("SALESTECH_GOLD_REMOTE_WORKER", "true");
        workerEnv.put("BATCH_ETL_PORT", "0");
        workerEnv.put("SALESTECH_JOBS_DAILYPIPELINECRON", "-");
        ProcessBuilder builder =
            new ProcessBuilder(EtlBenchmark.ourCommand(launcher, heap))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + i + ".log").toFile());
        builder.environment().putAll(workerEnv);
        workerProcesses.add(builder.start());
      }
      for (int i = 0; i < workers; i++) {
        awaitLine(dir.resolve("worker-" + i + ".log"), "gold worker: taking partitions");
      }

      Map<Integer, Run> runs = new LinkedHashMap<>();
      for (int partitions : partitionCounts) {
        System.out.printf("   manager, %d partitions on %d workers%n", partitions, workers);
        Map<String, String> managerEnv = new HashMap<>(env);
        managerEnv.put("SALESTECH_GOLD_REMOTE_ENABLED", "true");
        managerEnv.put("SALESTECH_GOLD_WORKERS", Integer.toString(partitions));
        managerEnv.put("SALESTECH_GOLD_REMOTE_POLLINTERVAL", "500ms");
        EtlBenchmark.Measure m =
            EtlBenchmark.measure(
                EtlBenchmark.ourCommand(launcher, heap, "run", "silver-to-gold", "--full-refresh"),
                managerEnv);
        runs.put(partitions, lastRun(data, m.wallSeconds()));
      }
      long workerPeak = 0;
      for (Process p : workerProcesses) {
        workerPeak = Math.max(workerPeak, EtlBenchmark.peakRss(p.pid()));
      }

      System.out.println();
      System.out.println(
          "run                        wall s  build s  publish s  partition s (mean, max)  sales/s");
      print("one process, 2 threads", singleRun, sales);
      runs.forEach((p, run) -> print(p + " partitions, " + workers + " workers", run, sales));
      System.out.printf(Locale.ROOT, "workers' peak RSS: %.0f MiB%n", workerPeak / 1048576.0);

      // t(P) = a + b / P, least squares over the partition counts; a below zero is noise
      double count = runs.size();
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      for (Map.Entry<Integer, Run> run : runs.entrySet()) {
        double x = 1.0 / run.getKey();
        double y = mean(run.getValue().parts());
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
      double b = (count * sxy - sx * sy) / (count * sxx - sx * sx);
      double a = Math.max(0, (sy - b * sx) / count);
      double publishPerSale =
          runs.values().stream().mapToDouble(Run::publishSeconds).average().orElse(0) / sales;
      double scale = BILLION / sales;
      System.out.printf(
          Locale.ROOT,
          "%none partition of P over %,d sales: %.2f s + %.2f s / P  (a read of every sale %.0f ns"
              + " each, the work %.0f ns per sale); publish (the checks read the written gold)"
              + " %.0f ns per sale%n",
          sales,
          a,
          b,
          a / sales * 1e9,
          b / sales * 1e9,
          publishPerSale * 1e9);
      System.out.println(
          "1,000,000,000 sales, one partition per worker (P = N), each worker one core:");
      System.out.println("  N workers   partition h   publish h   total h");
      for (int n : List.of(1, 2, 4, 8, 16, 32, 64)) {
        double partition = (a + b / n) * scale / 3600;
        double publish = publishPerSale * BILLION / 3600;
        System.out.printf(
            Locale.ROOT,
            "  %9d   %11.2f   %9.2f   %7.2f%n",
            n,
            partition,
            publish,
            partition + publish);
      }
    } finally {
      for (Process p : workerProcesses) {
        p.destroy();
      }
      for (Process p : workerProcesses) {
        p.waitFor();
      }
      sqs.close();
    }
  }

  private static void print(String what, Run run, long sales) {
    System.out.printf(
        Locale.ROOT,
        "%-26s %6.1f  %7.1f  %9.1f  %10.1f, %6.1f          %,9.0f%n",
        what,
        run.wallSeconds(),
        run.buildSeconds(),
        run.publishSeconds(),
        mean(run.parts()),
        run.parts().stream().mapToDouble(Partition::seconds).max().orElse(0),
        sales / run.wallSeconds());
  }

  private static double mean(List<Partition> parts) {
    return parts.stream().mapToDouble(Partition::seconds).average().orElse(0);
  }

  /** The steps of the latest silver-to-gold execution, from the job repository. */
  private static Run lastRun(Path data, double wall) throws Exception {
    String url = "jdbc:h2:file:" + data.resolve("jobs/batch") + ";AUTO_SERVER=TRUE";
    try (Connection db = DriverManager.getConnection(url, "sa", "");
        PreparedStatement st =
            db.prepareStatement(
                "SELECT s.step_name, s.start_time, s.end_time, s.read_count, s.write_count"
                    + " FROM batch_step_execution s WHERE s.job_execution_id = (SELECT"
                    + " max(e.job_execution_id) FROM batch_job_execution e JOIN batch_job_instance"
                    + " i ON e.job_instance_id = i.job_instance_id WHERE i.job_name ="
                    + " 'silver-to-gold')")) {
      double build = 0;
      double publish = 0;
      List<Partition> parts = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          double seconds =
              Duration.between(
                          rs.getTimestamp(2).toLocalDateTime(),
                          rs.getTimestamp(3).toLocalDateTime())
                      .toMillis()
                  / 1000.0;
          if (name.startsWith("build-gold-worker:")) {
            parts.add(new Partition(name, seconds, rs.getLong(4), rs.getLong(5)));
          } else if (name.equals("build-gold")) {
            build = seconds;
          } else if (name.equals("publish-gold")) {
            publish = seconds;
          }
        }
      }
      return new Run(wall, build, publish, parts);
    }
  }

  private static void awaitLine(Path log, String text) throws Exception {
    for (int i = 0; i < 1200; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(log + " never said '" + text + "'");
  }
}
