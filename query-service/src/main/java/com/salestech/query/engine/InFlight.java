package com.salestech.query.engine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The cap on an engine's queries in flight (latency grows with every concurrent query): a query
 * waits for a slot up to the queue timeout, then is refused as {@link
 * QueryFailedException.Kind#BUSY busy} (a {@code 503}).
 */
public final class InFlight {

  private final String engine;
  private final int max;
  private final Duration queueTimeout;
  private final Semaphore slots;

  public InFlight(String engine, int max, Duration queueTimeout) {
    this.engine = engine;
    this.max = max;
    this.queueTimeout = queueTimeout;
    this.slots = new Semaphore(max, true);
  }

  /** Takes a slot; {@link #release} it when the query is done. */
  public void acquire() {
    boolean permit;
    try {
      permit = slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryFailedException(engine, QueryFailedException.Kind.BUSY, "interrupted", e);
    }
    if (!permit) {
      throw new QueryFailedException(
          engine,
          QueryFailedException.Kind.BUSY,
          max + " queries in flight for " + queueTimeout,
          null);
    }
  }

  public void release() {
    slots.release();
  }
}
