package com.salestech.etl.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.TableInput;
import tools.jackson.databind.json.JsonMapper;

/** The catalog's tables, Glue inputs and Athena DDL agree with the Avro schemas of the files. */
class CatalogDefinitionsTests {

  static final LakeLayout LAYOUT = LakeLayout.defaults();
  static final CatalogProperties SETTINGS =
      new CatalogProperties("glue", "sales_tech_gold", "sales_tech_silver", "2015-01");

  static CurrentPointer pointer(String table, Schema schema, List<String> partitions) {
    return new CurrentPointer(
        table,
        "20261126T030000Z-7",
        Instant.now(),
        10,
        List.of(new DataFile(table + "/v=20261126T030000Z-7/part-00000.parquet", 10, 100)),
        partitions,
        JsonMapper.shared().readTree(schema.toString()));
  }

  static TableDefinition gold(GoldTable table) {
    return CatalogDefinitions.of(
        Layer.GOLD,
        pointer(table.tableName(), table.schema(), table.partitionColumns()),
        LAYOUT,
        SETTINGS,
        "2026-11");
  }

  @Test
  void everyGoldTableHasTheColumnsAndTypesOfItsFiles() {
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      TableDefinition definition = gold(table);
      assertThat(definition.columns())
          .extracting(TableDefinition.Column::name)
          .containsExactlyElementsOf(
              table.schema().getFields().stream().map(Schema.Field::name).toList());
      assertThat(definition.partitionKeys())
          .extracting(TableDefinition.Column::name)
          .containsExactlyElementsOf(table.partitionColumns());
      assertThat(definition.database()).isEqualTo("sales_tech_gold");
      assertThat(definition.location())
          .isEqualTo("s3://sales-tech-gld/" + table.tableName() + "/v=20261126T030000Z-7/");
    }
  }

  @Test
  void wideVendasTypesAndPartitionProjection() {
    TableDefinition wide = gold(GoldTable.WIDE_VENDAS);
    assertThat(wide.columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly(
            "id_venda bigint",
            "id_cliente bigint",
            "nome_cliente string",
            "sexo_cliente string",
            "dt_nasc date",
            "idade_na_venda int",
            "id_loja int",
            "cidade string",
            "id_produto int",
            "produto string",
            "valor decimal(12,2)",
            "quantidade int",
            "receita decimal(18,2)",
            "dt_venda date",
            "promocao boolean",
            "dt_pgto date",
            "pago boolean",
            "dias_para_pagamento int",
            "canal string");
    assertThat(wide.partitionKeys())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly("mes_venda string");
    assertThat(wide.parameters())
        .containsEntry("projection.enabled", "true")
        .containsEntry("projection.mes_venda.type", "date")
        .containsEntry("projection.mes_venda.format", "yyyy-MM")
        .containsEntry("projection.mes_venda.range", "2015-01,2026-11")
        .containsEntry("projection.mes_venda.interval.unit", "MONTHS")
        .containsEntry(
            "storage.location.template",
            "s3://sales-tech-gld/wide_vendas/v=20261126T030000Z-7/mes_venda=${mes_venda}/");
    assertThat(gold(GoldTable.PERFIL_CLIENTES).parameters())
        .doesNotContainKey("projection.enabled");
  }

  @Test
  void theModelTablesAreTypedForTheirReadersAndTheDailySeriesProjectedByMonth() {
    TableDefinition daily = gold(GoldTable.VENDAS_DIARIAS);
    assertThat(daily.columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly(
            "id_loja int",
            "cidade string",
            "id_produto int",
            "produto string",
            "dt_venda date",
            "n_vendas int",
            "unidades int",
            "receita double",
            "unidades_promocao int",
            "receita_promocao double");
    assertThat(daily.partitionKeys())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly("mes_venda string");
    assertThat(daily.parameters())
        .containsEntry("projection.enabled", "true")
        .containsEntry("projection.mes_venda.type", "date")
        .containsEntry("projection.mes_venda.format", "yyyy-MM")
        .containsEntry("projection.mes_venda.range", "2015-01,2026-11")
        .containsEntry("projection.mes_venda.interval.unit", "MONTHS")
        .containsEntry(
            "storage.location.template",
            "s3://sales-tech-gld/vendas_diarias/v=20261126T030000Z-7/mes_venda=${mes_venda}/");
    assertThat(AthenaDdl.render(daily))
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS `sales_tech_gold`.`vendas_diarias` (")
        .contains("`receita` double")
        .contains("PARTITIONED BY (\n  `mes_venda` string");

    TableDefinition calendario = gold(GoldTable.CALENDARIO);
    assertThat(calendario.columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly(
            "dia date",
            "dia_semana int",
            "semana_iso int",
            "ano_iso int",
            "mes string",
            "ano int",
            "feriado_nacional boolean",
            "nome_feriado string",
            "black_friday boolean");
    assertThat(calendario.partitionKeys()).isEmpty();
    assertThat(calendario.parameters()).doesNotContainKey("projection.enabled");
    assertThat(AthenaDdl.render(calendario))
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS `sales_tech_gold`.`calendario` (")
        .contains("LOCATION 's3://sales-tech-gld/calendario/v=20261126T030000Z-7/'")
        .doesNotContain("PARTITIONED BY");
  }

  @Test
  void silverTablesKeepMoneyAndDatesTyped() {
    TableDefinition produtos =
        CatalogDefinitions.of(
            Layer.SILVER,
            pointer("produtos", SilverSchemas.of(Table.PRODUTOS), List.of()),
            LAYOUT,
            SETTINGS,
            "2026-11");
    assertThat(produtos.database()).isEqualTo("sales_tech_silver");
    assertThat(produtos.columns())
        .extracting(c -> c.name() + " " + c.type())
        .containsExactly(
            "id int",
            "produto string",
            "valor decimal(12,2)",
            "ingest_date date",
            "source_key string");
  }

  @Test
  void theGlueTableInputMirrorsTheDefinition() {
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      TableDefinition definition = gold(table);
      TableInput input = GlueCatalog.tableInput(definition);
      assertThat(input.name()).isEqualTo(table.tableName());
      assertThat(input.tableType()).isEqualTo("EXTERNAL_TABLE");
      assertThat(input.storageDescriptor().location()).isEqualTo(definition.location());
      assertThat(input.storageDescriptor().serdeInfo().serializationLibrary())
          .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
      assertThat(input.storageDescriptor().inputFormat())
          .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
      assertThat(input.storageDescriptor().columns())
          .extracting(c -> c.name() + " " + c.type())
          .containsExactlyElementsOf(
              definition.columns().stream().map(c -> c.name() + " " + c.type()).toList());
      assertThat(input.partitionKeys())
          .extracting(c -> c.name() + " " + c.type())
          .containsExactlyElementsOf(
              definition.partitionKeys().stream().map(c -> c.name() + " " + c.type()).toList());
      assertThat(input.parameters()).isEqualTo(definition.parameters());
    }
  }

  @Test
  void theAthenaDdlDeclaresTheSameTable() {
    TableDefinition wide = gold(GoldTable.WIDE_VENDAS);
    String ddl = AthenaDdl.render(wide);
    assertThat(ddl)
        .contains("CREATE EXTERNAL TABLE IF NOT EXISTS `sales_tech_gold`.`wide_vendas` (")
        .contains("`valor` decimal(12,2)")
        .contains("`receita` decimal(18,2)")
        .contains("PARTITIONED BY (\n  `mes_venda` string")
        .contains("STORED AS PARQUET")
        .contains("LOCATION 's3://sales-tech-gld/wide_vendas/v=20261126T030000Z-7/'")
        .contains("'projection.mes_venda.type' = 'date'");
    for (TableDefinition.Column column : wide.columns()) {
      assertThat(ddl).contains("`" + column.name() + "` " + column.type());
    }
    assertThat(AthenaDdl.render(gold(GoldTable.RECEITA_LOJA_MES))).doesNotContain("PARTITIONED BY");
  }
}
