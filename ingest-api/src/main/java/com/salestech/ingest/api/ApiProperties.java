package com.salestech.ingest.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The REST intake.
 *
 * @param enabled serve {@code /api/v1/sales}; turn off to run this jar as a lander only
 * @param maxBodyBytes the largest request body; larger ones get a 413
 * @param maxBatchEvents the most events one batch request may hold
 * @param retryAfter what {@code Retry-After} tells a client when the queue is unavailable
 */
@Validated
@ConfigurationProperties("salestech.ingest.api")
public record ApiProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1048576") @Min(1024) @Max(16 * 1048576) int maxBodyBytes,
    @DefaultValue("500") @Min(1) @Max(10000) int maxBatchEvents,
    @DefaultValue("5s") @NotNull Duration retryAfter) {}
