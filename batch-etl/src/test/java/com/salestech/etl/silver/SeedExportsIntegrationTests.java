package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The retailer's real exports through bronze → silver → gold, when the workspace has them beside
 * the project ({@code ../shared/seed-data}, or {@code -Dsalestech.seed-data=<dir>}); they are never
 * copied into the project, and a clone without them skips this test.
 */
@SpringBootTest
class SeedExportsIntegrationTests {

  static final Path SEED =
      Path.of(System.getProperty("salestech.seed-data", "../../shared/seed-data"));
  static final Path DATA = EtlTestSupport.newDataDir("seed");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;

  @Test
  void theRealExportsGiveTheContractsCounts() {
    assumeTrue(
        Files.isRegularFile(SEED.resolve("caso_estudo_vendas.csv")),
        "no real exports at " + SEED.toAbsolutePath());
    assertThat(cli.execute("land", SEED.toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    assertThat(LAKE.rows("clientes", "id")).hasSize(1000);
    assertThat(LAKE.rows("lojas", "id")).hasSize(10);
    assertThat(LAKE.rows("produtos", "id")).hasSize(9);
    assertThat(LAKE.quarantineReasons("produtos")).isEqualTo(Map.of("price_out_of_range", 1L));
    assertThat(LAKE.rows("vendas", "id")).hasSize(1000);
    assertThat(LAKE.rows("pagamentos", "id")).hasSize(844);
    assertThat(LAKE.rows("venda_promocao", "id_venda")).hasSize(3000);
    assertThat(LAKE.quarantine("clientes")).isEmpty();
    assertThat(LAKE.quarantine("vendas")).isEmpty();
    assertThat(LAKE.quarantine("pagamentos")).isEmpty();
    // the Glue job read whole reais as cents: 1500.0 is R$ 1,500.00 here
    assertThat(
            LAKE.query(
                "SELECT sum(valor) AS total FROM read_parquet('"
                    + DATA.resolve("lake/sales-tech-slv/produtos")
                    + "/v=*/*.parquet', hive_partitioning = false)"))
        .extracting(r -> r.get("total").toString())
        .containsExactly("11400.00");

    // gold: the junk product's 110 sales are orphans, 890 sales remain
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);
    assertThat(
            LAKE.query(
                "SELECT count(*) AS sales, sum(receita) AS receita FROM read_parquet('"
                    + DATA.resolve("lake/sales-tech-gld/wide_vendas")
                    + "/v=*/*/*.parquet', hive_partitioning = false)"))
        .extracting(r -> r.get("sales") + " " + r.get("receita"))
        .containsExactly("890 1185400.00");
    assertThat(
            LAKE.query(
                "SELECT reason, count(*) AS n FROM read_parquet('"
                    + DATA.resolve("lake/sales-tech-gld/_quarantine/wide_vendas")
                    + "/**/*.parquet', hive_partitioning = false) GROUP BY reason"))
        .extracting(r -> r.get("reason") + " " + r.get("n"))
        .containsExactly("orphan_product 110");
  }
}
