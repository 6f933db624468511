package com.salestech.etl.jobs;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Running the batch jobs.
 *
 * @param staleAfter a run whose last heartbeat is older than this is taken as crashed and is
 *     resumed by the next start instead of blocking it
 * @param apiKeys keys accepted in the {@code X-API-Key} header of the jobs API
 * @param bronzeToSilverCron cron expression (six fields, server time) for {@code bronze-to-silver},
 *     or {@code -} for no schedule
 */
@Validated
@ConfigurationProperties("salestech.jobs")
public record JobsProperties(
    @DefaultValue("2m") Duration staleAfter,
    @DefaultValue("local-dev-api-key") List<String> apiKeys,
    @DefaultValue("-") String bronzeToSilverCron) {}
