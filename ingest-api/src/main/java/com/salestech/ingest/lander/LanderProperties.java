package com.salestech.ingest.lander;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The lander: drains the queue into bronze, one gzip NDJSON object per flush.
 *
 * @param enabled run the lander in this process; turn off to run this jar as an API only
 * @param maxEvents flush once this many events are held
 * @param maxWait flush once the oldest held message has waited this long
 * @param maxHeldEvents stop taking messages while this many events are held (the store is slow or
 *     down): back-pressure instead of memory growth
 * @param maxConcurrentMessages messages the listener container has in flight, so at most a tenth of
 *     it in concurrent polls; the listener hands messages over and returns, so held messages do not
 *     count against it
 * @param flushThreads flushes built and stored at the same time (each its own object), so one
 *     flush's store and delete round trips overlap the next one's work
 * @param storeBackoff wait before retrying a failed store, doubled up to {@code storeBackoffMax}
 * @param storeBackoffMax the longest wait between store attempts
 * @param unparsableRetry how soon a message that cannot be read is offered again; after the queue's
 *     {@code maxReceiveCount} receives SQS moves it to the dead-letter queue
 * @param shutdownTimeout how long a graceful stop waits for the last flush
 */
@Validated
@ConfigurationProperties("salestech.ingest.lander")
public record LanderProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1000") @Min(1) int maxEvents,
    @DefaultValue("5s") @NotNull Duration maxWait,
    @DefaultValue("20000") @Min(1) int maxHeldEvents,
    @DefaultValue("100") @Min(10) @Max(10000) int maxConcurrentMessages,
    @DefaultValue("2") @Min(1) @Max(64) int flushThreads,
    @DefaultValue("500ms") @NotNull Duration storeBackoff,
    @DefaultValue("30s") @NotNull Duration storeBackoffMax,
    @DefaultValue("30s") @NotNull Duration unparsableRetry,
    @DefaultValue("20s") @NotNull Duration shutdownTimeout) {}
