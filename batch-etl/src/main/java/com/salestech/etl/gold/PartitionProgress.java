package com.salestech.etl.gold;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Logs, while the manager waits for the remote partitions, how many are done, building and waiting
 * for a worker, from the job repository: a run whose workers are all down says so.
 */
final class PartitionProgress implements StepExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(PartitionProgress.class);

  private final JobRepository jobRepository;
  private final String workerStep;
  private final Duration interval;
  private ScheduledExecutorService timer;

  PartitionProgress(JobRepository jobRepository, String workerStep, Duration interval) {
    this.jobRepository = jobRepository;
    this.workerStep = workerStep;
    this.interval = interval;
  }

  @Override
  public synchronized void beforeStep(StepExecution manager) {
    long jobExecutionId = manager.getJobExecutionId();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "gold-partition-progress");
              thread.setDaemon(true);
              return thread;
            });
    long every = Math.max(1, interval.toMillis());
    timer.scheduleAtFixedRate(() -> report(jobExecutionId), every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized ExitStatus afterStep(StepExecution manager) {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    return null;
  }

  private void report(long jobExecutionId) {
    try {
      JobExecution job = jobRepository.getJobExecution(jobExecutionId);
      if (job == null) {
        return;
      }
      Map<String, Long> byState = new TreeMap<>();
      long read = 0;
      for (StepExecution partition : job.getStepExecutions()) {
        if (!partition.getStepName().startsWith(workerStep + ":")) {
          continue;
        }
        BatchStatus status = partition.getStatus();
        String state =
            switch (status) {
              case STARTING -> "waiting for a worker";
              case STARTED -> "building";
              case COMPLETED -> "done";
              default -> status.name().toLowerCase(Locale.ROOT);
            };
        byState.merge(state, 1L, Long::sum);
        read += partition.getReadCount();
      }
      log.info("build-gold partitions: {}; {} sales read so far", byState, read);
    } catch (RuntimeException e) {
      log.warn("build-gold partitions: could not read their state ({})", e.getMessage());
    }
  }
}
