package com.salestech.etl.bench;

import com.salestech.etl.sample.DemandTruth;
import com.salestech.etl.sample.SampleDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code forecast} job on retail-model sales: its time against {@code daily-pipeline}'s (which
 * runs it), and the accuracy of seasonal naive, of the project's model and of an oracle that knows
 * the true rates (not the campaigns to come) on the same held-out last 28 days of each store, read
 * from the gold the pipeline built. Not a test: run it with
 *
 * <pre>
 * ./mvnw -B -Pforecast-benchmark -pl batch-etl -am verify -DskipTests [-Dbenchmark.sales=10000000]
 * </pre>
 *
 * <p>Arguments: the launcher ({@code batch-etl/bin/batch-etl}) or a jar, a work directory, the
 * sales, the jobs' heap.
 */
public final class ForecastBenchmark {

  private static final Pattern FORECAST_SECONDS =
      Pattern.compile("forecast run \\S+ COMPLETED in ([0-9.]+) s");
  private static final Pattern JOB_SECONDS = Pattern.compile("run (\\S+) COMPLETED in ([0-9.]+) s");

  private ForecastBenchmark() {}

  public static void main(String[] args) throws Exception {
    String launcher = args[0];
    Path dir = Path.of(args[1]);
    long sales = Long.parseLong(args[2]);
    String heap = args.length > 3 ? args[3] : "1g";
    System.out.printf(
        "forecast benchmark: %,d retail-model sales, %d cores, java %s, jobs' heap -Xmx%s%n",
        sales,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        heap);
    EtlBenchmark.deleteTree(dir);
    Path csv = dir.resolve("csv");
    Path data = dir.resolve("data");
    Map<String, String> env =
        Map.of("SALESTECH_DATA_DIR", data.toString(), "SALESTECH_ETL_HEAP", heap);
    long start = System.nanoTime();
    SampleDataGenerator.generate(SampleDataGenerator.Options.retail(sales, 42), csv);
    DemandTruth truth = DemandTruth.read(csv.resolve(DemandTruth.FILE_NAME));
    System.out.printf(
        "generated %,d valid sales over %d days in %.1f s; landing%n",
        truth.sales(), truth.days(), (System.nanoTime() - start) / 1e9);
    EtlBenchmark.measure(EtlBenchmark.ourCommand(launcher, heap, "land", csv.toString()), env);

    EtlBenchmark.Measure pipeline =
        EtlBenchmark.measure(EtlBenchmark.ourCommand(launcher, heap, "run", "daily-pipeline"), env);
    double forecastInPipeline = seconds(FORECAST_SECONDS, pipeline.output());
    EtlBenchmark.Measure alone =
        EtlBenchmark.measure(
            EtlBenchmark.ourCommand(launcher, heap, "run", "forecast", "--new-run"), env);
    double forecastAlone = seconds(FORECAST_SECONDS, alone.output());

    System.out.println();
    System.out.println("stage                         wall s    job s   peak RSS MiB");
    System.out.printf(
        Locale.ROOT,
        "daily-pipeline (with forecast) %7.1f  %7.1f   %,12d%n",
        pipeline.wallSeconds(),
        total(pipeline.output()),
        pipeline.peakRssBytes() >> 20);
    System.out.printf(
        Locale.ROOT, "  of which forecast                     %7.1f%n", forecastInPipeline);
    System.out.printf(
        Locale.ROOT,
        "forecast alone                 %7.1f  %7.1f   %,12d%n",
        alone.wallSeconds(),
        forecastAlone,
        alone.peakRssBytes() >> 20);
    System.out.printf(
        Locale.ROOT,
        "forecast / daily-pipeline: %.1f%% of the job time (target <= 20%%), %.1f%% of the wall"
            + " time%n",
        100 * forecastInPipeline / total(pipeline.output()),
        100 * alone.wallSeconds() / pipeline.wallSeconds());

    // Accuracy on the held-out last 28 days of every store, from gold.
    Path gold = data.resolve("lake/sales-tech-gld");
    JsonNode snapshot =
        JsonMapper.shared().readTree(Files.readString(gold.resolve("_snapshot.json")));
    String version = snapshot.get("tables").get("vendas_diarias").asString();
    Path files = gold.resolve("vendas_diarias/v=" + version);
    System.out.println();
    System.out.println(
        "held-out last 28 days, store units   seasonal-naive  poisson-fourier  oracle");
    double[] mean = new double[3];
    int stores = truth.stores();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      for (int store = 1; store <= stores; store++) {
        List<Double> units = new ArrayList<>();
        try (ResultSet rs =
            st.executeQuery(
                "SELECT dt_venda, sum(unidades) FROM read_parquet('"
                    + files
                    + "/**/*.parquet') WHERE id_loja = "
                    + store
                    + " GROUP BY dt_venda ORDER BY dt_venda")) {
          while (rs.next()) {
            units.add(rs.getDouble(2));
          }
        }
        double[] y = units.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Double> mase = OracleForecast.score(truth, store, y, y.length - 28, 28).mase();
        int i = 0;
        StringBuilder line =
            new StringBuilder(String.format(Locale.ROOT, "store %-2d %26s", store, ""));
        for (double v : mase.values()) {
          mean[i++] += v / stores;
          line.append(String.format(Locale.ROOT, "  %14.3f", v));
        }
        System.out.println(line);
      }
    }
    System.out.printf(
        Locale.ROOT, "mean MASE %28s  %14.3f  %14.3f  %14.3f%n", "", mean[0], mean[1], mean[2]);
    System.out.printf(
        Locale.ROOT,
        "poisson-fourier / oracle = %.3f (target <= 1.1); seasonal naive / oracle = %.3f%n",
        mean[1] / mean[2],
        mean[0] / mean[2]);
  }

  private static double seconds(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no forecast run in the output:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The pipeline's own time: its child jobs' reported seconds. */
  private static double total(String output) {
    Matcher m = JOB_SECONDS.matcher(output);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }
}
