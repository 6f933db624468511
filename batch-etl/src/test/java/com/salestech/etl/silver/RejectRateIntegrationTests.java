package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A table past its reject-rate limit publishes nothing and fails the run; the others publish. */
@SpringBootTest
class RejectRateIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("reject-rate");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;

  @Test
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
}
