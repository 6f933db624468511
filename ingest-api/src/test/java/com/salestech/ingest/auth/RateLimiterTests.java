package com.salestech.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTests {

  final AtomicLong now = new AtomicLong();

  RateLimiter limiter(Long ownRate, Long ownBurst) {
    return new RateLimiter(
        new ApiKeyProperties(
            List.of(new ApiKeyProperties.Key("shop", "0".repeat(64), false, ownRate, ownBurst)),
            new ApiKeyProperties.RateLimit(100, 200)),
        now::get);
  }

  @Test
  void aKeyMaySpendItsBurstThenWaitsForTheRate() {
    RateLimiter limiter = limiter(null, null);

    assertThat(limiter.tryAcquire("shop", 200)).isZero();
    assertThat(limiter.tryAcquire("shop", 50)).isEqualTo(Duration.ofMillis(500));
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(limiter.tryAcquire("shop", 50)).isZero();
  }

  @Test
  void aKeysOwnLimitOverridesTheSharedOneAndKeysDoNotShare() {
    RateLimiter limiter = limiter(1L, 3L);

    assertThat(limiter.tryAcquire("shop", 3)).isZero();
    assertThat(limiter.tryAcquire("shop", 1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("other", 200)).isZero();
  }
}
