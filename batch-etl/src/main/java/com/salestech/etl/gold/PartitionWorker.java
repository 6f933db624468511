package com.salestech.etl.gold;

import java.time.Duration;
import java.time.LocalDateTime;
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
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A worker of the gold build ({@code salestech.gold.remote.worker}): takes partition requests from
 * the queue and builds each with Spring Batch's {@link StepExecutionRequestHandler}, which runs the
 * {@code build-gold-worker} step on the partition's step execution from the job repository. While a
 * partition builds, its lease is extended; it is deleted from the queue once the partition has
 * ended in the job repository. A worker that dies leaves its partition {@code STARTED} and its
 * lease runs out: the next worker to take the request builds the partition again from its start
 * (its files have the same names, so they are written over, and the publish step lists only what
 * the finished parts name). A request whose partition or run has ended is dropped.
 */
final class PartitionWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final PartitionQueue queue;
  private final JobRepository jobRepository;
  private final GoldRemoteProperties settings;
  private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
  private final AtomicInteger building = new AtomicInteger();
  private volatile boolean running;
  private ExecutorService takers;
  private ScheduledExecutorService leases;

  PartitionWorker(
      PartitionQueue queue, JobRepository jobRepository, Step step, GoldRemoteProperties settings) {
    this.queue = queue;
    this.jobRepository = jobRepository;
    this.settings = settings;
    handler.setJobRepository(jobRepository);
    handler.setStepLocator(name -> name.equals(step.getName()) ? step : null);
  }

  @Override
  public void start() {
    running = true;
    takers = Executors.newFixedThreadPool(settings.concurrency(), threads("gold-partition-"));
    leases = Executors.newSingleThreadScheduledExecutor(threads("gold-lease-"));
    for (int i = 0; i < settings.concurrency(); i++) {
      takers.execute(this::takeWhileRunning);
    }
    log.info(
        "gold worker: taking partitions from the queue {}, {} at a time, lease {}",
        queue.name(),
        settings.concurrency(),
        settings.lease());
  }

  @Override
  public void stop() {
    running = false;
    takers.shutdown();
    try {
      // the partitions being built may finish within a lease; then the waits for requests end
      long deadline = System.nanoTime() + settings.lease().toNanos();
      while (building.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (building.get() > 0) {
      log.warn(
          "gold worker stopping with {} partitions still building: their requests return to the"
              + " queue when their lease runs out, and another worker builds them",
          building.get());
    }
    takers.shutdownNow();
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
      } catch (SdkException | IllegalStateException e) {
        if (!running) {
          return;
        }
        log.warn(
            "gold worker: the queue {} is not answering ({}); trying again",
            queue.name(),
            e.getMessage());
        pause();
      } catch (RuntimeException e) {
        log.error("gold worker: a partition request failed", e);
        pause();
      }
    }
  }

  private void build(PartitionQueue.Taken taken) {
    PartitionQueue.Request request = taken.request();
    if (request == null) {
      log.error("gold worker: dropping a message that is no partition request");
      queue.delete(taken);
      return;
    }
    StepExecution partition = jobRepository.getStepExecution(request.stepExecutionId());
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
          "gold worker: building {} again (take {} of {}): the worker that had it stopped extending"
              + " its lease",
          name,
          taken.takes(),
          settings.maxAttempts());
    } else {
      log.info("gold worker: building {} (job execution {})", name, partition.getJobExecutionId());
    }
    long every = Math.max(1, settings.lease().toMillis() / 3);
    ScheduledFuture<?> lease =
        leases.scheduleAtFixedRate(() -> extend(taken, name), every, every, TimeUnit.MILLISECONDS);
    StepExecution result;
    building.incrementAndGet();
    try {
      result =
          handler.handle(new StepExecutionRequest(request.stepName(), request.stepExecutionId()));
    } finally {
      lease.cancel(false);
      building.decrementAndGet();
    }
    StepExecution stored = jobRepository.getStepExecution(request.stepExecutionId());
    if (stored != null && stored.getStatus().isRunning()) {
      // the step could not record its end: the request returns after its lease, for another take
      log.warn(
          "gold worker: {} ended {} but the job repository still has it {}",
          name,
          result.getStatus(),
          stored.getStatus());
      return;
    }
    log.info(
        "gold worker: {} ended {}, {} sales read, {} written",
        name,
        result.getStatus(),
        result.getReadCount(),
        result.getWriteCount());
    queue.delete(taken);
  }

  private void extend(PartitionQueue.Taken taken, String name) {
    try {
      queue.extend(taken, settings.lease());
    } catch (RuntimeException e) {
      log.warn("gold worker: could not extend the lease of {} ({})", name, e.getMessage());
    }
  }

  /** Fails a partition whose workers kept dying, so the manager ends the run instead of waiting. */
  private void fail(StepExecution partition, PartitionQueue.Taken taken) {
    String why =
        "taken "
            + (taken.takes() - 1)
            + " times by workers that died before it ended (salestech.gold.remote.max-attempts "
            + settings.maxAttempts()
            + "): see the workers' logs, out of memory say";
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

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
