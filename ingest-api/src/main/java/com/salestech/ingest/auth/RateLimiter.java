package com.salestech.ingest.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key name, in events. In one process: behind a load balancer each replica
 * allows the rate, which is the trade-off taken for having no shared store in the intake path.
 */
public class RateLimiter {

  private final ApiKeyProperties.RateLimit shared;
  private final Map<String, ApiKeyProperties.Key> keys = new HashMap<>();
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(ApiKeyProperties properties) {
    this(properties, System::nanoTime);
  }

  RateLimiter(ApiKeyProperties properties, LongSupplier nanoClock) {
    this.shared = properties.rateLimit();
    properties.keys().forEach(k -> keys.put(k.name(), k));
    this.nanoClock = nanoClock;
  }

  /** Takes {@code events} tokens: zero when allowed, else how long until they would be there. */
  public Duration tryAcquire(String key, int events) {
    Bucket bucket = buckets.computeIfAbsent(key, this::newBucket);
    synchronized (bucket) {
      long now = nanoClock.getAsLong();
      double refill = (now - bucket.updated) / 1e9 * bucket.perSecond;
      bucket.tokens = Math.min(bucket.burst, bucket.tokens + refill);
      bucket.updated = now;
      if (bucket.tokens >= events) {
        bucket.tokens -= events;
        return Duration.ZERO;
      }
      double missing = Math.min(events, bucket.burst) - bucket.tokens;
      return Duration.ofNanos((long) Math.ceil(missing / bucket.perSecond * 1e9));
    }
  }

  private Bucket newBucket(String name) {
    ApiKeyProperties.Key key = keys.get(name);
    long perSecond =
        key != null && key.eventsPerSecond() != null
            ? key.eventsPerSecond()
            : shared.eventsPerSecond();
    long burst = key != null && key.burst() != null ? key.burst() : shared.burst();
    return new Bucket(perSecond, burst, nanoClock.getAsLong());
  }

  private static final class Bucket {
    final long perSecond;
    final long burst;
    double tokens;
    long updated;

    Bucket(long perSecond, long burst, long updated) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.tokens = burst;
      this.updated = updated;
    }
  }
}
