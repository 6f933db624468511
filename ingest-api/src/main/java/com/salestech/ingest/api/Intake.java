package com.salestech.ingest.api;

import com.salestech.ingest.auth.ApiKey;
import com.salestech.ingest.queue.Envelope;
import com.salestech.ingest.queue.QueueProperties;
import com.salestech.ingest.queue.QueueSender;
import com.salestech.model.event.EventCheck;
import com.salestech.model.event.FieldError;
import com.salestech.model.event.SaleEventRules;
import com.salestech.model.rules.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the events of one request, packs the valid ones into as few messages as fit, and waits for
 * the queue to confirm them. An event is {@code accepted} only when the message carrying it is
 * confirmed; every other outcome says why.
 */
class Intake {

  private final JsonMapper json;
  private final QueueSender sender;
  private final QueueProperties queue;
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  Intake(JsonMapper json, QueueSender sender, QueueProperties queue, MeterRegistry registry) {
    this.json = json;
    this.sender = sender;
    this.queue = queue;
    this.registry = registry;
    this.accepted =
        Counter.builder("ingest.events.accepted")
            .description("Events the queue confirmed (answered accepted)")
            .register(registry);
  }

  List<EventResult> ingest(ApiKey key, List<?> events, Instant receivedAt) {
    EventResult[] results = new EventResult[events.size()];
    List<byte[]> valid = new ArrayList<>(events.size());
    List<Integer> validIndex = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Object event = events.get(i);
      String eventId = eventId(event);
      List<FieldError> errors = check(event, receivedAt);
      byte[] bytes = null;
      if (errors.isEmpty()) {
        bytes = json.writeValueAsBytes(event);
        if (!Envelope.fits(json, key.name(), receivedAt, bytes, queue.maxMessageBytes())) {
          errors =
              List.of(
                  new FieldError(
                      "$",
                      RejectReason.LINE_TOO_LONG,
                      "is larger than one queue message (" + queue.maxMessageBytes() + " bytes)"));
        }
      }
      if (errors.isEmpty()) {
        valid.add(bytes);
        validIndex.add(i);
        results[i] = new EventResult(i, eventId, EventResult.Status.ACCEPTED, List.of());
      } else {
        reject(errors.get(0).reason().name());
        results[i] =
            new EventResult(
                i,
                eventId,
                EventResult.Status.INVALID,
                errors.stream().map(EventResult.Error::of).toList());
      }
    }
    if (!valid.isEmpty()) {
      enqueue(key, receivedAt, valid, validIndex, results);
    }
    return Arrays.asList(results);
  }

  private void enqueue(
      ApiKey key,
      Instant receivedAt,
      List<byte[]> valid,
      List<Integer> validIndex,
      EventResult[] results) {
    List<Envelope.Body> bodies =
        Envelope.pack(json, key.name(), receivedAt, valid, queue.maxMessageBytes());
    List<CompletableFuture<Boolean>> sent = new ArrayList<>(bodies.size());
    for (Envelope.Body body : bodies) {
      sent.add(sender.send(body));
    }
    long deadline = System.nanoTime() + queue.sendTimeout().toNanos() + 1_000_000_000L;
    int next = 0;
    for (int b = 0; b < bodies.size(); b++) {
      boolean confirmed = await(sent.get(b), deadline);
      for (int e = 0; e < bodies.get(b).events(); e++, next++) {
        int index = validIndex.get(next);
        if (confirmed) {
          accepted.increment();
        } else {
          reject("UNAVAILABLE");
          EventResult r = results[index];
          results[index] =
              new EventResult(index, r.eventId(), EventResult.Status.UNAVAILABLE, List.of());
        }
      }
    }
  }

  private static boolean await(CompletableFuture<Boolean> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      // Not confirmed in time: the message may still arrive, so the answer is "send it again",
      // which silver's de-duplication by eventId makes safe.
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<FieldError> check(Object event, Instant receivedAt) {
    if (!(event instanceof Map<?, ?> map)) {
      return List.of(new FieldError("$", RejectReason.MALFORMED_ROW, "must be a JSON object"));
    }
    EventCheck check = SaleEventRules.check((Map<String, ?>) map, receivedAt);
    return check instanceof EventCheck.Invalid invalid ? invalid.errors() : List.of();
  }

  private static String eventId(Object event) {
    return event instanceof Map<?, ?> map && map.get("eventId") instanceof String id ? id : null;
  }

  private void reject(String reason) {
    rejected
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("ingest.events.rejected")
                    .tag("reason", r.toLowerCase(Locale.ROOT))
                    .description(
                        "Events answered invalid (by the first broken rule) or unavailable")
                    .register(registry))
        .increment();
  }

  /** Counts events refused before they were looked at one by one (rate limit). */
  void rejectAll(String reason, int events) {
    for (int i = 0; i < events; i++) {
      reject(reason);
    }
  }
}
