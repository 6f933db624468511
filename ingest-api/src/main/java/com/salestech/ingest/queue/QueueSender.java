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
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends message bodies to the queue and completes each one's future only once SQS has confirmed it
 * (never when it is merely buffered, unlike {@code BatchingSqsClientAdapter}). Bodies waiting from
 * concurrent requests share {@code SendMessageBatch} calls of up to 10 entries and {@code
 * maxBatchBytes}, and (with {@code combineRequests}) messages: several requests' bodies travel in
 * one {@linkplain Envelope#combine combined} body under {@code maxMessageBytes}, so single-event
 * requests are held neither to one SQS call nor to one message each.
 *
 * <p>A failed entry that is not the sender's fault (throttling, a server error, the queue
 * unreachable) is sent again with a doubling backoff, until {@code sendAttempts} or {@code
 * sendTimeout}; then, or at once for a sender fault, its future completes with false.
 */
public class QueueSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(QueueSender.class);

  /** SQS takes at most 10 entries per {@code SendMessageBatch}. */
  static final int MAX_BATCH = 10;

  /**
   * Bytes counted for each message's attributes (SQS counts them in the call's payload limit;
   * Spring's converter adds its type header).
   */
  static final int ATTRIBUTE_ALLOWANCE = 256;

  private record Pending(Envelope.Body body, CompletableFuture<Boolean> done, long deadline) {}

  private final SqsOperations sqs;
  private final Queues queues;
  private final QueueProperties properties;
  private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Counter messagesEnqueued;
  private final Counter eventsEnqueued;
  private final Counter sendFailures;
  private final Counter sendCalls;
  private volatile boolean running = true;

  /** One sender at a time collects the next call; the others send theirs meanwhile. */
  private final ReentrantLock collecting = new ReentrantLock();

  /** Guarded by {@link #collecting}: the body that did not fit the previous call. */
  private Pending carried;

  /** Guarded by {@link #collecting}: {@link System#nanoTime()} before which no call starts. */
  private long nextCallAt = System.nanoTime();

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
    this.sendCalls =
        Counter.builder("ingest.queue.send.calls")
            .description("SendMessageBatch calls made (each attempt)")
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
    while (running) {
      Call call = new Call();
      try {
        collecting.lockInterruptibly();
        try {
          Pending first = carried != null ? carried : waiting.poll(200, TimeUnit.MILLISECONDS);
          carried = null;
          if (first == null) {
            continue;
          }
          call.add(first);
          carried = fill(call);
          nextCallAt = System.nanoTime() + properties.sendLinger().toNanos();
        } finally {
          collecting.unlock();
        }
        sendWithRetries(call.messages);
      } catch (InterruptedException e) {
        // Stopping: what this call holds is not confirmed (a confirmed body is already true).
        call.messages.forEach(m -> m.forEach(p -> p.done().complete(false)));
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        log.error("Sender for queue {} failed unexpectedly", queues.name(), e);
        call.messages.forEach(m -> m.forEach(p -> p.done().complete(false)));
        if (e instanceof Error error) {
          throw error;
        }
      }
    }
  }

  /**
   * Adds what else is waiting until {@code sendLinger} after the previous call started: SQS calls
   * and messages, not events, are what the queue's rate is counted in (and, with an embedded queue,
   * what its CPU goes on), so under load calls start at most every {@code sendLinger} and carry
   * what came meanwhile, combined into as few messages as fit; after a quiet spell a body goes at
   * once. Returns the body that did not fit, for the next call.
   */
  private Pending fill(Call call) throws InterruptedException {
    while (true) {
      Pending next = waiting.poll();
      if (next == null) {
        long left = nextCallAt - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        next = waiting.poll(left, TimeUnit.NANOSECONDS);
        if (next == null) {
          return null;
        }
      }
      if (!call.add(next)) {
        return next;
      }
    }
  }

  /**
   * The messages of one {@code SendMessageBatch}: at most 10, together under {@code maxBatchBytes},
   * each the bodies it carries (one, or several combined under {@code maxMessageBytes}).
   */
  private final class Call {
    final List<List<Pending>> messages = new ArrayList<>(MAX_BATCH);
    private int callBytes;
    private int lastPartBytes;

    /** Whether the body joined this call (the first always does: it fits a message alone). */
    boolean add(Pending p) {
      int bytes = p.body().bytes();
      if (!messages.isEmpty() && properties.combineRequests()) {
        List<Pending> last = messages.get(messages.size() - 1);
        int now = Envelope.combinedBytes(last.size(), lastPartBytes);
        int grown = Envelope.combinedBytes(last.size() + 1, lastPartBytes + bytes);
        if (grown <= properties.maxMessageBytes()
            && callBytes + grown - now <= properties.maxBatchBytes()) {
          last.add(p);
          lastPartBytes += bytes;
          callBytes += grown - now;
          return true;
        }
      }
      if (!messages.isEmpty()
          && (messages.size() == MAX_BATCH
              || callBytes + bytes + ATTRIBUTE_ALLOWANCE > properties.maxBatchBytes())) {
        return false;
      }
      List<Pending> message = new ArrayList<>();
      message.add(p);
      messages.add(message);
      lastPartBytes = bytes;
      callBytes += bytes + ATTRIBUTE_ALLOWANCE;
      return true;
    }
  }

  private void sendWithRetries(List<List<Pending>> messages) throws InterruptedException {
    List<List<Pending>> toSend = messages;
    long backoff = properties.sendBackoff().toMillis();
    for (int attempt = 1; !toSend.isEmpty(); attempt++) {
      toSend = sendOnce(toSend);
      if (toSend.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      boolean last = attempt >= properties.sendAttempts();
      List<List<Pending>> retry = new ArrayList<>(toSend.size());
      for (List<Pending> message : toSend) {
        List<Pending> kept = new ArrayList<>(message.size());
        for (Pending p : message) {
          if (last || now + TimeUnit.MILLISECONDS.toNanos(backoff) >= p.deadline()) {
            p.done().complete(false);
          } else {
            kept.add(p);
          }
        }
        if (!kept.isEmpty()) {
          retry.add(kept);
        }
      }
      toSend = retry;
      if (!toSend.isEmpty()) {
        Thread.sleep(backoff);
        backoff *= 2;
      }
    }
  }

  /** One {@code SendMessageBatch}; returns the messages worth sending again. */
  private List<List<Pending>> sendOnce(List<List<Pending>> batch) {
    Map<Message<String>, List<Pending>> byMessage = new IdentityHashMap<>();
    List<Message<String>> messages = new ArrayList<>(batch.size());
    for (List<Pending> parts : batch) {
      Envelope.Body body = Envelope.combine(parts.stream().map(Pending::body).toList());
      Message<String> message = MessageBuilder.withPayload(body.text()).build();
      byMessage.put(message, parts);
      messages.add(message);
    }
    SendResult.Batch<String> result;
    sendCalls.increment();
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
      List<Pending> parts = byMessage.get(ok.message());
      messagesEnqueued.increment();
      for (Pending p : parts) {
        eventsEnqueued.increment(p.body().events());
        p.done().complete(true);
      }
    }
    List<List<Pending>> retry = new ArrayList<>();
    for (SendResult.Failed<String> failed : result.failed()) {
      List<Pending> parts = byMessage.get(failed.message());
      sendFailures.increment();
      Object senderFault =
          failed.additionalInformation().get(SqsTemplateParameters.SENDER_FAULT_PARAMETER_NAME);
      Object code =
          failed.additionalInformation().get(SqsTemplateParameters.ERROR_CODE_PARAMETER_NAME);
      if (Boolean.TRUE.equals(senderFault)) {
        log.warn("Queue {} refused a message ({}): not retried", queues.name(), code);
        parts.forEach(p -> p.done().complete(false));
      } else {
        retry.add(parts);
      }
    }
    return retry;
  }

  /** Stops taking bodies; those still waiting are answered false. */
  @Override
  public void destroy() {
    running = false;
    threads.forEach(Thread::interrupt);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (carried != null) {
      carried.done().complete(false);
    }
    Pending p;
    while ((p = waiting.poll()) != null) {
      p.done().complete(false);
    }
  }
}
