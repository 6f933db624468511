package com.salestech.etl.silver;

import com.salestech.etl.bookmark.BronzeBookmarks;
import com.salestech.etl.jobs.DataRejectedException;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
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
 * again from the same plan into the same version keys, so it never duplicates or loses a row; if
 * the killed run had already published the table, the restart only bookmarks it.
 */
final class SilverTableTasklet implements Tasklet, StepExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(SilverTableTasklet.class);

  private final Table table;
  private final LakeStorage storage;
  private final ParquetLake parquet;
  private final TableVersions versions;
  private final BronzeBookmarks bookmarks;
  private final SilverPlans plans;
  private final SilverProperties settings;
  private final TableReports reports;

  // One step execution at a time uses these (JobRuns runs one job at a time); reset per execution.
  private SilverPlan plan;
  private SilverTableBuilder builder;
  private long startedNanos;

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
  public void beforeStep(StepExecution stepExecution) {
    closeBuilder();
    plan = null;
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    closeBuilder();
    return null;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws Exception {
    StepExecution step = contribution.getStepExecution();
    if (builder == null) {
      plan = plans.load(step.getJobExecution().getExecutionContext());
      List<BronzeFile> files = plan.files(table);
      List<BronzeFile> events = table == Table.VENDAS ? plan.events() : List.of();
      String factsKey = streamFactsKey();
      Optional<CurrentPointer> current = versions.current(Layer.SILVER, table.tableName());
      if (files.isEmpty() && events.isEmpty() && factsKey == null) {
        bookmarkEvents();
        reports.save(step.getExecutionContext(), unchangedReport(current));
        log.info("silver {}: no new export, current version kept", table.tableName());
        return RepeatStatus.FINISHED;
      }
      if (current.isPresent() && current.get().version().equals(plan.runId())) {
        // The run was killed after publishing this table and before bookmarking it.
        bookmark(files.stream().map(f -> new FileOutcome(f, null)).toList());
        bookmarkEvents();
        reports.save(step.getExecutionContext(), recoveredReport(current.get()));
        log.info("silver {}: already published by this run, bookmarked", table.tableName());
        return RepeatStatus.FINISHED;
      }
      CurrentPointer previous = plan.rebuilds(table) ? null : current.orElse(null);
      builder =
          new SilverTableBuilder(
              table,
              files,
              previous,
              plan.runId(),
              storage,
              parquet,
              versions.layout(),
              settings,
              events,
              factsKey);
      startedNanos = System.nanoTime();
    }
    try {
      boolean done = builder.advance(settings.progressRows());
      // The counts shown while the step runs: rows read so far and rows in the new version.
      step.setReadCount(builder.progress());
      step.setWriteCount(builder.written());
      if (!done) {
        return RepeatStatus.CONTINUABLE;
      }
      finish(step);
      return RepeatStatus.FINISHED;
    } finally {
      if (builder != null && builder.done()) {
        closeBuilder();
      }
    }
  }

  private void finish(StepExecution step) {
    List<DataFile> files = builder.finishFiles();
    long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
    String name = table.tableName();
    if (builder.rejectRate() > settings.maxRejectRate(name)) {
      // Nothing of this run's version may be read; its quarantine stays to explain why.
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      String error =
          String.format(
              "reject rate %.2f%% is above the limit of %.2f%%: nothing published",
              builder.rejectRate() * 100, settings.maxRejectRate(name) * 100);
      reports.save(step.getExecutionContext(), builder.report("FAILED", null, durationMs, error));
      throw new DataRejectedException("silver " + name + ": " + error);
    }
    if (builder.everyFileRefused()) {
      // Nothing new could be read: readers keep the current version.
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      TableReport report = builder.report("UNCHANGED", null, durationMs, null);
      bookmark(outcomes(report));
      bookmarkEvents();
      reports.save(step.getExecutionContext(), report);
      return;
    }
    TableReport report = builder.report("PUBLISHED", plan.runId(), durationMs, null);
    long rowsInFiles = files.stream().mapToLong(DataFile::rows).sum();
    if (rowsInFiles != report.rowsInVersion()
        || builder.quarantineFileRows() != report.quarantined()) {
      versions.deleteVersion(Layer.SILVER, name, plan.runId());
      throw new IllegalStateException(
          String.format(
              "silver %s does not reconcile: %d rows in files for %d counted, %d quarantined"
                  + " for %d counted",
              name,
              rowsInFiles,
              report.rowsInVersion(),
              builder.quarantineFileRows(),
              report.quarantined()));
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
    try {
      List<String> deleted =
          versions.deleteOldVersions(Layer.SILVER, name, settings.keepVersions());
      if (!deleted.isEmpty()) {
        log.info("silver {}: deleted old versions {}", name, deleted);
      }
    } catch (RuntimeException e) {
      // The new version is published; old ones are deleted by the next run.
      log.warn("silver {}: old versions not deleted: {}", name, e.getMessage());
    }
    bookmark(outcomes(report));
    bookmarkEvents();
    reports.save(step.getExecutionContext(), report);
  }

  /**
   * The stream facts the {@code vendas} step of this run left for this table, or null: only {@code
   * venda_promocao} and {@code pagamentos} take them, and only when there are some.
   */
  private String streamFactsKey() {
    if (table != Table.VENDA_PROMOCAO && table != Table.PAGAMENTOS) {
      return null;
    }
    String key = StreamFacts.key(versions.layout(), plan.runId());
    return storage.stat(versions.layout().silver().bucket(), key).isPresent() ? key : null;
  }

  /**
   * Event objects are bookmarked by the last of the three steps that take them ({@code pagamentos},
   * after {@code vendas} and {@code venda_promocao}): a run that fails between them leaves them to
   * be read again, and every table receives their rows.
   */
  private void bookmarkEvents() {
    if (table != Table.PAGAMENTOS || plan.events().isEmpty()) {
      return;
    }
    bookmarks.record(
        plan.events().stream()
            .map(
                f ->
                    new BronzeBookmarks.Entry(
                        SilverPlan.EVENTS, f.key(), f.etag(), f.size(), "read"))
            .toList(),
        plan.runId());
  }

  private record FileOutcome(BronzeFile file, String error) {}

  private List<FileOutcome> outcomes(TableReport report) {
    Map<String, BronzeFile> byKey = new HashMap<>();
    plan.files(table).forEach(f -> byKey.put(f.key(), f));
    List<FileOutcome> outcomes = new ArrayList<>();
    for (FileReport file : report.files()) {
      BronzeFile planned = byKey.get(file.key());
      if (planned != null) { // event objects are bookmarked apart
        outcomes.add(new FileOutcome(planned, file.error()));
      }
    }
    return outcomes;
  }

  /** Records the objects read (or refused) so the next run skips them. */
  private void bookmark(List<FileOutcome> outcomes) {
    bookmarks.record(
        outcomes.stream()
            .map(
                o ->
                    new BronzeBookmarks.Entry(
                        table.tableName(),
                        o.file().key(),
                        o.file().etag(),
                        o.file().size(),
                        o.error() == null ? "read" : "refused"))
            .toList(),
        plan.runId());
  }

  private TableReport unchangedReport(Optional<CurrentPointer> current) {
    return summaryReport("UNCHANGED", current.orElse(null));
  }

  private TableReport recoveredReport(CurrentPointer current) {
    return summaryReport("PUBLISHED", current);
  }

  /** A report with no rows read by this step: only what the version holds. */
  private TableReport summaryReport(String status, CurrentPointer current) {
    long rows = current == null ? 0 : current.rows();
    return new TableReport(
        table.tableName(),
        status,
        current == null ? null : current.version(),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        rows,
        Map.of(),
        Map.of(),
        0,
        settings.maxRejectRate(table.tableName()),
        0,
        current == null ? 0 : current.bytes(),
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
