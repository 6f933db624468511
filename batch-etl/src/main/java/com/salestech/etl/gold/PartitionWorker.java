package com.salestech.etl.gold;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A worker of the gold build ({@code salestech.gold.remote.worker}): takes partition requests from
 * the queue and runs the {@code build-gold-worker} step on the partition's step execution from the
 * job repository, as Spring Batch's {@code StepExecutionRequestHandler} does, but on the very copy
 * whose status it checked: if another worker recorded the partition meanwhile, the step's first
 * update fails on the version and the request is left to come back after its lease (then dropped if
 * the partition has ended, built again if its worker stopped). While a partition builds, its lease
 * is extended; the request is deleted once the partition has ended in the job repository. A worker
 * that dies leaves its partition {@code STARTED} and its lease runs out: the next worker to take
 * the request builds the partition again from its start (its files have the same names, so they are
 * written over, and the publish step lists only what the finished parts name). A request whose
 * partition or run has ended, or that names no step execution, is dropped.
 */
final class PartitionWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Exit status of a worker halted with partitions still building: 128 + SIGTERM. */
  private static final int HALTED = 143;

  private final PartitionQueue queue;
  private final JobRepository jobRepository;
  private final Step step;
  private final GoldRemoteProperties settings;
  private final Map<PartitionQueue.Taken, String> building = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean running;
  private ExecutorService takers;
  private ScheduledExecutorService leases;

  PartitionWorker(
      PartitionQueue queue, JobRepository jobRepository, Step step, GoldRemoteProperties settings) {
    this.queue = queue;
    this.jobRepository = jobRepository;
    this.step = step;
    this.settings = settings;
  }

  @Override
  public void start() {
    queue.url(); // a missing queue fails the start, naming it
    running = true;
    takers = Executors.newFixedThreadPool(settings.concurrency(), threads("gold-partition-"));
    // a thread per partition being built: one slow extension does not hold up the others
    leases = Executors.newScheduledThreadPool(settings.concurrency(), threads("gold-lease-"));
    for (int i = 0; i < settings.concurrency(); i++) {
      takers.execute(this::takeWhileRunning);
    }
    log.info(
        "gold worker: taking partitions from the queue {}, {} at a time, lease {}",
        queue.name(),
        settings.concurrency(),
        settings.lease());
  }

  /** Stops first, before the job repository and the clients it uses are closed. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 1;
  }

  /**
   * Takes no new request and lets the partitions being built finish, for up to one lease. What is
   * still building then is given back to the queue and the JVM halts: stopping the builders would
   * record their partitions as failed and fail the run, while a partition left {@code STARTED} is
   * built again by another worker.
   */
  @Override
  public void stop() {
    running = false;
    takers.shutdown();
    try {
      long deadline = System.nanoTime() + settings.lease().toNanos();
      while (!building.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!building.isEmpty()) {
      for (Map.Entry<PartitionQueue.Taken, String> partition : building.entrySet()) {
        try {
          queue.extend(partition.getKey(), Duration.ZERO);
        } catch (RuntimeException e) {
          // its lease runs out instead
        }
        log.warn(
            "gold worker stopping: {} still building after {}: given back to the queue for another"
                + " worker; halting so that it is not recorded as failed",
            partition.getValue(),
            settings.lease());
      }
      Runtime.getRuntime().halt(HALTED);
    }
    leases.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void takeWhileRunning() {
    while (running) {
      try {
        for (PartitionQueue.Taken taken : queue.take(1, settings.lease(), WAIT)) {
          if (!running) {
            queue.extend(taken, Duration.ZERO); // stopping: back to the queue for another worker
            return;
          }
          build(taken);
        }
      } catch (SdkException e) {
        if (!running) {
          return;
        }
        log.warn(
            "gold worker: the queue {} is not answering ({}); trying again",
            queue.name(),
            e.getMessage());
        pause();
      } catch (RuntimeException e) {
        log.error(
            "gold worker: a partition request failed; its request comes back after its lease", e);
        pause();
      }
    }
  }

  private void build(PartitionQueue.Taken taken) {
    PartitionQueue.Request request = taken.request();
    if (request == null || !request.stepName().equals(step.getName())) {
      log.error("gold worker: dropping a message that is no gold partition request");
      queue.delete(taken);
      return;
    }
    StepExecution partition;
    try {
      partition = jobRepository.getStepExecution(request.stepExecutionId());
    } catch (EmptyResultDataAccessException e) {
      partition = null;
    }
    if (partition == null) {
      log.warn(
          "gold worker: dropping the request of step execution {}: the job repository has none",
          request.stepExecutionId());
      queue.delete(taken);
      return;
    }
    String name = partition.getStepName();
    if (!partition.getJobExecution().isRunning()) {
      log.info(
          "gold worker: dropping the request of {}: its run (job execution {}) has ended {}",
          name,
          partition.getJobExecutionId(),
          partition.getJobExecution().getStatus());
      queue.delete(taken);
      return;
    }
    BatchStatus status = partition.getStatus();
    if (status != BatchStatus.STARTING && status != BatchStatus.STARTED) {
      log.info("gold worker: dropping the request of {}: it has ended {}", name, status);
      queue.delete(taken);
      return;
    }
    if (taken.takes() > settings.maxAttempts()) {
      fail(partition, taken);
      queue.delete(taken);
      return;
    }
    if (status == BatchStatus.STARTED) {
      log.warn(
          "gold worker: building {} again (take {} of {}): the worker that had it did not record"
              + " its end within its lease",
          name,
          taken.takes(),
          settings.maxAttempts());
    } else {
      log.info("gold worker: building {} (job execution {})", name, partition.getJobExecutionId());
    }
    long every = Math.max(1, settings.lease().toMillis() / 3);
    ScheduledFuture<?> lease =
        leases.scheduleAtFixedRate(() -> extend(taken, name), every, every, TimeUnit.MILLISECONDS);
    building.put(taken, name);
    try {
      step.execute(partition);
    } catch (OptimisticLockingFailureException e) {
      // Not dropped: the worker that recorded it may have halted right after (a worker giving a
      // partition back can commit a last slice). The request comes back after its lease and is
      // dropped then if that worker has recorded the end, or built again if it has not.
      log.info(
          "gold worker: {} was recorded by another worker meanwhile: its request comes back after"
              + " its lease",
          name);
      return;
    } catch (JobInterruptedException e) {
      // the run is being stopped: the step recorded its partition STOPPED
      partition.setStatus(BatchStatus.STOPPED);
    } finally {
      lease.cancel(false);
      building.remove(taken);
    }
    StepExecution stored = jobRepository.getStepExecution(request.stepExecutionId());
    if (stored.getStatus().isRunning()) {
      // the step could not record its end: the request returns after its lease, for another take
      log.warn(
          "gold worker: {} ended {} but the job repository still has it {}",
          name,
          partition.getStatus(),
          stored.getStatus());
      return;
    }
    log.info(
        "gold worker: {} ended {}, {} sales read, {} written",
        name,
        stored.getStatus(),
        stored.getReadCount(),
        stored.getWriteCount());
    queue.delete(taken);
  }

  private void extend(PartitionQueue.Taken taken, String name) {
    try {
      queue.extend(taken, settings.lease());
    } catch (RuntimeException e) {
      log.warn(
          "gold worker: could not extend the lease of {} ({}): another worker may take it when"
              + " the lease runs out",
          name,
          e.getMessage());
    }
  }

  /** Fails a partition taken too often, so the manager ends the run instead of waiting. */
  private void fail(StepExecution partition, PartitionQueue.Taken taken) {
    String why =
        "taken "
            + (taken.takes() - 1)
            + " times without an end recorded (salestech.gold.remote.max-attempts "
            + settings.maxAttempts()
            + "): workers died or stopped building it; see their logs (out of memory, say)";
    log.error("gold worker: failing {}: {}", partition.getStepName(), why);
    partition.setStatus(BatchStatus.FAILED);
    partition.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
    partition.setEndTime(LocalDateTime.now());
    jobRepository.update(partition);
  }

  private void pause() {
    try {
      Thread.sleep(WAIT.toMillis() / 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private ThreadFactory threads(String prefix) {
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
