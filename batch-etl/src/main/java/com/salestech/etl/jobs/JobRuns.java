package com.salestech.etl.jobs;

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
 * next start plans afresh, with whatever was landed since. Only one run of any job goes at a time
 * (they share the lake and the pipeline runs the others): the run holds the {@link RunLock} of the
 * job repository from its start to its end, and a start that cannot take it is refused.
 */
@Service
public class JobRuns {

  private static final Logger log = LoggerFactory.getLogger(JobRuns.class);
  private static final int LOCK_ATTEMPTS = 50;
  private static final long LOCK_RETRY_MILLIS = 100;

  private final JobRepository repository;
  private final Map<String, Job> jobs;
  private final RunLock runLock;
  private final TaskExecutorJobOperator syncOperator;
  private final TaskExecutorJobOperator asyncOperator;

  /** The lock of the run being launched, until the executor takes it over for the run. */
  private RunLock.Held launching;

  JobRuns(JobRepository repository, List<Job> jobs, RunLock runLock) throws Exception {
    this.repository = repository;
    MapJobRegistry registry = new MapJobRegistry();
    for (Job job : jobs) {
      registry.register(job);
    }
    this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
    this.runLock = runLock;
    this.syncOperator =
        operator(repository, registry, releasingTheLockAfterTheRun(new SyncTaskExecutor()));
    this.asyncOperator =
        operator(
            repository, registry, releasingTheLockAfterTheRun(new SimpleAsyncTaskExecutor("job-")));
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

  /**
   * Runs each job with the lock its launch took, and releases the lock when the job ends, in
   * whichever thread the job ran.
   */
  private TaskExecutor releasingTheLockAfterTheRun(TaskExecutor executor) {
    return task -> {
      RunLock.Held lock = launching;
      launching = null;
      if (lock == null) {
        executor.execute(task);
        return;
      }
      try {
        executor.execute(
            () -> {
              try {
                task.run();
              } finally {
                lock.release();
              }
            });
      } catch (RuntimeException e) {
        lock.release();
        throw e;
      }
    };
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
    launching = takeRunLock();
    try {
      recoverCrashed();
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
    } catch (Exception e) {
      throw new IllegalStateException("cannot start " + jobName + ": " + e.getMessage(), e);
    } finally {
      if (launching != null) {
        // the run never started
        launching.release();
        launching = null;
      }
    }
  }

  /**
   * The run lock, or the refusal naming the live run. A lock held with no run marked running is a
   * run starting (its execution is about to show) or ending (its lock is about to go): asked again
   * shortly, it tells which.
   */
  private RunLock.Held takeRunLock() {
    for (int attempt = 1; ; attempt++) {
      Optional<RunLock.Held> lock = runLock.tryAcquire();
      if (lock.isPresent()) {
        return lock.get();
      }
      Optional<JobExecution> live = liveRun();
      if (live.isPresent()) {
        JobExecution e = live.get();
        throw JobAlreadyRunningException.of(
            e.getJobInstance().getJobName(),
            e.getId(),
            e.getStartTime() != null ? e.getStartTime() : e.getCreateTime());
      }
      if (attempt == LOCK_ATTEMPTS) {
        throw JobAlreadyRunningException.lockHeld();
      }
      try {
        Thread.sleep(LOCK_RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw JobAlreadyRunningException.lockHeld();
      }
    }
  }

  /** The outermost run marked running: the pipeline's execution precedes its jobs'. */
  private Optional<JobExecution> liveRun() {
    return jobs.keySet().stream()
        .flatMap(name -> repository.findRunningJobExecutions(name).stream())
        .min(Comparator.comparing(JobExecution::getId));
  }

  /**
   * With the run lock held no other run is live, so an execution the repository still marks running
   * was cut short by the death of its process: it is marked failed, to be restarted.
   */
  private void recoverCrashed() {
    for (String name : jobs.keySet()) {
      for (JobExecution running : repository.findRunningJobExecutions(name)) {
        JobExecution loaded = repository.getJobExecution(running.getId());
        log.warn(
            "{} execution {} is marked running but no process holds the run lock: taking it as"
                + " crashed",
            name,
            loaded.getId());
        syncOperator.recover(loaded);
      }
    }
  }

  /** The job's last run when it was cut short and should be finished rather than replanned. */
  private Optional<JobExecution> lastUnfinished(String jobName) {
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
}
