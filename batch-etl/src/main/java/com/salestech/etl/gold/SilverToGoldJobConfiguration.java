package com.salestech.etl.gold;

import com.salestech.etl.report.RunReportWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code silver-to-gold} job: plan (fix the silver versions), build (join and aggregate into a
 * new version of every gold table), publish (quality checks, then the snapshot and the tables'
 * pointers); a listener writes the run report.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({GoldProperties.class, GoldRemoteProperties.class})
class SilverToGoldJobConfiguration {

  static final String JOB_NAME = "silver-to-gold";

  /** The step of one partition, named in the remote workers' requests. */
  static final String WORKER_STEP = "build-gold-worker";

  @Bean
  Step planGoldStep(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      TableVersions versions,
      GoldSnapshots snapshots,
      GoldState state,
      GoldProperties settings) {
    return new StepBuilder("plan-gold", jobRepository)
        .tasklet(new PlanGoldTasklet(versions, snapshots, state, settings), transactionManager)
        // Runs again on a restart: it keeps the run's plan, or makes it again if a crash came
        // between the step's completion and the job context holding the plan.
        .allowStartIfComplete(true)
        .build();
  }

  /** One partition of the build: the step a thread of this process or a remote worker runs. */
  @Bean
  Step buildGoldWorkerStep(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      ParquetLake parquet,
      TableVersions versions,
      GoldSnapshots snapshots,
      GoldState state,
      GoldProperties settings,
      GoldMonths months,
      GoldDimensionsCache dimensions) {
    BuildGoldTasklet build =
        new BuildGoldTasklet(parquet, versions, snapshots, state, settings, months, dimensions);
    return new StepBuilder(WORKER_STEP, jobRepository)
        .tasklet(build, transactionManager)
        .listener(build)
        .build();
  }

  /**
   * The build, split into {@code salestech.gold.workers} partitions: on as many threads of this
   * process, or, with {@code salestech.gold.remote.enabled}, sent to the queue for the worker
   * processes while this one follows them in the job repository (Spring Batch remote partitioning).
   */
  @Bean
  Step buildGoldStep(
      JobRepository jobRepository,
      @Qualifier("buildGoldWorkerStep") Step worker,
      GoldProperties settings,
      GoldRemoteProperties remote,
      ObjectProvider<PartitionQueue> queue) {
    int workers = settings.workers();
    Partitioner partitioner =
        gridSize -> {
          Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
          for (int i = 0; i < workers; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(BuildGoldTasklet.WORKER, i);
            context.putInt(BuildGoldTasklet.WORKERS, workers);
            partitions.put("worker" + i, context);
          }
          return partitions;
        };
    if (remote.enabled()) {
      return new RemotePartitioningManagerStepBuilder("build-gold", jobRepository)
          .partitioner(WORKER_STEP, partitioner)
          .gridSize(workers)
          .outputChannel(new PartitionRequests(queue.getObject()))
          .pollInterval(remote.pollInterval().toMillis())
          .timeout(remote.timeout().toMillis())
          .listener(new PartitionProgress(jobRepository, WORKER_STEP, remote.progressInterval()))
          .build();
    }
    return new StepBuilder("build-gold", jobRepository)
        .partitioner(WORKER_STEP, partitioner)
        .step(worker)
        .gridSize(workers)
        .taskExecutor(goldTaskExecutor(workers))
        .build();
  }

  private static TaskExecutor goldTaskExecutor(int workers) {
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("gold-");
    executor.setConcurrencyLimit(workers);
    return executor;
  }

  @Bean
  Step publishGoldStep(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      TableVersions versions,
      GoldSnapshots snapshots,
      GoldAudit audit,
      GoldState state,
      GoldProperties settings,
      GoldMonths months,
      Clock clock) {
    return new StepBuilder("publish-gold", jobRepository)
        .tasklet(
            new PublishGoldTasklet(versions, snapshots, audit, state, settings, months, clock),
            transactionManager)
        .build();
  }

  /** The time the freshness check compares exports with. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemDefaultZone();
  }

  @Bean
  Job silverToGoldJob(
      JobRepository jobRepository,
      Step planGoldStep,
      Step buildGoldStep,
      Step publishGoldStep,
      GoldState state,
      RunReportWriter reportWriter) {
    return new JobBuilder(JOB_NAME, jobRepository)
        .listener(new ReportListener(state, reportWriter))
        .start(planGoldStep)
        .next(buildGoldStep)
        .next(publishGoldStep)
        .build();
  }

  /** Writes the run report when the job ends, however it ends. */
  static final class ReportListener implements JobExecutionListener {

    private final GoldState state;
    private final RunReportWriter writer;

    ReportListener(GoldState state, RunReportWriter writer) {
      this.state = state;
      this.writer = writer;
    }

    @Override
    public void afterJob(JobExecution execution) {
      var context = execution.getExecutionContext();
      if (!state.hasPlan(context)) {
        return;
      }
      GoldPlan plan = state.plan(context);
      GoldBuild build = state.build(context);
      boolean published = execution.getStatus() == BatchStatus.COMPLETED;
      Map<String, String> silver = new LinkedHashMap<>();
      plan.silver().forEach((table, pointer) -> silver.put(table.tableName(), pointer.version()));
      List<GoldRunReport.Table> tables = new ArrayList<>();
      if (build != null) {
        for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
          tables.add(
              new GoldRunReport.Table(
                  table.tableName(),
                  published ? build.runId() : null,
                  build.rows(table),
                  build.files().get(table).size(),
                  build.bytes(table)));
        }
      }
      Instant started =
          execution.getStartTime() == null
              ? Instant.now()
              : execution.getStartTime().atZone(ZoneId.systemDefault()).toInstant();
      Instant finished = Instant.now();
      GoldRunReport report =
          new GoldRunReport(
              JOB_NAME,
              plan.runId(),
              execution.getId(),
              execution.getStatus().name(),
              execution.getExitStatus().getExitCode(),
              started,
              finished,
              Duration.between(started, finished).toMillis(),
              silver,
              build == null ? 0 : build.silverSales(),
              build == null ? 0 : build.goldSales(),
              build == null ? Map.of() : build.quarantinedByReason(),
              build == null ? 0 : build.orphanPromotions(),
              build == null ? 0 : build.orphanPayments(),
              build == null
                  ? null
                  : BigDecimal.valueOf(build.receitaCents().get(GoldTable.WIDE_VENDAS), 2),
              tables,
              build == null ? List.of() : build.rebuiltMonths(),
              build == null ? List.of() : build.copiedMonths(),
              build == null ? List.of() : build.dailyRebuiltMonths(),
              build == null ? List.of() : build.dailyCopiedMonths(),
              build == null ? 0 : build.salePairs(),
              build == null ? null : build.firstSale(),
              build == null ? null : build.lastSale(),
              state.checks(context));
      writer.write(JOB_NAME, plan.runId(), report, report.summary());
    }
  }
}
