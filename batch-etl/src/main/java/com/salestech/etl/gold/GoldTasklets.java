package com.salestech.etl.gold;

import com.salestech.etl.jobs.DataRejectedException;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
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
import java.util.Set;
import java.util.TreeMap;
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

  /** Fixes the silver versions the run reads. */
  static final class Plan implements Tasklet {

    private final TableVersions versions;
    private final GoldState state;

    Plan(TableVersions versions, GoldState state) {
      this.versions = versions;
      this.state = state;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
      var job = contribution.getStepExecution().getJobExecution();
      Map<Table, CurrentPointer> silver = new EnumMap<>(Table.class);
      for (Table table : Table.values()) {
        versions.current(Layer.SILVER, table.tableName()).ifPresent(p -> silver.put(table, p));
      }
      if (!silver.containsKey(Table.VENDAS)) {
        throw new IllegalStateException(
            "silver vendas is not published yet: run bronze-to-silver first");
      }
      String runId = TableVersions.versionName(Instant.now(), job.getJobInstance().getInstanceId());
      boolean fullRefresh =
          Boolean.parseBoolean(job.getJobParameters().getString("full-refresh", "false"));
      state.savePlan(job.getExecutionContext(), new GoldPlan(runId, silver, fullRefresh));
      log.info(
          "silver-to-gold run {} reads silver {}",
          runId,
          silver.values().stream().map(p -> p.table() + "@" + p.version()).toList());
      return RepeatStatus.FINISHED;
    }
  }

  /**
   * Streams the sales through the joins in slices, then writes the aggregates. With a previous
   * version to compare with (and no full refresh), a first pass only fingerprints the months; the
   * second writes the months that changed, and the others are copied from the previous version.
   */
  static final class Build implements Tasklet, StepExecutionListener {

    private final ParquetLake parquet;
    private final TableVersions versions;
    private final GoldState state;
    private final GoldProperties settings;
    private final GoldMonths months;

    // One step execution at a time uses these; reset per execution.
    private GoldPlan plan;
    private Dimensions dims;
    private GoldBuilder builder;
    private boolean fingerprinting;
    private long readBefore;
    private Map<String, GoldBuild.Month> previous;
    private final Map<String, List<DataFile>> copied = new TreeMap<>();

    Build(
        ParquetLake parquet,
        TableVersions versions,
        GoldState state,
        GoldProperties settings,
        GoldMonths months) {
      this.parquet = parquet;
      this.versions = versions;
      this.state = state;
      this.settings = settings;
      this.months = months;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
      reset();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
      reset();
      return null;
    }

    private void reset() {
      if (builder != null) {
        builder.close();
        builder = null;
      }
      plan = null;
      dims = null;
      previous = null;
      copied.clear();
      readBefore = 0;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext)
        throws Exception {
      StepExecution step = contribution.getStepExecution();
      ExecutionContext jobContext = step.getJobExecution().getExecutionContext();
      if (builder == null) {
        plan = state.plan(jobContext);
        dims = Dimensions.load(parquet, versions.layout().silver().bucket(), plan.silver());
        previous =
            plan.fullRefresh()
                ? null
                : versions
                    .current(Layer.GOLD, GoldTable.WIDE_VENDAS.tableName())
                    .flatMap(months::read)
                    .orElse(null);
        fingerprinting = previous != null;
        builder = newBuilder(!fingerprinting, null);
      }
      boolean done = builder.advance(settings.progressRows());
      step.setReadCount(readBefore + builder.progress());
      step.setWriteCount(builder.written());
      if (!done) {
        return RepeatStatus.CONTINUABLE;
      }
      if (fingerprinting) {
        Set<Integer> changed = compareWithPrevious(builder.fingerprints());
        readBefore += builder.progress();
        builder.close();
        fingerprinting = false;
        builder = newBuilder(true, changed);
        return RepeatStatus.CONTINUABLE;
      }
      GoldBuild build = builder.finish(copied);
      months.write(build);
      state.saveBuild(jobContext, build);
      log.info(
          "gold {}: wide_vendas months rebuilt {}, copied unchanged {}",
          build.runId(),
          build.rebuiltMonths().size(),
          build.copiedMonths().size());
      reset();
      return RepeatStatus.FINISHED;
    }

    private GoldBuilder newBuilder(boolean writes, Set<Integer> monthsToWrite) {
      return new GoldBuilder(
          dims,
          plan.silver().get(Table.VENDAS),
          plan.runId(),
          parquet,
          versions.layout(),
          settings,
          writes,
          monthsToWrite);
    }

    /**
     * The months whose rows differ from the previous version's; the files of the others are copied
     * into the new version.
     */
    private Set<Integer> compareWithPrevious(Map<String, long[]> fingerprints) {
      Set<Integer> changed = new HashSet<>();
      for (Map.Entry<String, long[]> entry : fingerprints.entrySet()) {
        GoldBuild.Month old = previous.get(entry.getKey());
        long[] now = entry.getValue();
        if (old == null || old.rows() != now[0] || old.hash() != now[1]) {
          changed.add(GoldBuilder.monthIndex(entry.getKey()));
        } else {
          copied.put(entry.getKey(), months.copy(old.files(), plan.runId()));
        }
      }
      return changed;
    }
  }

  /** Runs the quality checks; publishes every table, or nothing when a blocking check failed. */
  static final class Publish implements Tasklet {

    private final TableVersions versions;
    private final GoldState state;
    private final GoldProperties settings;
    private final Clock clock;

    Publish(TableVersions versions, GoldState state, GoldProperties settings, Clock clock) {
      this.versions = versions;
      this.state = state;
      this.settings = settings;
      this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
      ExecutionContext jobContext =
          contribution.getStepExecution().getJobExecution().getExecutionContext();
      GoldBuild build = state.build(jobContext);
      List<QualityChecks.Result> checks = QualityChecks.evaluate(build, settings, clock);
      state.saveChecks(jobContext, checks);
      List<QualityChecks.Result> blocking =
          checks.stream().filter(QualityChecks.Result::blocks).toList();
      if (!blocking.isEmpty()) {
        for (GoldTable table : GoldTable.values()) {
          versions.deleteVersion(Layer.GOLD, table.tableName(), build.runId());
        }
        throw new DataRejectedException(
            "gold not published, failed checks: "
                + blocking.stream().map(r -> r.check() + " (" + r.detail() + ")").toList());
      }
      for (GoldTable table : GoldTable.values()) {
        versions.publish(
            Layer.GOLD,
            new CurrentPointer(
                table.tableName(),
                build.runId(),
                Instant.now(clock),
                build.rows(table),
                build.files().get(table),
                table.partitionColumns(),
                JsonMapper.shared().readTree(table.schema().toString())));
      }
      for (GoldTable table : GoldTable.values()) {
        try {
          versions.deleteOldVersions(Layer.GOLD, table.tableName(), settings.keepVersions());
        } catch (RuntimeException e) {
          log.warn("gold {}: old versions not deleted: {}", table.tableName(), e.getMessage());
        }
      }
      return RepeatStatus.FINISHED;
    }
  }
}
