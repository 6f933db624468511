package com.salestech.etl.pipeline;

import com.salestech.etl.catalog.CatalogProperties;
import com.salestech.etl.catalog.CatalogRegistration;
import com.salestech.etl.catalog.GlueCatalog;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The {@code daily-pipeline} job: {@code bronze-to-silver}, then {@code silver-to-gold}, catalog
 * registration, {@code forecast} (the models, added to the gold snapshot just published) and
 * registration of the models' tables, as one restartable job. Each of the first three runs as a job
 * of its own (with the pipeline's parameters), so a restarted pipeline restarts the one that was
 * cut short and skips what completed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
class DailyPipelineJobConfiguration {

  static final String JOB_NAME = "daily-pipeline";

  @Bean
  @ConditionalOnProperty(name = "salestech.catalog.type", havingValue = "glue")
  GlueClient glueClient() {
    return GlueClient.create();
  }

  @Bean
  CatalogRegistration catalogRegistration(
      TableVersions versions,
      GoldSnapshots snapshots,
      LakeStorage storage,
      CatalogProperties settings,
      Optional<GlueClient> glue,
      Clock clock) {
    return new CatalogRegistration(
        versions,
        snapshots,
        storage,
        settings,
        glue.filter(g -> settings.glue()).map(GlueCatalog::new),
        clock);
  }

  @Bean
  Job dailyPipelineJob(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      @Qualifier("bronzeToSilverJob") Job bronzeToSilver,
      @Qualifier("silverToGoldJob") Job silverToGold,
      @Qualifier("forecastJob") Job forecastJob,
      CatalogRegistration catalog)
      throws Exception {
    // The child jobs are started directly; an operator of its own avoids a cycle with the
    // application's, which collects every Job bean, this one included.
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(jobRepository);
    operator.setJobRegistry(new MapJobRegistry());
    operator.setTaskExecutor(new SyncTaskExecutor());
    operator.afterPropertiesSet();
    Step silver =
        new StepBuilder(bronzeToSilver.getName(), jobRepository)
            .job(bronzeToSilver)
            .operator(operator)
            .build();
    Step gold =
        new StepBuilder(silverToGold.getName(), jobRepository)
            .job(silverToGold)
            .operator(operator)
            .build();
    Step forecast =
        new StepBuilder(forecastJob.getName(), jobRepository)
            .job(forecastJob)
            .operator(operator)
            .build();
    // Gold is registered as soon as it is published, so a forecast that fails leaves the catalog
    // on the new gold; the models' tables are registered once the forecast extended the snapshot.
    Step register = registration("register-catalog", jobRepository, transactionManager, catalog);
    Step registerModels =
        registration("register-catalog-models", jobRepository, transactionManager, catalog);
    return new JobBuilder(JOB_NAME, jobRepository)
        .listener(new StepOutcomes(jobRepository))
        .start(silver)
        .next(gold)
        .next(register)
        .next(forecast)
        .next(registerModels)
        .build();
  }

  private static Step registration(
      String name,
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      CatalogRegistration catalog) {
    return new StepBuilder(name, jobRepository)
        .tasklet(
            (contribution, context) -> {
              catalog.registerAll();
              return RepeatStatus.FINISHED;
            },
            transactionManager)
        .build();
  }

  /**
   * A completed pipeline exits {@code COMPLETED} (the schedule's run went well) and says in its
   * exit description what its steps reported beyond that: {@code bronze-to-silver:
   * COMPLETED_WITH_FILE_ERRORS (execution 7)} when objects were refused. A restarted pipeline
   * reports the steps its earlier executions completed too.
   */
  static final class StepOutcomes implements JobExecutionListener {

    private final JobRepository repository;

    StepOutcomes(JobRepository repository) {
      this.repository = repository;
    }

    @Override
    public void afterJob(JobExecution execution) {
      if (execution.getStatus() != BatchStatus.COMPLETED) {
        return;
      }
      Map<String, StepExecution> latest = new LinkedHashMap<>();
      for (JobExecution attempt : repository.getJobExecutions(execution.getJobInstance())) {
        JobExecution loaded =
            attempt.getId() == execution.getId()
                ? execution
                : repository.getJobExecution(attempt.getId());
        for (StepExecution step : loaded.getStepExecutions()) {
          latest.merge(step.getStepName(), step, (a, b) -> a.getId() > b.getId() ? a : b);
        }
      }
      String reported =
          latest.values().stream()
              .sorted(Comparator.comparing(StepExecution::getId))
              .filter(
                  s -> !s.getExitStatus().getExitCode().equals(ExitStatus.COMPLETED.getExitCode()))
              .map(this::outcome)
              .collect(Collectors.joining("; "));
      if (!reported.isEmpty()) {
        execution.setExitStatus(ExitStatus.COMPLETED.addExitDescription(reported));
      }
    }

    /** A step's exit code, with the execution of the job it ran, where the report is. */
    private String outcome(StepExecution step) {
      JobInstance child = repository.getLastJobInstance(step.getStepName());
      JobExecution run = child == null ? null : repository.getLastJobExecution(child);
      return step.getStepName()
          + ": "
          + step.getExitStatus().getExitCode()
          + (run == null ? "" : " (execution " + run.getId() + ")");
    }
  }
}
