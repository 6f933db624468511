package com.salestech.ingest.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Asks SQS for the depth of the queue and its dead-letter queue every few seconds, for the gauges
 * and the readiness check. SQS counts messages, not events: one message carries the events of one
 * request.
 */
public class QueueMonitor implements MeterBinder, HealthIndicator, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(QueueMonitor.class);

  /** What SQS said last. */
  public record Depth(long visible, long inFlight, long deadLettered, String error) {

    boolean reachable() {
      return error == null;
    }
  }

  private final Queues queues;
  private final ScheduledExecutorService scheduler;
  private volatile Depth last = new Depth(0, 0, 0, "not asked yet");

  QueueMonitor(Queues queues, Duration refresh) {
    this.queues = queues;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "queue-monitor");
              t.setDaemon(true);
              return t;
            });
    refresh();
    scheduler.scheduleWithFixedDelay(
        this::refresh, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks SQS now. */
  public Depth refresh() {
    Depth depth;
    try {
      Map<QueueAttributeName, String> main =
          queues
              .attributes(
                  queues.url(),
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
              .attributes();
      Map<QueueAttributeName, String> dead =
          queues
              .attributes(queues.deadLetterUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
              .attributes();
      depth =
          new Depth(
              number(main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
              number(main.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
              number(dead.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
              null);
    } catch (RuntimeException e) {
      if (last.reachable()) {
        log.warn("Queue {} unreachable: {}", queues.name(), e.getMessage());
      }
      depth = new Depth(last.visible(), last.inFlight(), last.deadLettered(), e.getMessage());
    }
    last = depth;
    return depth;
  }

  public Depth last() {
    return last;
  }

  @Override
  public Health health() {
    Depth depth = last;
    Health.Builder health = depth.reachable() ? Health.up() : Health.down();
    health
        .withDetail("queue", queues.name())
        .withDetail("messages", depth.visible())
        .withDetail("inFlight", depth.inFlight())
        .withDetail("deadLettered", depth.deadLettered());
    if (!depth.reachable()) {
      health.withDetail("error", depth.error());
    }
    return health.build();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("ingest.queue.messages", this, m -> m.last.visible())
        .tag("queue", queues.name())
        .tag("state", "visible")
        .description("Messages waiting in the queue")
        .register(registry);
    Gauge.builder("ingest.queue.messages", this, m -> m.last.inFlight())
        .tag("queue", queues.name())
        .tag("state", "in_flight")
        .description("Messages received by a lander and not yet deleted")
        .register(registry);
    Gauge.builder("ingest.queue.messages", this, m -> m.last.deadLettered())
        .tag("queue", queues.deadLetterName())
        .tag("state", "visible")
        .description("Messages in the dead-letter queue")
        .register(registry);
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }

  private static long number(String value) {
    return value == null ? 0 : Long.parseLong(value);
  }
}
