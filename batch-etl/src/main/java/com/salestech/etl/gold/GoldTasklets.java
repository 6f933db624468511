package com.salestech.etl.gold;

import com.salestech.etl.jobs.DataRejectedException;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.Layer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.json.JsonMapper;

/** The three steps of {@code silver-to-gold}: plan, build, check and publish. */
final class GoldTasklets {

  private static final Logger log = LoggerFactory.getLogger(GoldTasklets.class);

  private GoldTasklets() {}

  /**
   * Fixes the silver versions the run reads. First finishes a publication cut short (the snapshot
   * committed, some table pointers not yet in line with it); then, when the published snapshot was
   * built from exactly the silver versions current now, plans a run that builds nothing.
   */
  static final class Plan implements Tasklet {

    private final TableVersions versions;
    private final GoldSnapshots snapshots;
    private final GoldState state;
    private final GoldProperties settings;

    Plan(
        TableVersions versions, GoldSnapshots snapshots, GoldState state, GoldProperties settings) {
      this.versions = versions;
      this.snapshots = snapshots;
      this.state = state;
      this.settings = settings;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
      var job = contribution.getStepExecution().getJobExecution();
      Map<Table, CurrentPointer> silver = new EnumMap<>(Table.class);
      for (Table table : Table.values()) {
        versions.current(Layer.SILVER, table.tableName()).ifPresent(p -> silver.put(table, p));
      }
      for (Table required : List.of(Table.VENDAS, Table.LOJAS, Table.PRODUTOS)) {
        if (!silver.containsKey(required)) {
          throw new IllegalStateException(
              "silver "
                  + required.tableName()
                  + " is not published yet: run bronze-to-silver first");
        }
      }
      Optional<GoldSnapshot> published = snapshots.current();
      published.ifPresent(
          snapshot -> {
            List<String> moved = snapshots.alignPointers(snapshot);
            if (!moved.isEmpty()) {
              log.info(
                  "gold snapshot {}: brought the pointers of {} in line (a publication cut short)",
                  snapshot.run(),
                  moved);
            }
          });
      String runId = TableVersions.versionName(Instant.now(), job.getJobInstance().getInstanceId());
      boolean fullRefresh =
          Boolean.parseBoolean(job.getJobParameters().getString("full-refresh", "false"));
      GoldPlan plan = new GoldPlan(runId, silver, fullRefresh, settings.workers(), false);
      boolean upToDate =
          !fullRefresh
              && published
                  .map(
                      s ->
                          s.silver().equals(plan.silverVersions())
                              && s.tables().keySet().containsAll(GoldTable.names()))
                  .orElse(false);
      state.savePlan(
          job.getExecutionContext(),
          new GoldPlan(runId, silver, fullRefresh, settings.workers(), upToDate));
      if (upToDate) {
        log.info(
            "silver-to-gold run {}: gold snapshot {} was built from the silver current now {}:"
                + " nothing to build, nothing published",
            runId,
            published.get().run(),
            plan.silverVersions());
      } else {
        log.info("silver-to-gold run {} reads silver {}", runId, plan.silverVersions());
      }
      return RepeatStatus.FINISHED;
    }
  }

  /**
   * One worker of the build (a partition of the {@code build-gold} step): streams the sales through
   * the joins in slices for the months it owns. With a previous version to compare with (and no
   * full refresh), a first pass only fingerprints its months; the second writes the months that
   * changed, and the others are copied from the previous version. Its share goes to the lake for
   * the publish step. Workers run in parallel, each with its own state.
   */
  static final class Build implements Tasklet, StepExecutionListener {

    static final String WORKER = "worker";
    static final String WORKERS = "workers";

    private final ParquetLake parquet;
    private final TableVersions versions;
    private final GoldSnapshots snapshots;
    private final GoldState state;
    private final GoldProperties settings;
    private final GoldMonths months;
    private final GoldDimensionsCache dimensions;
    private final Map<Long, Work> work = new ConcurrentHashMap<>();

    /** One worker's state between slices. */
    private static final class Work {
      GoldPlan plan;
      Dimensions dims;
      GoldBuilder builder;
      boolean fingerprinting;
      long readBefore;
      Map<String, GoldBuild.Month> previous;
      final Map<String, List<DataFile>> copied = new TreeMap<>();
    }

    Build(
        ParquetLake parquet,
        TableVersions versions,
        GoldSnapshots snapshots,
        GoldState state,
        GoldProperties settings,
        GoldMonths months,
        GoldDimensionsCache dimensions) {
      this.parquet = parquet;
      this.versions = versions;
      this.snapshots = snapshots;
      this.state = state;
      this.settings = settings;
      this.months = months;
      this.dimensions = dimensions;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
      end(stepExecution.getId());
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
      end(stepExecution.getId());
      return null;
    }

