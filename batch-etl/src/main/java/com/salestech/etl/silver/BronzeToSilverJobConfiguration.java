package com.salestech.etl.silver;

import com.salestech.etl.bookmark.BronzeBookmarks;
import com.salestech.etl.report.RunReport;
import com.salestech.etl.report.RunReportWriter;
import com.salestech.etl.report.TableReport;
import com.salestech.etl.report.TableReports;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.lake.LakeLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code bronze-to-silver} job: a plan step fixes the inputs, then one step per table builds
 * and publishes its silver version, tables in parallel except {@code vendas}, {@code
 * venda_promocao} and {@code pagamentos}, which go in that order (stream events); a listener writes
 * the run report.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SilverProperties.class)
class BronzeToSilverJobConfiguration {

  static final String JOB_NAME = "bronze-to-silver";

  /** The run's exit code when it completed but refused some bronze objects. */
  static final String COMPLETED_WITH_FILE_ERRORS = "COMPLETED_WITH_FILE_ERRORS";

  @Bean
  Job bronzeToSilverJob(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      LakeStorage storage,
      LakeLayout layout,
      ParquetLake parquet,
      TableVersions versions,
      BronzeBookmarks bookmarks,
      SilverPlans plans,
      SilverProperties settings,
      TableReports tableReports,
      RunReportWriter reportWriter) {
    Step plan =
        new StepBuilder("plan-silver", jobRepository)
            .tasklet(new PlanTasklet(storage, layout, bookmarks, plans), transactionManager)
            // Runs again on a restart: it keeps the plan the run made, and makes it again if a
            // crash came between the step's completion and the job context holding the plan.
            .allowStartIfComplete(true)
            .build();
    Map<Table, Step> steps = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      steps.put(
          table,
          new StepBuilder("silver-" + table.tableName(), jobRepository)
              .tasklet(
                  new SilverTableTasklet(
                      table, storage, parquet, versions, bookmarks, plans, settings, tableReports),
                  transactionManager)
              .build());
    }
    List<Flow> tableFlows = new ArrayList<>();
    // Sales, then promotions and payments: the vendas step decides which stream sales stand (a CSV
    // export wins over an event) and leaves the others their promotion and payment facts.
    tableFlows.add(
        new FlowBuilder<Flow>("flow-sales")
            .start(steps.get(Table.VENDAS))
            .next(steps.get(Table.VENDA_PROMOCAO))
            .next(steps.get(Table.PAGAMENTOS))
            .build());
    for (Table table : List.of(Table.CLIENTES, Table.LOJAS, Table.PRODUTOS)) {
      tableFlows.add(
          new FlowBuilder<Flow>("flow-" + table.tableName()).start(steps.get(table)).build());
    }
    Flow tables =
        new FlowBuilder<Flow>("silver-tables")
            .split(silverTaskExecutor(settings))
            .add(tableFlows.toArray(Flow[]::new))
            .build();
    return new JobBuilder(JOB_NAME, jobRepository)
        .listener(new ReportListener(jobRepository, plans, tableReports, reportWriter))
        .start(plan)
        .on("*")
        .to(tables)
        .end()
        .build();
  }

  /**
   * Builds {@code salestech.silver.parallelism} tables at a time. Not a bean: an executor bean
   * would become the application's default one.
   */
  private static TaskExecutor silverTaskExecutor(SilverProperties settings) {
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("silver-");
    executor.setConcurrencyLimit(settings.parallelism());
    return executor;
  }

  /** Gathers the tables' reports into the run report when the job ends, however it ends. */
  static final class ReportListener implements JobExecutionListener {

    private final JobRepository repository;
    private final SilverPlans plans;
    private final TableReports tableReports;
    private final RunReportWriter writer;

    ReportListener(
        JobRepository repository,
        SilverPlans plans,
        TableReports tableReports,
        RunReportWriter writer) {
      this.repository = repository;
      this.plans = plans;
      this.tableReports = tableReports;
      this.writer = writer;
    }

    /**
     * The last execution of each table's step over the whole run: a restarted run does not repeat
     * the tables it had finished, yet its report covers them.
     */
    private List<StepExecution> latestTableSteps(JobExecution execution) {
      Map<String, StepExecution> latest = new HashMap<>();
      for (JobExecution attempt : repository.getJobExecutions(execution.getJobInstance())) {
        JobExecution loaded =
            attempt.getId() == execution.getId()
                ? execution
                : repository.getJobExecution(attempt.getId());
        for (StepExecution step : loaded.getStepExecutions()) {
          if (step.getStepName().startsWith("silver-")) {
            latest.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
          }
        }
      }
      return List.copyOf(latest.values());
    }

    @Override
    public void afterJob(JobExecution execution) {
      if (!plans.hasPlan(execution.getExecutionContext())) {
        return;
      }
      SilverPlan plan = plans.load(execution.getExecutionContext());
      List<TableReport> tables =
          latestTableSteps(execution).stream()
              .map(StepExecution::getExecutionContext)
              .map(tableReports::load)
              .filter(Objects::nonNull)
              .sorted(Comparator.comparing(t -> Table.fromName(t.table()).orElseThrow()))
              .toList();
      boolean fileErrors =
          !plan.unknownObjects().isEmpty()
              || tables.stream().anyMatch(t -> t.files().stream().anyMatch(f -> f.error() != null));
      if (execution.getStatus() == BatchStatus.COMPLETED && fileErrors) {
        execution.setExitStatus(new ExitStatus(COMPLETED_WITH_FILE_ERRORS));
      }
      Instant started =
          execution.getStartTime() == null
              ? Instant.now()
              : execution.getStartTime().atZone(java.time.ZoneId.systemDefault()).toInstant();
      Instant finished = Instant.now();
      writer.write(
          new RunReport(
              JOB_NAME,
              plan.runId(),
              execution.getId(),
              execution.getStatus().name(),
              execution.getExitStatus().getExitCode(),
              plan.fullRefresh(),
              started,
              finished,
              Duration.between(started, finished).toMillis(),
              tables,
              plan.unknownObjects()));
    }
  }
}
