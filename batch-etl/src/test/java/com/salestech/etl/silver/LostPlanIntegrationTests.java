package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A JVM killed between the plan step's completion and the job context's save leaves a run whose
 * plan step is complete but whose plan is gone (H2 loses its last second of writes on kill -9 too).
 * The restart makes the plan again instead of failing with "no plan".
 */
@SpringBootTest
class LostPlanIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("lost-plan");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @Autowired JobRepository repository;

  @Test
  void aRunThatLostItsPlanIsResumedWithANewOne() {
    // given: a run cut short after its plan step, whose job context never got the plan
    assertThat(cli.execute("land", EtlTestSupport.fixture("gold").toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    JobExecution last =
        repository.getLastJobExecution(repository.getLastJobInstance("bronze-to-silver"));
    last.getExecutionContext().remove("salestech.silver.plan");
    repository.updateExecutionContext(last);
    last.setStatus(BatchStatus.FAILED);
    last.setExitStatus(ExitStatus.FAILED);
    last.setEndTime(LocalDateTime.now());
    repository.update(last);
    String version = LAKE.version("vendas");

    // when
    int exit = cli.execute("run", "bronze-to-silver");

    // then: resumed, planned afresh (nothing new to read), and silver is as it was
    assertThat(exit).isEqualTo(Cli.OK);
    JobExecution resumed =
        repository.getLastJobExecution(repository.getLastJobInstance("bronze-to-silver"));
    assertThat(resumed.getJobInstance().getInstanceId())
        .isEqualTo(last.getJobInstance().getInstanceId());
    assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(LAKE.version("vendas")).isEqualTo(version);
    assertThat(LAKE.rows("vendas", "id")).hasSize(10);
  }
}
