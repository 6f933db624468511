package com.salestech.etl.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.SimpleJob;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The metrics of every job, in one place. Spring Boot hands the {@link ObservationRegistry} to the
 * job beans ({@code spring.batch.job}); this hands it to the steps of the step-by-step jobs ({@code
 * spring.batch.step}: {@code silver-to-gold}, {@code forecast}), whose steps are built inline and
 * so are no beans. A flow job's steps are not reachable before it first runs (asking for them would
 * cache a partial list), so Spring Batch does not time them; instead every step of every job (the
 * tables of {@code bronze-to-silver}, the gold partitions) is timed and its rows counted when the
 * job ends: {@code salestech.batch.step.duration} tagged {@code job}, {@code step} and {@code
 * status}, and {@code salestech.batch.rows} tagged {@code job}, {@code step} and {@code kind}
 * ({@code read}, {@code written}, {@code skipped}).
 */
@Component
class BatchMetrics implements BeanPostProcessor {

  static final String ROWS = "salestech.batch.rows";
  static final String STEP_DURATION = "salestech.batch.step.duration";

  private final ObjectProvider<MeterRegistry> meters;
  private final ObjectProvider<ObservationRegistry> observations;

  private final ObjectProvider<JobRepository> repository;

  BatchMetrics(
      ObjectProvider<MeterRegistry> meters,
      ObjectProvider<ObservationRegistry> observations,
      ObjectProvider<JobRepository> repository) {
    this.meters = meters;
    this.observations = observations;
    this.repository = repository;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof AbstractJob job) {
      ObservationRegistry registry = observations.getIfAvailable();
      if (registry != null && job instanceof SimpleJob) {
        for (String name : job.getStepNames()) {
          Step step = job.getStep(name);
          if (step instanceof AbstractStep observed) {
            observed.setObservationRegistry(registry);
          }
        }
      }
      job.registerJobExecutionListener(new RowCounter(meters, repository));
    }
    return bean;
  }

  /** Adds each step's read, written and skipped rows to the counters when the job ends. */
  private record RowCounter(
      ObjectProvider<MeterRegistry> meters, ObjectProvider<JobRepository> repository)
      implements JobExecutionListener {

    @Override
    public void afterJob(JobExecution execution) {
      MeterRegistry registry = meters.getIfAvailable();
      if (registry == null) {
        return;
      }
      String job = execution.getJobInstance().getJobName();
      // the steps as the job repository has them: remote partitions were recorded by their workers
      JobRepository jobs = repository.getIfAvailable();
      JobExecution stored = jobs == null ? null : jobs.getJobExecution(execution.getId());
      for (StepExecution step : (stored == null ? execution : stored).getStepExecutions()) {
        count(registry, job, step.getStepName(), "read", step.getReadCount());
        count(registry, job, step.getStepName(), "written", step.getWriteCount());
        count(registry, job, step.getStepName(), "skipped", step.getSkipCount());
        if (step.getStartTime() != null && step.getEndTime() != null) {
          Timer.builder(STEP_DURATION)
              .description("how long a job step took, from its start to its end")
              .tags("job", job, "step", step.getStepName(), "status", step.getStatus().name())
              .register(registry)
              .record(Duration.between(step.getStartTime(), step.getEndTime()));
        }
      }
    }

    private static void count(
        MeterRegistry registry, String job, String step, String kind, long rows) {
      Counter.builder(ROWS)
          .description("rows of a job step by kind")
          .baseUnit("rows")
          .tags("job", job, "step", step, "kind", kind)
          .register(registry)
          .increment(rows);
    }
  }
}
