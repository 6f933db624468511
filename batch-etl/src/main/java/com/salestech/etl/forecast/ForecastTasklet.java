package com.salestech.etl.forecast;

import com.salestech.etl.gold.GoldProperties;
import com.salestech.etl.report.RunReportWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.ResolvedSnapshot;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code forecast} step: reads {@code vendas_diarias} of the current gold snapshot, backtests
 * and forecasts every store's and the total's units and revenue, estimates the promotion effect,
 * writes the three model tables and adds them to the snapshot they were computed from (refused if
 * another run published gold in between: the job fails and the next run starts from the new gold).
 */
final class ForecastTasklet implements Tasklet {

  private static final Logger log = LoggerFactory.getLogger(ForecastTasklet.class);

  static final String RUN_ID = "forecast.run-id";

  /** Two weeks: the least history seasonal naive forecasts from. */
  static final int MIN_DAYS = 2 * SeasonalNaive.PERIOD;

  private final ParquetLake parquet;
  private final TableVersions versions;
  private final GoldSnapshots snapshots;
  private final ForecastProperties settings;
  private final GoldProperties gold;
  private final RunReportWriter reports;
  private final Clock clock;

  ForecastTasklet(
      ParquetLake parquet,
      TableVersions versions,
      GoldSnapshots snapshots,
      ForecastProperties settings,
      GoldProperties gold,
      RunReportWriter reports,
      Clock clock) {
    this.parquet = parquet;
    this.versions = versions;
    this.snapshots = snapshots;
    this.settings = settings;
    this.gold = gold;
    this.reports = reports;
    this.clock = clock;
  }

  /**
   * What a run did, written to {@code <gold root>/_reports/forecast/<run>.json}.
   *
   * @param snapshotRun the gold run the models were computed from
   */
  record Report(
      String job,
      String runId,
      String snapshotRun,
      LocalDate trainedUntil,
      int horizon,
      int folds,
      long durationMs,
      List<SeriesSummary> series,
      List<PromotionStudy.Estimate> promotion,
      Map<String, String> tables) {}

