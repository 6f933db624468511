package com.salestech.etl.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.etl.jobs.JobsProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** bronze-to-silver, silver-to-gold and catalog registration as one job. */
@SpringBootTest
class DailyPipelineIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("pipeline");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @Autowired JobsProperties jobs;

  @Test
  void oneRunTakesNewExportsAllTheWayToGoldAndTheCatalog() throws Exception {
    assertThat(jobs.dailyPipelineCron()).isEqualTo("0 0 3 * * *");
    assertThat(cli.execute("land", EtlTestSupport.fixture("gold").toString())).isEqualTo(Cli.OK);

    assertThat(cli.execute("run", "daily-pipeline")).isEqualTo(Cli.OK);

    assertThat(LAKE.rows("vendas", "id")).hasSize(10);
    assertThat(LAKE.gold("wide_vendas", "id_venda")).hasSize(7);
    String version = LAKE.goldVersion("wide_vendas");
    String ddl =
        Files.readString(DATA.resolve("lake/sales-tech-gld/_catalog/athena/gold_wide_vendas.sql"));
    assertThat(ddl)
        .contains("PARTITIONED BY")
        .contains("LOCATION 's3://sales-tech-gld/wide_vendas/v=" + version + "/'");
    assertThat(DATA.resolve("lake/sales-tech-gld/_catalog/athena/silver_vendas.sql")).exists();

    // nothing new landed: silver stays, gold is rebuilt with the same rows
    assertThat(cli.execute("run", "daily-pipeline")).isEqualTo(Cli.OK);
    assertThat(LAKE.gold("wide_vendas", "id_venda")).hasSize(7);
  }
}
