package com.salestech.ingest.auth;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key name, in events. In one process: behind a load balancer each replica
 * allows the rate, which is the trade-off taken for having no shared store in the intake path.
 */
public class RateLimiter {

  private final long perSecond;
  private final long burst;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(ApiKeyProperties.RateLimit limit) {
    this(limit.eventsPerSecond(), limit.burst(), System::nanoTime);
  }

  RateLimiter(long perSecond, long burst, LongSupplier nanoClock) {
    this.perSecond = perSecond;
    this.burst = Math.max(burst, 1);
    this.nanoClock = nanoClock;
  }

  /** Takes {@code events} tokens; empty when allowed, else how long until they would be there. */
  public Duration tryAcquire(String key, int events) {
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoClock.getAsLong()));
    synchronized (bucket) {
      long now = nanoClock.getAsLong();
      double refill = (now - bucket.updated) / 1e9 * perSecond;
      bucket.tokens = Math.min(burst, bucket.tokens + refill);
      bucket.updated = now;
      if (bucket.tokens >= events) {
        bucket.tokens -= events;
        return Duration.ZERO;
      }
      double missing = Math.min(events, burst) - bucket.tokens;
      return Duration.ofNanos((long) Math.ceil(missing / perSecond * 1e9));
    }
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
