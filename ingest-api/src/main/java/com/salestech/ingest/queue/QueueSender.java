package com.salestech.ingest.queue;

import io.awspring.cloud.sqs.operations.SendResult;
import io.awspring.cloud.sqs.operations.SqsOperations;
import io.awspring.cloud.sqs.operations.SqsTemplateParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends message bodies to the queue and completes each one's future only once SQS has confirmed it
 * (never when it is merely buffered, unlike {@code BatchingSqsClientAdapter}). Bodies waiting from
 * concurrent requests share {@code SendMessageBatch} calls of up to 10 entries, so single-event
 * requests are not held to one SQS call each.
 *
 * <p>A failed entry that is not the sender's fault (throttling, a server error, the queue
 * unreachable) is sent again with a doubling backoff, until {@code sendAttempts} or {@code
 * sendTimeout}; then, or at once for a sender fault, its future completes with false.
 */
public class QueueSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(QueueSender.class);

  /** SQS takes at most 10 entries per {@code SendMessageBatch}. */
  static final int MAX_BATCH = 10;

  private record Pending(Envelope.Body body, CompletableFuture<Boolean> done, long deadline) {}

  private final SqsOperations sqs;
  private final Queues queues;
  private final QueueProperties properties;
  private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Counter messagesEnqueued;
  private final Counter eventsEnqueued;
  private final Counter sendFailures;
  private volatile boolean running = true;

  public QueueSender(
      SqsOperations sqs, Queues queues, QueueProperties properties, MeterRegistry registry) {
    this.sqs = sqs;
    this.queues = queues;
    this.properties = properties;
    this.messagesEnqueued =
        Counter.builder("ingest.messages.enqueued")
            .description("SQS messages the queue confirmed")
            .register(registry);
    this.eventsEnqueued =
        Counter.builder("ingest.events.enqueued")
            .description("Events in SQS messages the queue confirmed")
            .register(registry);
    this.sendFailures =
        Counter.builder("ingest.messages.send.failures")
            .description("SendMessageBatch entries that failed (each attempt)")
            .register(registry);
    for (int i = 0; i < properties.senderThreads(); i++) {
      Thread thread = new Thread(this::run, "queue-sender-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  /** Sends one body; the future says whether SQS has it. */
  public CompletableFuture<Boolean> send(Envelope.Body body) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    if (!running) {
      done.complete(false);
      return done;
    }
    waiting.add(new Pending(body, done, System.nanoTime() + properties.sendTimeout().toNanos()));
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running) {
      try {
        Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        fill(batch);
        sendWithRetries(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("Sender for queue {} failed unexpectedly", queues.name(), e);
        batch.forEach(p -> p.done().complete(false));
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Adds what else is waiting, lingering a moment for more: SQS calls, not messages, are what the
   * queue's rate is counted in, so ten single-event requests should share one call.
   */
  private void fill(List<Pending> batch) throws InterruptedException {
    long until = System.nanoTime() + properties.sendLinger().toNanos();
    waiting.drainTo(batch, MAX_BATCH - batch.size());
    while (batch.size() < MAX_BATCH) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Pending next = waiting.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      waiting.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  private void sendWithRetries(List<Pending> batch) throws InterruptedException {
    List<Pending> toSend = new ArrayList<>(batch);
    long backoff = properties.sendBackoff().toMillis();
    for (int attempt = 1; !toSend.isEmpty(); attempt++) {
      toSend = sendOnce(toSend);
      if (toSend.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      boolean last = attempt >= properties.sendAttempts();
      List<Pending> retry = new ArrayList<>(toSend.size());
      for (Pending p : toSend) {
        if (last || now + TimeUnit.MILLISECONDS.toNanos(backoff) >= p.deadline()) {
          p.done().complete(false);
        } else {
          retry.add(p);
        }
      }
      toSend = retry;
      if (!toSend.isEmpty()) {
        Thread.sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /** One {@code SendMessageBatch}; returns the entries worth sending again. */
  private List<Pending> sendOnce(List<Pending> batch) {
    Map<Message<String>, Pending> byMessage = new IdentityHashMap<>();
    List<Message<String>> messages = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      Message<String> message = MessageBuilder.withPayload(p.body().text()).build();
      byMessage.put(message, p);
      messages.add(message);
    }
    SendResult.Batch<String> result;
    try {
      result = sqs.sendMany(queues.url(), messages);
    } catch (RuntimeException e) {
      // The whole call failed (the queue unreachable): every entry may be tried again.
      sendFailures.increment(batch.size());
      log.warn(
          "Cannot send {} messages to queue {}: {}", batch.size(), queues.name(), e.toString());
      return batch;
    }
    for (SendResult<String> ok : result.successful()) {
      Pending p = byMessage.get(ok.message());
      messagesEnqueued.increment();
      eventsEnqueued.increment(p.body().events());
      p.done().complete(true);
    }
    List<Pending> retry = new ArrayList<>();
    for (SendResult.Failed<String> failed : result.failed()) {
      Pending p = byMessage.get(failed.message());
      sendFailures.increment();
      Object senderFault =
          failed.additionalInformation().get(SqsTemplateParameters.SENDER_FAULT_PARAMETER_NAME);
      Object code =
          failed.additionalInformation().get(SqsTemplateParameters.ERROR_CODE_PARAMETER_NAME);
      if (Boolean.TRUE.equals(senderFault)) {
        log.warn("Queue {} refused a message ({}): not retried", queues.name(), code);
        p.done().complete(false);
      } else {
        retry.add(p);
      }
    }
    return retry;
  }

  /** Stops taking bodies; those still waiting are answered false. */
  @Override
  public void destroy() {
    running = false;
    threads.forEach(Thread::interrupt);
    Pending p;
    while ((p = waiting.poll()) != null) {
      p.done().complete(false);
    }
  }
}
