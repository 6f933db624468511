package com.salestech.etl.silver;

import com.salestech.etl.bookmark.BronzeBookmarks;
import com.salestech.etl.report.FileReport;
import com.salestech.etl.report.TableReport;
import com.salestech.etl.report.TableReports;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.lake.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The step that builds one silver table. It returns after every slice of rows so the job repository
 * records progress (and a heartbeat); the last slice checks the reject rate, publishes the version,
 * trims old versions and bookmarks the objects read, in that order. A restart builds the table
 * again from the same plan into the same version keys, so it never duplicates or loses a row.
 */
final class SilverTableTasklet implements Tasklet {

  private static final Logger log = LoggerFactory.getLogger(SilverTableTasklet.class);

  private final Table table;
  private final LakeStorage storage;
  private final ParquetLake parquet;
  private final TableVersions versions;
  private final BronzeBookmarks bookmarks;
  private final SilverPlans plans;
  private final SilverProperties settings;
  private final TableReports reports;

  private SilverPlan plan;
  private SilverTableBuilder builder;
  private long startedNanos;
  private long reportedProgress;
  private long reportedWritten;

  SilverTableTasklet(
      Table table,
      LakeStorage storage,
      ParquetLake parquet,
      TableVersions versions,
      BronzeBookmarks bookmarks,
      SilverPlans plans,
      SilverProperties settings,
      TableReports reports) {
    this.table = table;
    this.storage = storage;
    this.parquet = parquet;
    this.versions = versions;
    this.bookmarks = bookmarks;
    this.plans = plans;
    this.settings = settings;
    this.reports = reports;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws Exception {
    StepExecution step = contribution.getStepExecution();
    if (builder == null) {
      plan = plans.load(step.getJobExecution().getExecutionContext());
      List<BronzeFile> files = plan.files(table);
      if (files.isEmpty()) {
        TableReport unchanged = unchangedReport();
        reports.save(step.getExecutionContext(), unchanged);
        log.info("silver {}: no new export, current version kept", table.tableName());
        return RepeatStatus.FINISHED;
      }
      CurrentPointer previous =
          plan.fullRefresh()
              ? null
              : versions.current(Layer.SILVER, table.tableName()).orElse(null);
      builder =
          new SilverTableBuilder(
              table, files, previous, plan.runId(), storage, parquet, versions.layout(), settings);
      startedNanos = System.nanoTime();
      reportedProgress = 0;
      reportedWritten = 0;
    }
    try {
      boolean done = builder.advance(settings.progressRows());
      recordProgress(contribution);
      if (!done) {
        return RepeatStatus.CONTINUABLE;
      }
      finish(contribution, step);
      return RepeatStatus.FINISHED;
    } catch (Exception | Error e) {
      closeBuilder();
      throw e;
    }
  }

  private void recordProgress(StepContribution contribution) {
    long progress = builder.progress();
    for (long i = reportedProgress; i < progress; i++) {
      contribution.incrementReadCount();
    }
    contribution.incrementWriteCount(builder.written() - reportedWritten);
    reportedProgress = progress;
    reportedWritten = builder.written();
  }

  private void finish(StepContribution contribution, StepExecution step) {
    List<DataFile> files = builder.finishFiles();
    long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
    String name = table.tableName();
    double maxRate = settings.maxRejectRate(name);
    TableReport report;
    if (builder.rejectRate() > maxRate) {
      // Nothing of this run's version may be read; its quarantine stays to explain why.
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      String error =
          String.format(
              "reject rate %.2f%% is above the limit of %.2f%%: nothing published",
              builder.rejectRate() * 100, maxRate * 100);
      report = builder.report("FAILED", null, durationMs, error);
      reports.save(step.getExecutionContext(), report);
      closeBuilder();
      throw new TableRejectedException(name, error);
    }
    if (builder.everyFileRefused()) {
      // Every object was refused: there is nothing new, readers keep the current version.
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      report = builder.report("UNCHANGED", null, durationMs, null);
      bookmark(report);
      reports.save(step.getExecutionContext(), report);
      closeBuilder();
      return;
    }
    report = builder.report("PUBLISHED", plan.runId(), durationMs, null);
    if (!report.reconciled()) {
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      throw new IllegalStateException("silver " + name + " does not reconcile: " + report);
    }
    versions.publish(
        Layer.SILVER,
        new CurrentPointer(
            name,
            plan.runId(),
            Instant.now(),
            report.rowsInVersion(),
            files,
            List.of(),
            JsonMapper.shared().readTree(SilverSchemas.of(table).toString())));
    List<String> deleted = versions.deleteOldVersions(Layer.SILVER, name, settings.keepVersions());
    if (!deleted.isEmpty()) {
      log.info("silver {}: deleted old versions {}", name, deleted);
    }
    bookmark(report);
    reports.save(step.getExecutionContext(), report);
    closeBuilder();
  }

  /** Records the objects read (or refused) so the next run skips them. */
  private void bookmark(TableReport report) {
    Map<String, BronzeFile> byKey = new HashMap<>();
    plan.files(table).forEach(f -> byKey.put(f.key(), f));
    List<BronzeBookmarks.Entry> entries = new ArrayList<>();
    for (FileReport file : report.files()) {
      BronzeFile bronze = byKey.get(file.key());
      entries.add(
          new BronzeBookmarks.Entry(
              table.tableName(),
              bronze.key(),
              bronze.etag(),
              bronze.size(),
              file.error() == null ? "read" : "refused"));
    }
    bookmarks.record(entries, plan.runId());
  }

  private TableReport unchangedReport() {
    var current = versions.current(Layer.SILVER, table.tableName());
    long rows = current.map(CurrentPointer::rows).orElse(0L);
    return new TableReport(
        table.tableName(),
        "UNCHANGED",
        current.map(CurrentPointer::version).orElse(null),
        0,
        0,
        0,
        0,
        0,
        rows,
        0,
        rows,
        Map.of(),
        Map.of(),
        0,
        settings.maxRejectRate(table.tableName()),
        0,
        0,
        0,
        List.of(),
        null);
  }

  private void closeBuilder() {
    if (builder != null) {
      builder.close();
      builder = null;
    }
  }
}
