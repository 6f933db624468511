package com.salestech.etl.jobs;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Starts the batch jobs the same way for the CLI, the schedule and the API. A start first finishes
 * the job's last run when that one was cut short (a failure of the store or the process, a stop, or
 * a process that died while running): Spring Batch restarts it from its first unfinished step with
 * the same plan. A run that failed only because its data broke a reject limit is not repeated: the
 * next start plans afresh, with whatever was landed since. Only one run of a job goes at a time.
 */
@Service
public class JobRuns {

  private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

  private final JobRepository repository;
  private final Map<String, Job> jobs;
  private final JobsProperties properties;
  private final TaskExecutorJobOperator syncOperator;
  private final TaskExecutorJobOperator asyncOperator;

  JobRuns(JobRepository repository, List<Job> jobs, JobsProperties properties) throws Exception {
    this.repository = repository;
    MapJobRegistry registry = new MapJobRegistry();
    for (Job job : jobs) {
      registry.register(job);
    }
    this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
    this.properties = properties;
    this.syncOperator = operator(repository, registry, new SyncTaskExecutor());
    SimpleAsyncTaskExecutor async = new SimpleAsyncTaskExecutor("job-");
    this.asyncOperator = operator(repository, registry, async);
  }

  private static TaskExecutorJobOperator operator(
      JobRepository repository, JobRegistry registry, TaskExecutor executor) throws Exception {
    TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    operator.setJobRepository(repository);
    operator.setJobRegistry(registry);
    operator.setTaskExecutor(executor);
    operator.afterPropertiesSet();
    return operator;
  }

  public boolean knows(String jobName) {
    return jobs.containsKey(jobName);
  }

  public List<String> jobNames() {
    return jobs.keySet().stream().sorted().toList();
  }

  /** Runs a job to its end in this thread (the CLI). */
  public JobExecution runAndWait(String jobName, boolean fullRefresh, boolean newRun) {
    return launch(jobName, fullRefresh, newRun, syncOperator);
  }

  /** Starts a job in the background and returns its execution at once (API, schedule). */
  public JobExecution start(String jobName, boolean fullRefresh, boolean newRun) {
    return launch(jobName, fullRefresh, newRun, asyncOperator);
  }

  public Optional<JobExecution> execution(long id) {
    return Optional.ofNullable(repository.getJobExecution(id));
  }

  private synchronized JobExecution launch(
      String jobName, boolean fullRefresh, boolean newRun, TaskExecutorJobOperator operator) {
    Job job = jobs.get(jobName);
    if (job == null) {
      throw new IllegalArgumentException("no job named '" + jobName + "'; jobs: " + jobNames());
    }
    try {
      Optional<JobExecution> unfinished = lastUnfinished(jobName);
      if (unfinished.isPresent()) {
        JobExecution last = unfinished.get();
        if (newRun || fullRefresh) {
          log.info(
              "Abandoning unfinished {} execution {} ({}) for a new run",
              jobName,
              last.getId(),
              last.getStatus());
          syncOperator.abandon(last);
        } else {
          log.info(
              "Resuming {} execution {} ({}) from its first unfinished step",
              jobName,
              last.getId(),
              last.getStatus());
          return operator.restart(last);
        }
      }
      JobParameters parameters =
          new JobParametersBuilder()
              .addLong("run.id", System.currentTimeMillis())
              .addString("full-refresh", String.valueOf(fullRefresh))
              // A job run by the pipeline carries the pipeline's origin, so that only the
              // pipeline resumes it.
              .addString("origin", jobName)
              .toJobParameters();
      return operator.start(job, parameters);
    } catch (JobAlreadyRunningException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start " + jobName + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses to start while any job has a live run (they share the lake and the pipeline runs the
   * others); a run still marked running whose heartbeat is older than {@code
   * salestech.jobs.stale-after} is taken as crashed and marked failed, so it can be restarted.
   */
  private void recoverOrRefuse() {
    for (String name : jobs.keySet()) {
      for (JobExecution running : repository.findRunningJobExecutions(name)) {
        JobExecution loaded = repository.getJobExecution(running.getId());
        LocalDateTime heartbeat = heartbeat(loaded);
        if (heartbeat.isAfter(LocalDateTime.now().minus(properties.staleAfter()))) {
          throw new JobAlreadyRunningException(name, loaded.getId(), heartbeat.toString());
        }
        log.warn(
            "{} execution {} has had no heartbeat since {}: taking it as crashed",
            name,
            loaded.getId(),
            heartbeat);
        asyncOperator.recover(loaded);
      }
    }
  }

  /** The job's last run when it was cut short and should be finished rather than replanned. */
  private Optional<JobExecution> lastUnfinished(String jobName) {
    recoverOrRefuse();
    JobInstance instance = repository.getLastJobInstance(jobName);
    if (instance == null) {
      return Optional.empty();
    }
    JobExecution last = repository.getLastJobExecution(instance);
    if (last == null) {
      return Optional.empty();
    }
    String origin = last.getJobParameters().getString("origin");
    if (origin != null && !origin.equals(jobName)) {
      // a run of the pipeline's: the pipeline finishes it, not a start of this job alone
      return Optional.empty();
    }
    BatchStatus status = last.getStatus();
    if (status == BatchStatus.STOPPED
        || (status == BatchStatus.FAILED && !failedOnlyOnData(last))) {
      return Optional.of(last);
    }
    return Optional.empty();
  }

  /**
   * Whether every failed step failed on refused data, which a restart would only repeat. A step
   * that ran another job (the pipeline's) is judged by that job's last execution.
   */
  private boolean failedOnlyOnData(JobExecution execution) {
    List<StepExecution> failed =
        execution.getStepExecutions().stream()
            .filter(s -> s.getStatus() == BatchStatus.FAILED)
            .toList();
    if (failed.isEmpty()) {
      return false;
    }
    for (StepExecution step : failed) {
      String description = step.getExitStatus().getExitDescription();
      if (description.contains(DataRejectedException.class.getName())) {
        continue;
      }
      JobInstance child =
          jobs.containsKey(step.getStepName())
              ? repository.getLastJobInstance(step.getStepName())
              : null;
      JobExecution childRun = child == null ? null : repository.getLastJobExecution(child);
      if (childRun == null
          || childRun.getStatus() != BatchStatus.FAILED
          || !failedOnlyOnData(repository.getJobExecution(childRun.getId()))) {
        return false;
      }
    }
    return true;
  }

  private static LocalDateTime heartbeat(JobExecution execution) {
    LocalDateTime latest =
        execution.getLastUpdated() != null ? execution.getLastUpdated() : execution.getCreateTime();
    LocalDateTime steps =
        execution.getStepExecutions().stream()
            .map(s -> s.getLastUpdated() != null ? s.getLastUpdated() : s.getStartTime())
            .filter(java.util.Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(latest);
    return steps.isAfter(latest) ? steps : latest;
  }
}
