package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A table past its reject-rate limit publishes nothing and fails the run while the others publish;
 * the next start plans afresh rather than repeating the rejected run.
 */
@SpringBootTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RejectRateIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("reject-rate");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @Autowired JobRepository repository;

  @Test
  @Order(1)
  void aTableAboveItsLimitFailsAloneAndKeepsItsQuarantine() throws IOException {
    Path dir = Files.createDirectories(DATA.resolve("export"));
    Files.writeString(
        dir.resolve("caso_estudo_vendas.csv"),
        "id;id_cliente;id_loja;id_produto;dt_venda\r\n"
            + "1;1;1;1;01/01/2019\r\n"
            + "2;1;1;1;31/02/2019\r\n"
            + "3;1;1;1;30/02/2019\r\n"
            + "4;1;1;1;01/03/2019\r\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("caso_estudo_lojas.csv"), "id;cidade\r\n1;Recife\r\n", StandardCharsets.UTF_8);
    assertThat(cli.execute("land", dir.toString())).isEqualTo(Cli.OK);

    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.FAILED);

    assertThat(Files.exists(DATA.resolve("lake/sales-tech-slv/vendas/_current.json"))).isFalse();
    assertThat(LAKE.objects("sales-tech-slv", "vendas")).isEmpty();
    assertThat(LAKE.quarantineReasons("vendas")).containsEntry("bad_date", 2L);
    assertThat(LAKE.rows("lojas", "id")).hasSize(1);
  }

  @Test
  @Order(2)
  void theNextStartAfterARejectionPlansAfreshInsteadOfRepeatingIt() throws Exception {
    Path dir = Files.createDirectories(DATA.resolve("fix"));
    StringBuilder rows = new StringBuilder("id;id_cliente;id_loja;id_produto;dt_venda\r\n");
    for (int id = 10; id < 18; id++) {
      rows.append(id).append(";1;1;1;01/04/2019\r\n");
    }
    Files.writeString(dir.resolve("vendas_2.csv"), rows.toString(), StandardCharsets.UTF_8);
    assertThat(
            cli.execute("land", dir.toString(), "--table", "vendas", "--ingest-date", "2030-01-01"))
        .isEqualTo(Cli.OK);

    // 2 bad rows of 12 now: under the limit, so the table publishes
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(LAKE.rows("vendas", "id")).hasSize(10);
    assertThat(repository.getJobInstanceCount("bronze-to-silver")).isEqualTo(2);
  }
}
