package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The job repository and bookmarks on PostgreSQL, as deployed; skipped without Docker. The same
 * runs on the default H2 file repository are checked by {@link BronzeToSilverIntegrationTests}.
 */
@SpringBootTest
@Testcontainers(disabledWithoutDocker = true)
class PostgresJobRepositoryIntegrationTests {

  @Container
  static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");

  static final Path DATA = EtlTestSupport.newDataDir("postgres");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("spring.datasource.url", postgres::getJdbcUrl);
    registry.add("spring.datasource.username", postgres::getUsername);
    registry.add("spring.datasource.password", postgres::getPassword);
    registry.add("salestech.silver.max-reject-rate", () -> "0.6");
  }

  @Autowired Cli cli;

  @Test
  void runsAndBookmarksOnPostgres() {
    assertThat(cli.execute("land", EtlTestSupport.fixture("export-1").toString()))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(LAKE.rows("vendas", "id")).hasSize(4);
    String version = LAKE.version("vendas");
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(LAKE.version("vendas")).isEqualTo(version);
  }
}