    private void end(long stepExecutionId) {
      Work w = work.remove(stepExecutionId);
      if (w != null) {
        if (w.builder != null) {
          w.builder.close();
        }
        if (w.dims != null) {
          dimensions.release(w.dims);
        }
      }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
        throws Exception {
      StepExecution step = contribution.getStepExecution();
      ExecutionContext partition = step.getExecutionContext();
      int worker = partition.getInt(WORKER);
      int workers = partition.getInt(WORKERS);
      Work w = work.computeIfAbsent(step.getId(), id -> new Work());
      if (w.builder == null) {
        w.plan = state.plan(step.getJobExecution().getExecutionContext());
        if (w.plan.upToDate()) {
          end(step.getId());
          return RepeatStatus.FINISHED;
        }
        if (w.plan.workers() != workers) {
          throw new IllegalStateException(
              "salestech.gold.workers is "
                  + workers
                  + " but run "
                  + w.plan.runId()
                  + " started with "
                  + w.plan.workers()
                  + ": restart it with that many, or start a new run (--new-run)");
        }
        w.dims = dimensions.acquire(w.plan);
        w.previous =
            w.plan.fullRefresh()
                ? null
                : snapshots
                    .resolve()
                    .flatMap(s -> s.table(GoldTable.WIDE_VENDAS.tableName()))
                    .flatMap(months::read)
                    .orElse(null);
        w.fingerprinting = w.previous != null;
        w.builder = newBuilder(w, worker, workers, !w.fingerprinting, null);
      }
      boolean done = w.builder.advance(settings.progressRows());
      step.setReadCount(w.readBefore + w.builder.progress());
      step.setWriteCount(w.builder.written());
      if (!done) {
        return RepeatStatus.CONTINUABLE;
      }
      if (w.fingerprinting) {
        Set<Integer> changed = compareWithPrevious(w, w.builder.fingerprints());
        w.readBefore += w.builder.progress();
        w.builder.close();
        w.fingerprinting = false;
        w.builder = newBuilder(w, worker, workers, true, changed);
        return RepeatStatus.CONTINUABLE;
      }
      GoldPart part = w.builder.finish(w.copied);
      months.writePart(w.plan.runId(), part);
      log.info(
          "gold {} worker {}/{}: {} sales written in {} passes, months rebuilt {}, copied {}",
          w.plan.runId(),
          worker + 1,
          workers,
          part.goldSales(),
          w.builder.passes(),
          part.months().values().stream().filter(m -> !m.copied()).count(),
          part.months().values().stream().filter(GoldBuild.Month::copied).count());
      end(step.getId());
      return RepeatStatus.FINISHED;
    }

    private GoldBuilder newBuilder(
        Work w, int worker, int workers, boolean writes, Set<Integer> monthsToWrite) {
      return new GoldBuilder(
          w.dims,
          w.plan.silver().get(Table.VENDAS),
          w.plan.runId(),
          parquet,
          versions.layout(),
          settings,
          worker,
          workers,
          writes,
          monthsToWrite);
    }

    /**
     * The months whose rows differ from the previous version's; the files of the others are copied
     * into the new version.
     */
    private Set<Integer> compareWithPrevious(Work w, Map<String, long[]> fingerprints) {
      Set<Integer> changed = new HashSet<>();
      for (Map.Entry<String, long[]> entry : fingerprints.entrySet()) {
        GoldBuild.Month old = w.previous.get(entry.getKey());
        long[] now = entry.getValue();
        if (old == null || old.rows() != now[0] || old.hash() != now[1]) {
          changed.add(GoldCalendar.monthOfName(entry.getKey()));
        } else {
          w.copied.put(entry.getKey(), months.copy(old.files(), w.plan.runId()));
        }
      }
      return changed;
    }
  }

  /**
   * Runs the quality checks on what the lake holds; publishes every table as one snapshot, or
   * nothing when a blocking check failed. The order is the protocol of DATA-CONTRACT §4: each
   * version's own pointer, then {@code _snapshot.json} (the commit), then the per-table pointers.
   */
  static final class Publish implements Tasklet {

    private final TableVersions versions;
    private final GoldSnapshots snapshots;
    private final GoldAudit audit;
    private final GoldState state;
    private final GoldProperties settings;
    private final Clock clock;
    private final GoldMonths months;

    Publish(
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
        for (GoldTable table : GoldTable.values()) {
          versions.writeManifest(Layer.GOLD, pointer(table, build));
          tables.put(table.tableName(), build.runId());
        }
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
      for (GoldTable table : GoldTable.values()) {
        versions.deleteVersion(Layer.GOLD, table.tableName(), build.runId());
      }
      throw new DataRejectedException(
          "gold not published, failed checks: "
              + blocking.stream().map(r -> r.check().code() + " (" + r.detail() + ")").toList());
    }
  }
}
