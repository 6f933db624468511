package com.salestech.query.engine.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.GoldLake;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.catalog.CatalogEngine;
import com.salestech.query.engine.catalog.TestGold;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.athena.AthenaClient;

/** The Athena engine as a whole: the DDL it registers versions with, and the SQL it then sends. */
class AthenaEngineIntegrationTests {

  @TempDir Path dir;
  TestGold gold;
  FakeAthena athena;
  AthenaClient client;
  CatalogEngine engine;

  @BeforeEach
  void start() throws Exception {
    gold = new TestGold(dir.resolve("lake"));
    athena = new FakeAthena();
    client = athena.client();
    engine =
        new CatalogEngine(
            new AthenaCatalog(
                client, AthenaCatalogIntegrationTests.properties(), Duration.ofSeconds(5)),
            gold.snapshots,
            gold.layout,
            new CatalogEngine.Settings(Duration.ofMinutes(1), 2, 2, Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    engine.close();
    client.close();
    athena.close();
    gold.close();
  }

  @Test
  void registersEachVersionWithPartitionProjectionThenQueriesItsVersionedName() {
    gold.publish("run-1", "20261201T221401Z-1");
    athena.results(AthenaCatalogIntegrationTests.COLUMNS, List.of());

    try (QueryEngine.Reading reading = engine.open()) {
      reading.query(
          "SELECT r.cidade, sum(w.receita) FROM wide_vendas w JOIN receita_loja_mes r ON r.id_loja = w.id_loja WHERE w.dt_venda >= ? GROUP BY r.cidade",
          List.of(java.time.LocalDate.of(2024, 1, 1)),
          r -> {});
    }

    List<String> started = athena.started();
    assertThat(started.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS `sales_tech_query`");
    assertThat(started.subList(1, 7))
        .allMatch(s -> s.startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `sales_tech_query`.`"));
    String wide =
        started.stream().filter(s -> s.contains("`wide_vendas__v")).findFirst().orElseThrow();
    assertThat(wide)
        .isEqualTo(
            """
            CREATE EXTERNAL TABLE IF NOT EXISTS `sales_tech_query`.`wide_vendas__v20261201t221401z_1` (
              `id_venda` bigint,
              `id_cliente` bigint,
              `nome_cliente` string,
              `sexo_cliente` string,
              `dt_nasc` date,
              `idade_na_venda` int,
              `id_loja` int,
              `cidade` string,
              `id_produto` int,
              `produto` string,
              `valor` decimal(12,2),
              `quantidade` int,
              `receita` decimal(18,2),
              `dt_venda` date,
              `promocao` boolean,
              `dt_pgto` date,
              `pago` boolean,
              `dias_para_pagamento` int,
              `canal` string
            )
            PARTITIONED BY (`mes_venda` string)
            STORED AS PARQUET
            LOCATION 's3://sales-tech-gld/wide_vendas/v=20261201T221401Z-1/'
            TBLPROPERTIES (
              'classification' = 'parquet',
              'salestech.table' = 'wide_vendas',
              'salestech.version' = '20261201T221401Z-1',
              'projection.enabled' = 'true',
              'projection.mes_venda.type' = 'date',
              'projection.mes_venda.format' = 'yyyy-MM',
              'projection.mes_venda.range' = '2024-01,2024-03',
              'projection.mes_venda.interval' = '1',
              'projection.mes_venda.interval.unit' = 'MONTHS',
              'storage.location.template' = 's3://sales-tech-gld/wide_vendas/v=20261201T221401Z-1/mes_venda=${mes_venda}/'
            )""");
    String stores =
        started.stream().filter(s -> s.contains("`receita_loja_mes__v")).findFirst().orElseThrow();
    assertThat(stores).doesNotContain("PARTITIONED BY").doesNotContain("projection");
    // DDL runs without result reuse and without parameters
    assertThat(athena.calls("StartQueryExecution").get(1).body().has("ResultReuseConfiguration"))
        .isFalse();

    assertThat(started.get(GoldLake.GOLD_TABLES + 1))
        .isEqualTo(
            "SELECT r.cidade, sum(w.receita) FROM wide_vendas__v20261201t221401z_1 w JOIN receita_loja_mes__v20261201t221401z_1 r ON r.id_loja = w.id_loja WHERE w.dt_venda >= ? GROUP BY r.cidade");
    assertThat(
            athena
                .calls("StartQueryExecution")
                .get(GoldLake.GOLD_TABLES + 1)
                .body()
                .path("ExecutionParameters")
                .get(0)
                .asString())
        .isEqualTo("CAST('2024-01-01' AS DATE)");
  }

  @Test
  void versionsOfSnapshotsPastTheKeptOnesAreDroppedInAthena() {
    gold.publish("run-1", "20261201T221401Z-1");
    engine.refresh();
    gold.publish("run-2", "20261202T221401Z-2");
    engine.refresh();
    assertThat(athena.tables()).hasSize(2 * GoldLake.GOLD_TABLES);
    gold.publish("run-3", "20261203T221401Z-3");
    engine.refresh();
    assertThat(athena.tables()).hasSize(2 * GoldLake.GOLD_TABLES).noneMatch(t -> t.endsWith("_1"));
    assertThat(athena.started())
        .contains("DROP TABLE IF EXISTS `sales_tech_query`.`wide_vendas__v20261201t221401z_1`");
  }
}
