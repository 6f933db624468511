package com.salestech.etl.forecast;

import com.salestech.etl.gold.GoldProperties;
import com.salestech.etl.report.RunReportWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import java.time.Clock;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code forecast} job: forecasts and the promotion study on the current gold snapshot,
 * published in it. {@code daily-pipeline} runs it after {@code silver-to-gold}; it also runs alone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForecastProperties.class)
public class ForecastJobConfiguration {

  public static final String JOB_NAME = "forecast";

  @Bean
  Step forecastStep(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      ParquetLake parquet,
      TableVersions versions,
      GoldSnapshots snapshots,
      ForecastProperties settings,
      GoldProperties gold,
      RunReportWriter reports,
      Clock clock) {
    return new StepBuilder("forecast", jobRepository)
        .tasklet(
            new ForecastTasklet(parquet, versions, snapshots, settings, gold, reports, clock),
            transactionManager)
        .build();
  }

  @Bean
  Job forecastJob(JobRepository jobRepository, Step forecastStep) {
    return new JobBuilder(JOB_NAME, jobRepository).start(forecastStep).build();
  }
}
