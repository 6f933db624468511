package com.salestech.ingest.lander;

import com.salestech.ingest.queue.Envelope;
import com.salestech.ingest.queue.EventJson;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.model.lake.LakeLayout;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Holds received messages until it has {@code maxEvents} events or the oldest has waited {@code
 * maxWait}, then writes their events as one bronze object and only then deletes the messages.
 *
 * <p>Store failures are retried with a doubling backoff while every held message's visibility is
 * extended, so none reappears on the queue meanwhile; nothing is deleted before its object is
 * stored. A message whose body cannot be read is left undeleted and offered again soon; after the
 * queue's receive limit SQS moves it to the dead-letter queue. On a graceful stop (SIGTERM) it
 * flushes what it holds before the listener container stops polling and deleting.
 */
class Lander implements SmartLifecycle, InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(Lander.class);
  private static final String CONTENT_TYPE = "application/x-ndjson";

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final LanderProperties properties;
  private final String queueName;
  private final int maxReceiveCount;
  private final int visibilitySeconds;
  private final MessageDeleter deleter;
  private final JsonMapper json = EventJson.mapper();

  private final Object lock = new Object();

  /** Held messages by message id, in the order received (a redelivery replaces its entry). */
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();

  /** Messages being stored or deleted by a flusher. */
  private final Set<Held> landing = Collections.newSetFromMap(new IdentityHashMap<>());

  private int heldEvents;
  private volatile boolean running;
  private volatile boolean draining;
  private final List<Thread> flushers = new ArrayList<>();

  private final Counter landedEvents;
  private final Counter landedObjects;
  private final Counter alreadyLanded;
  private final Counter storeFailures;
  private final Counter unparsable;
  private final Counter deadLettered;
  private final Counter deleteFailures;

  Lander(
      LakeStorage storage,
      LakeLayout layout,
      LanderProperties properties,
      String queueName,
      int maxReceiveCount,
      Duration visibilityTimeout,
      MessageDeleter deleter,
      MeterRegistry registry) {
    this.storage = storage;
    this.layout = layout;
    this.properties = properties;
    this.queueName = queueName;
    this.maxReceiveCount = maxReceiveCount;
    this.visibilitySeconds = (int) Math.max(1, visibilityTimeout.toSeconds());
    this.deleter = deleter;
    this.landedEvents =
        Counter.builder("ingest.lander.events.landed")
            .description("Events stored in bronze (and their messages deleted after)")
            .register(registry);
    this.landedObjects =
        Counter.builder("ingest.lander.objects.landed")
            .description("Bronze event objects written")
            .register(registry);
    this.alreadyLanded =
        Counter.builder("ingest.lander.objects.already.landed")
            .description("Flushes whose object was already in bronze (a redelivery): not written")
            .register(registry);
    this.storeFailures =
        Counter.builder("ingest.lander.store.failures")
            .description("Failed attempts to store a bronze object (retried)")
            .register(registry);
    this.unparsable =
        Counter.builder("ingest.lander.messages.unparsable")
            .description("Receives of a message whose body cannot be read")
            .register(registry);
    this.deadLettered =
        Counter.builder("ingest.lander.messages.dead.lettered")
            .description("Unreadable messages at their last receive: SQS moves them to the DLQ")
            .register(registry);
    this.deleteFailures =
        Counter.builder("ingest.lander.delete.failures")
            .description("Landed messages whose delete failed (they come back, land as a no-op)")
            .register(registry);
    Gauge.builder("ingest.lander.events.held", this, Lander::heldEventCount)
        .description("Events received and not yet landed")
        .register(registry);
    Gauge.builder("ingest.lander.oldest.message.age", this, Lander::oldestAgeSeconds)
        .baseUnit("seconds")
        .description("Age (since SQS took it) of the oldest message received and not yet deleted")
        .register(registry);
  }

  /** From the listener: holds the readable messages; returns at once unless stopping. */
  void receive(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
    if (!running) {
      return; // not deleted: the messages come back after their visibility timeout
    }
    List<Held> mine = new ArrayList<>(messages.size());
    int events = 0;
    for (Message<String> message : messages) {
      Held h = read(message, acknowledgement);
      if (h != null) {
        mine.add(h);
        events += h.events();
      }
    }
    if (mine.isEmpty()) {
      return;
    }
    synchronized (lock) {
      // Back-pressure: the container stops polling while this thread waits.
      while (heldEvents >= properties.maxHeldEvents() && running && !draining) {
        waitOn(lock, 100);
      }
      for (Held h : mine) {
        Held before = held.put(h.messageId(), h);
        if (before != null) {
          heldEvents -= before.events();
          before.done().complete(null);
        }
      }
      heldEvents += events;
      lock.notifyAll();
    }
    if (draining) {
      // Stopping: answer only once these are landed, so the container's stop waits for them.
      awaitDone(mine, properties.shutdownTimeout());
    }
  }

  private Held read(Message<String> message, BatchAcknowledgement<String> acknowledgement) {
    software.amazon.awssdk.services.sqs.model.Message source =
        message
            .getHeaders()
            .get(
                SqsHeaders.SQS_SOURCE_DATA_HEADER,
                software.amazon.awssdk.services.sqs.model.Message.class);
    Visibility visibility =
        message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
    String messageId = source.messageId();
    try {
      List<Held.Part> parts = parts(json.readTree(message.getPayload()));
      String sent = source.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
      return new Held(
          messageId,
          sent == null ? Instant.now() : Instant.ofEpochMilli(Long.parseLong(sent)),
          parts,
          message,
          acknowledgement,
          visibility,
          System.nanoTime(),
          new CompletableFuture<>());
    } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
      unreadable(messageId, source, visibility, e);
      return null;
    }
  }

  /** The parts of a version 1 or 2 body; throws when it is neither. */
  static List<Held.Part> parts(JsonNode root) {
    int version = root.path("v").asInt(-1);
    if (version == Envelope.COMBINED_VERSION && root.path("parts").isArray()) {
      List<Held.Part> parts = new ArrayList<>(root.get("parts").size());
      for (JsonNode part : root.get("parts")) {
        parts.add(part(part));
      }
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a version 2 envelope without parts");
      }
      return parts;
    }
    return List.of(part(root));
  }

  private static Held.Part part(JsonNode envelope) {
    if (envelope.path("v").asInt(-1) != Envelope.VERSION
        || !envelope.path("apiKeyId").isString()
        || !envelope.path("receivedAt").isString()
        || !envelope.path("events").isArray()) {
      throw new IllegalArgumentException(
          "not a version " + Envelope.VERSION + " or " + Envelope.COMBINED_VERSION + " envelope");
    }
    List<ObjectNode> events = new ArrayList<>(envelope.get("events").size());
    for (JsonNode event : envelope.get("events")) {
      if (!(event instanceof ObjectNode object)) {
        throw new IllegalArgumentException("an event is not a JSON object");
      }
      events.add(object);
    }
    return new Held.Part(
        envelope.get("apiKeyId").asString(),
        Instant.parse(envelope.get("receivedAt").asString()),
        events);
  }

  private void unreadable(
      String messageId,
      software.amazon.awssdk.services.sqs.model.Message source,
      Visibility visibility,
      Exception e) {
    unparsable.increment();
    String count = source.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    int receives = count == null ? 0 : Integer.parseInt(count);
    if (receives >= maxReceiveCount) {
      deadLettered.increment();
    }
    // The body is never logged: it may hold whatever a sender put on the queue.
    log.warn(
        "Message {} on queue {} cannot be read ({}): receive {} of {} before the dead-letter queue",
        messageId,
        queueName,
        e.getClass().getSimpleName(),
        receives,
        maxReceiveCount);
    if (visibility != null) {
      visibility.changeToAsync((int) properties.unparsableRetry().toSeconds());
    }
  }

  private void flushLoop() {
    while (true) {
      List<Held> batch;
      synchronized (lock) {
        while (true) {
          if (held.isEmpty()) {
            if (!running) {
              return;
            }
            waitOn(lock, 200);
            continue;
          }
          long waitedNanos = System.nanoTime() - held.values().iterator().next().heldSince();
          long remaining = properties.maxWait().toNanos() - waitedNanos;
          if (heldEvents >= properties.maxEvents() || remaining <= 0 || draining || !running) {
            break;
          }
          waitOn(lock, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        }
        batch = take();
        landing.addAll(batch);
        lock.notifyAll();
      }
      CompletableFuture<Void> deleted;
      try {
        deleted = land(batch);
      } catch (RuntimeException e) {
        log.error("Landing {} messages from queue {} failed", batch.size(), queueName, e);
        deleted = CompletableFuture.completedFuture(null);
      }
      // The delete runs on while this flusher builds the next object.
      deleted.whenComplete(
          (v, e) -> {
            synchronized (lock) {
              batch.forEach(landing::remove);
              lock.notifyAll();
            }
          });
    }
  }

  /** Takes the oldest held messages, up to {@code maxEvents} events (at least one message). */
  private List<Held> take() {
    List<Held> batch = new ArrayList<>();
    int events = 0;
    Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
    while (it.hasNext()) {
      Held h = it.next().getValue();
      if (!batch.isEmpty() && events + h.events() > properties.maxEvents()) {
        break;
      }
      batch.add(h);
      events += h.events();
      it.remove();
    }
    heldEvents -= events;
    return batch;
  }

  /** Stores the batch's object, then starts deleting its messages; completes once deleted. */
  private CompletableFuture<Void> land(List<Held> batch) {
    BronzeObject object = BronzeObject.of(batch, layout, json);
    String bucket = layout.bronze().bucket();
    if (object.events() == 0) {
      // Envelopes without events (no API sends them): nothing to land, only to delete.
      return delete(batch);
    }
    long backoff = properties.storeBackoff().toMillis();
    long giveUpAt = Long.MAX_VALUE;
    boolean written = true;
    while (true) {
      try {
        Optional<String> stored =
            storage.putIfAbsent(bucket, object.key(), object.content(), CONTENT_TYPE);
        if (stored.isEmpty()) {
          written = false;
          alreadyLanded.increment();
          log.info(
              "s3://{}/{} was already landed: deleting its {} messages",
              bucket,
              object.key(),
              batch.size());
        }
        break;
      } catch (LakeStorageException e) {
        storeFailures.increment();
        if (!running || draining) {
          giveUpAt = Math.min(giveUpAt, System.nanoTime() + properties.shutdownTimeout().toNanos());
          if (System.nanoTime() > giveUpAt) {
            // Not deleted: the messages come back once their visibility ends, nothing is lost.
            log.warn(
                "Stopping without landing s3://{}/{}: {}", bucket, object.key(), e.getMessage());
            batch.forEach(h -> h.done().complete(null));
            return CompletableFuture.completedFuture(null);
          }
        }
        log.warn(
            "Cannot store s3://{}/{} ({} events), retrying in {} ms: {}",
            bucket,
            object.key(),
            object.events(),
            backoff,
            e.getMessage());
        extendVisibility(batch);
        sleep(backoff);
        backoff = Math.min(backoff * 2, properties.storeBackoffMax().toMillis());
      }
    }
    // A redelivery of what was already stored counts once: landed = distinct events in bronze.
    if (written) {
      landedEvents.increment(object.events());
      landedObjects.increment();
    }
    return delete(batch);
  }

  private CompletableFuture<Void> delete(List<Held> batch) {
    return deleter
        .delete(batch)
        .orTimeout(30, TimeUnit.SECONDS)
        .handle(
            (v, e) -> {
              if (e != null) {
                // Landed but not deleted: they come back and land as a no-op under the same key.
                // The acknowledgement result callback counts them.
                log.warn(
                    "Cannot delete {} landed messages from queue {}: {}",
                    batch.size(),
                    queueName,
                    e.toString());
              }
              batch.forEach(h -> h.done().complete(null));
              return null;
            });
  }

  /** Keeps the batch and everything still held hidden for another visibility timeout. */
  private void extendVisibility(List<Held> batch) {
    List<Held> all = new ArrayList<>(batch);
    synchronized (lock) {
      all.addAll(held.values());
    }
    for (Held h : all) {
      if (h.visibility() != null) {
        h.visibility()
            .changeToAsync(visibilitySeconds)
            .exceptionally(
                e -> {
                  log.debug(
                      "Cannot extend the visibility of message {}: {}",
                      h.messageId(),
                      e.toString());
                  return null;
                });
      }
    }
  }

  void countDeleteFailures(int messages) {
    deleteFailures.increment(messages);
  }

  double heldEventCount() {
    synchronized (lock) {
      return heldEvents + landing.stream().mapToInt(h -> h.events()).sum();
    }
  }

  double oldestAgeSeconds() {
    Instant oldest = null;
    synchronized (lock) {
      for (Held h : landing) {
        oldest = oldest == null || h.sentAt().isBefore(oldest) ? h.sentAt() : oldest;
      }
      for (Held h : held.values()) {
        oldest = oldest == null || h.sentAt().isBefore(oldest) ? h.sentAt() : oldest;
      }
    }
    return oldest == null
        ? 0
        : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
  }

  /**
   * Runs from creation, not from its lifecycle phase: it stops before the listener containers, so
   * it also starts after them, and their first messages must not find it idle.
   */
  @Override
  public void afterPropertiesSet() {
    start();
  }

  @Override
  public void start() {
    synchronized (lock) {
      if (running) {
        return;
      }
      running = true;
      draining = false;
      flushers.clear();
      for (int i = 0; i < properties.flushThreads(); i++) {
        Thread flusher = new Thread(this::flushLoop, "lander-flush-" + i);
        flusher.start();
        flushers.add(flusher);
      }
    }
  }

  /** Flushes what it holds while the listener container still deletes, then stops. */
  @Override
  public void stop() {
    List<Held> pending;
    synchronized (lock) {
      if (!running) {
        return;
      }
      draining = true;
      lock.notifyAll();
      pending = new ArrayList<>(held.values());
      pending.addAll(landing);
    }
    log.info("Lander stopping: landing the {} messages it holds", pending.size());
    awaitDone(pending, properties.shutdownTimeout());
    synchronized (lock) {
      running = false;
      lock.notifyAll();
    }
    for (Thread flusher : flushers) {
      try {
        flusher.join(properties.shutdownTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the listener containers (they stop at a lower phase, see the configuration). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  private static void awaitDone(List<Held> messages, Duration timeout) {
    try {
      CompletableFuture.allOf(messages.stream().map(Held::done).toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Gave up waiting for {} messages to land: {}", messages.size(), e.toString());
    }
  }

  private static void waitOn(Object monitor, long millis) {
    try {
      monitor.wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
