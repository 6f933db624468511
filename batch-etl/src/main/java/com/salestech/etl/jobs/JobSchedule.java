package com.salestech.etl.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the jobs on their cron schedules in server mode ({@code salestech.jobs.*-cron}); not in a
 * worker of the gold build ({@code salestech.gold.remote.worker}), whose manager has the schedule.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnExpression(
    "${salestech.scheduling.enabled:true} and !${salestech.gold.remote.worker:false}")
class JobSchedule implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(JobSchedule.class);

  private final JobRuns jobRuns;
  private final JobsProperties properties;

  JobSchedule(JobRuns jobRuns, JobsProperties properties) {
    this.jobRuns = jobRuns;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    properties
        .schedules()
        .forEach(
            (job, cron) -> {
              if (cron == null || cron.isBlank() || cron.equals("-")) {
                return;
              }
              log.info("{} is scheduled at cron '{}'", job, cron);
              registrar.addCronTask(
                  () -> {
                    try {
                      jobRuns.start(job, false, false);
                    } catch (RuntimeException e) {
                      log.error("Scheduled {} did not start: {}", job, e.getMessage());
                    }
                  },
                  cron);
            });
  }
}
