package com.salestech.lake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.avro.GoldTable;
import org.junit.jupiter.api.Test;

/** Catalog types follow the Avro schema of the files, in Hive's and in Trino's spelling. */
class CatalogColumnsTests {

  @Test
  void wideVendasColumnsInHiveAndTrinoTypes() {
    var columns = CatalogColumns.of(GoldTable.WIDE_VENDAS.schema());
    assertThat(columns)
        .extracting(c -> c.name() + " " + c.hiveType() + " " + c.trinoType())
        .startsWith(
            "id_venda bigint bigint",
            "id_cliente bigint bigint",
            "nome_cliente string varchar",
            "sexo_cliente string varchar",
            "dt_nasc date date",
            "idade_na_venda int integer")
        .contains("valor decimal(12,2) decimal(12,2)", "pago boolean boolean")
        .noneMatch(c -> c.startsWith("mes_venda"));
  }
}
