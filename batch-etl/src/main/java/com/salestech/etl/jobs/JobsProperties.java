package com.salestech.etl.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Running the batch jobs.
 *
 * @param apiKeys keys accepted in the {@code X-API-Key} header of the jobs API
 * @param bronzeToSilverCron cron expression (six fields, server time) for {@code bronze-to-silver},
 *     or {@code -} for no schedule
 * @param silverToGoldCron the same for {@code silver-to-gold}
 * @param dailyPipelineCron the same for {@code daily-pipeline}: daily at 03:00 by default
 */
@Validated
@ConfigurationProperties("salestech.jobs")
public record JobsProperties(
    @DefaultValue("local-dev-api-key") List<String> apiKeys,
    @DefaultValue("-") String bronzeToSilverCron,
    @DefaultValue("-") String silverToGoldCron,
    @DefaultValue("0 0 3 * * *") String dailyPipelineCron) {

  /** Each job's cron expression, {@code -} when it has no schedule. */
  public Map<String, String> schedules() {
    Map<String, String> schedules = new LinkedHashMap<>();
    schedules.put("bronze-to-silver", bronzeToSilverCron);
    schedules.put("silver-to-gold", silverToGoldCron);
    schedules.put("daily-pipeline", dailyPipelineCron);
    return schedules;
  }
}
