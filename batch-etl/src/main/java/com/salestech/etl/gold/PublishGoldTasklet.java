package com.salestech.etl.gold;

import com.salestech.etl.jobs.DataRejectedException;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.Layer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code publish-gold} step: runs the quality checks on what the lake holds; publishes every
 * table as one snapshot, or nothing when a blocking check failed. The order is the protocol of
 * DATA-CONTRACT §4: each version's own pointer, then {@code _snapshot.json} (the commit), then the
 * per-table pointers.
 */
final class PublishGoldTasklet implements Tasklet {

  private static final Logger log = LoggerFactory.getLogger(PublishGoldTasklet.class);

  private final TableVersions versions;
  private final GoldSnapshots snapshots;
  private final GoldAudit audit;
  private final GoldState state;
  private final GoldProperties settings;
  private final Clock clock;
  private final GoldMonths months;

  PublishGoldTasklet(
      TableVersions versions,
      GoldSnapshots snapshots,
      GoldAudit audit,
      GoldState state,
      GoldProperties settings,
      GoldMonths months,
      Clock clock) {
    this.versions = versions;
    this.snapshots = snapshots;
    this.audit = audit;
    this.state = state;
    this.settings = settings;
    this.months = months;
    this.clock = clock;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
      throws InterruptedException {
    ExecutionContext jobContext =
        contribution.getStepExecution().getJobExecution().getExecutionContext();
    GoldPlan plan = state.plan(jobContext);
    if (plan.upToDate()) {
      return RepeatStatus.FINISHED;
    }
    GoldBuild build = months.assemble(plan.runId(), plan.workers());
    state.saveBuild(jobContext, build);
    GoldSnapshot snapshot =
        snapshots.current().filter(s -> s.run().equals(build.runId())).orElse(null);
    if (snapshot != null) {
      // A restart after the commit: the checks passed then; finish the job.
      log.info("gold {}: finishing a publication cut short", build.runId());
    } else {
      List<QualityChecks.Result> checks =
          QualityChecks.evaluate(build, audit.read(plan, build), settings, clock);
      state.saveChecks(jobContext, checks);
      rejectOnFailedChecks(build, checks);
      Map<String, String> tables = new TreeMap<>();
      for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
        versions.writeManifest(Layer.GOLD, pointer(table, build));
        tables.put(table.tableName(), build.runId());
      }
      // The model tables stay until the forecast job replaces them; each names its source run.
      snapshots
          .current()
          .ifPresent(
              previous ->
                  GoldTable.builtBy(GoldTable.Producer.FORECAST)
                      .forEach(
                          t -> {
                            String version = previous.tables().get(t.tableName());
                            if (version != null) {
                              tables.put(t.tableName(), version);
                            }
                          }));
      snapshot =
          snapshots.commit(
              new GoldSnapshot(build.runId(), Instant.now(clock), tables, plan.silverVersions()));
      if (!settings.pauseAfterCommit().isZero()) {
        log.info(
            "gold {}: snapshot committed; pausing {} before the table pointers",
            build.runId(),
            settings.pauseAfterCommit());
        Thread.sleep(settings.pauseAfterCommit().toMillis());
      }
    }
    snapshots.alignPointers(snapshot);
    try {
      List<String> deleted = snapshots.deleteOldVersions(settings.keepVersions());
      if (!deleted.isEmpty()) {
        log.info("gold: deleted old versions {}", deleted);
      }
    } catch (RuntimeException e) {
      log.warn("gold: old versions not deleted: {}", e.getMessage());
    }
    return RepeatStatus.FINISHED;
  }

  private CurrentPointer pointer(GoldTable table, GoldBuild build) {
    return new CurrentPointer(
        table.tableName(),
        build.runId(),
        Instant.now(clock),
        build.rows(table),
        build.files().get(table),
        table.partitionColumns(),
        JsonMapper.shared().readTree(table.schema().toString()));
  }

  /** Deletes the run's files and fails the run when a check that blocks failed. */
  private void rejectOnFailedChecks(GoldBuild build, List<QualityChecks.Result> checks) {
    List<QualityChecks.Result> blocking =
        checks.stream().filter(QualityChecks.Result::blocks).toList();
    if (blocking.isEmpty()) {
      return;
    }
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      versions.deleteVersion(Layer.GOLD, table.tableName(), build.runId());
    }
    throw new DataRejectedException(
        "gold not published, failed checks: "
            + blocking.stream().map(r -> r.check().code() + " (" + r.detail() + ")").toList());
  }
}
