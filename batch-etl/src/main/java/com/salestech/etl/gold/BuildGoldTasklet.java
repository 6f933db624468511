package com.salestech.etl.gold;

import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

/**
 * One worker of the build (a partition of the {@code build-gold} step): streams the sales through
 * the joins in slices for the months it owns. With a previous version to compare with (and no full
 * refresh), it goes through two {@link Phase phases}: the first only fingerprints its months, the
 * second writes the months that changed, and the others are copied from the previous version. The
 * {@code vendas_diarias} months are compared when the worker finishes, once every sale is seen
 * (their rows depend on all of them): a month whose fingerprint is the previous version's is
 * copied, the others written. Its share goes to the lake for the publish step. Workers run in
 * parallel, each with its own state.
 */
final class BuildGoldTasklet implements Tasklet, StepExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(BuildGoldTasklet.class);

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

  /** What a worker's builder is doing. */
  enum Phase {
    /**
     * Reading every sale and writing nothing, to find the months changed since the last version.
     */
    FINGERPRINT,
    /** Writing the months that changed (all of them without a version to compare with). */
    WRITE
  }

  /** One worker's state between slices; no phase until it has started. */
  private static final class Work {
    final int worker;
    final int workers;
    GoldPlan plan;
    Dimensions dims;
    Phase phase;
    GoldBuilder builder;
    long readBefore;
    Map<String, GoldBuild.Month> previous;
    Map<String, GoldBuild.Month> previousDaily;
    final Map<String, List<DataFile>> copied = new TreeMap<>();

    Work(int worker, int workers) {
      this.worker = worker;
      this.workers = workers;
    }
  }

  BuildGoldTasklet(
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
    Work w =
        work.computeIfAbsent(
            step.getId(), id -> new Work(partition.getInt(WORKER), partition.getInt(WORKERS)));
    if (w.phase == null && !start(w, step)) {
      end(step.getId());
      return RepeatStatus.FINISHED;
    }
    boolean done = w.builder.advance(settings.progressRows());
    step.setReadCount(w.readBefore + w.builder.progress());
    step.setWriteCount(w.builder.written());
    if (!done) {
      return RepeatStatus.CONTINUABLE;
    }
    return switch (w.phase) {
      case FINGERPRINT -> startWriting(w);
      case WRITE -> finish(w, step);
    };
  }

  /**
   * Reads the plan, loads the dimensions and the previous version's months, and enters the first
   * phase; false when the plan builds nothing.
   */
  private boolean start(Work w, StepExecution step) {
    w.plan = state.plan(step.getJobExecution().getExecutionContext());
    if (w.plan.upToDate()) {
      return false;
    }
    if (w.plan.workers() != w.workers) {
      throw new IllegalStateException(
          "salestech.gold.workers is "
              + w.workers
              + " but run "
              + w.plan.runId()
              + " started with "
              + w.plan.workers()
              + ": restart it with that many, or start a new run (--new-run)");
    }
    w.dims = dimensions.acquire(w.plan);
    w.previous = previousMonths(w.plan, GoldTable.WIDE_VENDAS);
    w.previousDaily = previousMonths(w.plan, GoldTable.VENDAS_DIARIAS);
    Phase first = w.previous != null ? Phase.FINGERPRINT : Phase.WRITE;
    w.builder = newBuilder(w, first == Phase.WRITE, null);
    w.phase = first;
    return true;
  }

  /** The months of the table's published version; null on a full refresh or without them. */
  private Map<String, GoldBuild.Month> previousMonths(GoldPlan plan, GoldTable table) {
    return plan.fullRefresh()
        ? null
        : snapshots
            .resolve()
            .flatMap(s -> s.table(table.tableName()))
            .flatMap(pointer -> months.read(table, pointer))
            .orElse(null);
  }

  /** Ends the fingerprints: copies the unchanged months and starts writing the others. */
  private RepeatStatus startWriting(Work w) {
    Set<Integer> changed = compareWithPrevious(w, w.builder.fingerprints());
    w.readBefore += w.builder.progress();
    w.builder.close();
    w.builder = newBuilder(w, true, changed);
    w.phase = Phase.WRITE;
    return RepeatStatus.CONTINUABLE;
  }

  /** Writes the aggregates and hands the worker's share to the lake. */
  private RepeatStatus finish(Work w, StepExecution step) {
    GoldPart part = w.builder.finish(w.copied, dailyReuse(w));
    months.writePart(w.plan.runId(), part);
    log.info(
        "gold {} worker {}/{}: {} sales written in {} passes, wide_vendas months rebuilt {},"
            + " copied {}; vendas_diarias months rebuilt {}, copied {}",
        w.plan.runId(),
        w.worker + 1,
        w.workers,
        part.goldSales(),
        w.builder.passes(),
        part.months().values().stream().filter(m -> !m.copied()).count(),
        part.months().values().stream().filter(GoldBuild.Month::copied).count(),
        part.dailyMonths().values().stream().filter(m -> !m.copied()).count(),
        part.dailyMonths().values().stream().filter(GoldBuild.Month::copied).count());
    end(step.getId());
    return RepeatStatus.FINISHED;
  }

  private GoldBuilder newBuilder(Work w, boolean writes, Set<Integer> monthsToWrite) {
    return new GoldBuilder(
        w.dims,
        w.plan.silver().get(Table.VENDAS),
        w.plan.runId(),
        parquet,
        versions.layout(),
        settings,
        w.worker,
        w.workers,
        writes,
        monthsToWrite);
  }

  /**
   * The {@code vendas_diarias} months of the previous version that may be copied: those whose
   * fingerprint this run computes again, rows and hash.
   */
  private DailySales.Reuse dailyReuse(Work w) {
    if (w.previousDaily == null) {
      return DailySales.Reuse.NONE;
    }
    return (month, rows, hash) -> {
      GoldBuild.Month old = w.previousDaily.get(month);
      return old != null && old.rows() == rows && old.hash() == hash
          ? months.copy(GoldTable.VENDAS_DIARIAS, old.files(), w.plan.runId())
          : null;
    };
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
        w.copied.put(
            entry.getKey(), months.copy(GoldTable.WIDE_VENDAS, old.files(), w.plan.runId()));
      }
    }
    return changed;
  }
}
