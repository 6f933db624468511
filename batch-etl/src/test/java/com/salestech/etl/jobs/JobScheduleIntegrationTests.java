package com.salestech.etl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a cron property, the server starts bronze-to-silver by itself. */
@SpringBootTest
class JobScheduleIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("schedule");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("salestech.jobs.bronze-to-silver-cron", () -> "*/1 * * * * *");
  }

  @Autowired JobRepository repository;

  @Test
  void theCronPropertyStartsRuns() throws InterruptedException {
    JobExecution last = null;
    for (int i = 0; i < 100 && last == null; i++) {
      Thread.sleep(100);
      var instance = repository.getLastJobInstance("bronze-to-silver");
      last = instance == null ? null : repository.getLastJobExecution(instance);
    }
    assertThat(last).as("a scheduled run within 10 s").isNotNull();
    for (int i = 0; i < 100 && last.getStatus().isRunning(); i++) {
      Thread.sleep(100);
      last = repository.getJobExecution(last.getId());
    }
    assertThat(last.getStatus()).isEqualTo(BatchStatus.COMPLETED);
  }
}