  record SeriesSummary(
      String series,
      String metric,
      String chosen,
      boolean fallback,
      Map<String, Double> meanMase) {}

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    long started = System.nanoTime();
    var job = contribution.getStepExecution().getJobExecution();
    // A restart writes the version its first attempt named, so no orphan version is left behind.
    var jobContext = job.getExecutionContext();
    String runId = jobContext.getString(RUN_ID, null);
    if (runId == null) {
      runId = TableVersions.versionName(Instant.now(clock), job.getJobInstance().getInstanceId());
      jobContext.putString(RUN_ID, runId);
    }
    ResolvedSnapshot resolved =
        snapshots
            .resolve()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "gold was never published: run silver-to-gold first"));
    GoldSnapshot base = resolved.snapshot();
    log.info("forecast run {}: reading vendas_diarias of gold snapshot {}", runId, base.run());
    GoldDaily.Read read = GoldDaily.read(parquet, versions.layout(), resolved);
    LocalDate trainedUntil = read.days() == 0 ? null : read.firstDay().plusDays(read.days() - 1L);
    List<GoldDaily.Series> series = GoldDaily.series(read);
    log.info(
        "forecast run {}: {} store x product days from {} to {}; backtesting {} series, {} folds of {}"
            + " days",
        runId,
        read.panel().rows(),
        read.firstDay(),
        trainedUntil,
        series.size(),
        settings.folds(),
        settings.horizon());
    List<ForecastTables.SeriesOutcome> outcomes = new ArrayList<>();
    List<SeriesSummary> summaries = new ArrayList<>();
    boolean enough = read.days() >= MIN_DAYS;
    if (!enough) {
      log.warn(
          "forecast run {}: gold holds {} days of sales; forecasts need at least {}: publishing"
              + " none",
          runId,
          read.days(),
          MIN_DAYS);
      series = List.of();
    }
    // The regression's terms are fixed by the shortest history a fold sees, so the model the
    // backtest scored is the model that forecasts (no yearly season switched on afterwards).
    List<ForecastModel> models =
        List.of(
            new SeasonalNaive(),
            new PoissonFourier(Math.max(0, read.days() - settings.folds() * settings.horizon())));
    for (GoldDaily.Series s : series) {
      Backtest.Result backtest =
          Backtest.run(read.firstDay(), s.values(), models, settings.folds(), settings.horizon());
      ForecastModel chosen =
          models.stream().filter(m -> m.name().equals(backtest.chosen())).findFirst().orElseThrow();
      Forecast forecast;
      try {
        forecast = chosen.forecast(read.firstDay(), s.values(), settings.horizon());
      } catch (IllegalArgumentException e) {
        log.warn(
            "forecast run {}: {} {}: {} failed on the whole history ({}); seasonal naive instead",
            runId,
            s.id(),
            s.metric(),
            chosen.name(),
            e.getMessage());
        forecast = models.get(0).forecast(read.firstDay(), s.values(), settings.horizon());
      }
      outcomes.add(new ForecastTables.SeriesOutcome(s, backtest, forecast));
      summaries.add(
          new SeriesSummary(
              s.id(), s.metric(), backtest.chosen(), backtest.fallback(), backtest.meanMase()));
      log.info(
          "forecast run {}: series {}/{} {} {}: {}{} (mean MASE {})",
          runId,
          outcomes.size(),
          series.size(),
          s.id(),
          s.metric(),
          backtest.chosen(),
          backtest.fallback() ? ", no model beat seasonal naive" : "",
          describe(backtest.meanMase()));
    }
    List<PromotionStudy.Estimate> effects = List.of();
    if (enough) {
      log.info("forecast run {}: estimating the promotion effect", runId);
      effects = PromotionStudy.run(read.panel());
    }
    for (PromotionStudy.Estimate e : effects) {
      if (e.productId() == null) {
        log.info(
            "forecast run {}: promotion uplift {} {} [{}, {}] over {} days, {} in promotion",
            runId,
            e.method(),
            percent(e.uplift()),
            percent(e.lower()),
            percent(e.upper()),
            e.n(),
            e.promoted());
      }
    }
    ForecastTables tables = new ForecastTables(parquet, versions);
    List<CurrentPointer> written =
        List.of(
            tables.writeForecasts(runId, base.run(), trainedUntil, outcomes),
            tables.writeAccuracy(runId, base.run(), outcomes),
            tables.writeEffects(runId, base.run(), effects));
    Map<String, String> added = new LinkedHashMap<>();
    for (CurrentPointer p : written) {
      added.put(p.table(), p.version());
    }
    GoldSnapshot committed = snapshots.extend(base, added);
    snapshots.alignPointers(committed);
    try {
      List<String> deleted = snapshots.deleteOldVersions(gold.keepVersions());
      if (!deleted.isEmpty()) {
        log.info("gold: deleted old versions {}", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("gold: old versions not deleted: {}", e.getMessage());
    }
    long durationMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    Report report =
        new Report(
            "forecast",
            runId,
            base.run(),
            trainedUntil,
            settings.horizon(),
            settings.folds(),
            durationMs,
            summaries,
            effects,
            added);
    reports.write(
        "forecast",
        runId,
        report,
        String.format(
            Locale.ROOT,
            "forecast run %s COMPLETED in %.1f s: %d series forecast %d days from gold %s (trained"
                + " until %s), published as %s",
            runId,
            durationMs / 1000.0,
            series.size(),
            settings.horizon(),
            base.run(),
            trainedUntil,
            GoldTable.builtBy(GoldTable.Producer.FORECAST).stream()
                .map(GoldTable::tableName)
                .toList()));
    return RepeatStatus.FINISHED;
  }

  private static String describe(Map<String, Double> meanMase) {
    StringBuilder text = new StringBuilder();
    meanMase.forEach(
        (model, mase) -> {
          if (!text.isEmpty()) {
            text.append(", ");
          }
          text.append(model).append(' ').append(String.format(Locale.ROOT, "%.3f", mase));
        });
    return text.toString();
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%+.1f%%", value * 100);
  }
}
