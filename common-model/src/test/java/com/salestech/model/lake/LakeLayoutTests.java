package com.salestech.model.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.model.Table;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakeLayoutTests {

  private final LakeLayout layout = LakeLayout.defaults();

  @Test
  void defaultsKeepTheOriginalBuckets() {
    assertThat(layout.bronze()).isEqualTo(new LakeRoot("sales-tech-brz", ""));
    assertThat(layout.silver().bucket()).isEqualTo("sales-tech-slv");
    assertThat(layout.gold().bucket()).isEqualTo("sales-tech-gld");
  }

  @Test
  void bronzeCsvKeysRoundTrip() {
    String key =
        layout.bronzeCsvKey(
            Table.VENDA_PROMOCAO, LocalDate.of(2026, 11, 26), "caso_estudo_venda_promocao.csv");
    assertThat(key)
        .isEqualTo("csv/venda_promocao/ingest_date=2026-11-26/caso_estudo_venda_promocao.csv");
    assertThat(layout.parseBronzeCsvKey(key))
        .contains(
            new BronzeCsvObject(
                key,
                Table.VENDA_PROMOCAO,
                LocalDate.of(2026, 11, 26),
                "caso_estudo_venda_promocao.csv"));
    assertThat(layout.parseBronzeCsvKey("csv/vendas/ingest_date=2026-13-01/x.csv")).isEmpty();
    assertThat(layout.parseBronzeCsvKey("csv/vendas/x.csv")).isEmpty();
  }

  @Test
  void otherBytesUnderATakenNameGoBesideItNamedByTheirHashAndParseAsTheSameExport() {
    String sha = "0123456789abcdef".repeat(4);
    LocalDate date = LocalDate.of(2026, 11, 20);
    String key = layout.bronzeCsvKeyBeside(Table.CLIENTES, date, "caso_estudo_clientes.csv", sha);
    assertThat(key)
        .isEqualTo("csv/clientes/ingest_date=2026-11-20/caso_estudo_clientes~0123456789ab.csv");
    assertThat(layout.parseBronzeCsvKey(key))
        .contains(
            new BronzeCsvObject(
                key, Table.CLIENTES, date, "caso_estudo_clientes~0123456789ab.csv"));
    assertThat(layout.bronzeCsvKeyBeside(Table.LOJAS, date, "lojas", sha))
        .isEqualTo("csv/lojas/ingest_date=2026-11-20/lojas~0123456789ab");
    assertThatThrownBy(() -> layout.bronzeCsvKeyBeside(Table.LOJAS, date, "lojas.csv", "abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tableVersionsAndPointers() {
    LakeLayout prefixed = LakeLayout.of("s3://lake/brz", "s3://lake/slv/", "s3://lake/gld/");
    assertThat(prefixed.dataFileKey(Layer.SILVER, "vendas", "20261126T120000Z-7", null, 3))
        .isEqualTo("slv/vendas/v=20261126T120000Z-7/part-00003.parquet");
    assertThat(prefixed.dataFileKey(Layer.GOLD, "wide_vendas", "v1", "mes_venda=2018-11", 0))
        .isEqualTo("gld/wide_vendas/v=v1/mes_venda=2018-11/part-00000.parquet");
    assertThat(prefixed.currentPointerKey(Layer.SILVER, "vendas"))
        .isEqualTo("slv/vendas/_current.json");
    assertThat(prefixed.versionOf(Layer.SILVER, "vendas", "slv/vendas/v=abc/part-00000.parquet"))
        .contains("abc");
    assertThat(prefixed.bronzeCsvPrefix(Table.LOJAS)).isEqualTo("brz/csv/lojas/");
    assertThat(prefixed.quarantineKey(Table.LOJAS, "r1", 0))
        .isEqualTo("slv/_quarantine/lojas/run=r1/part-00000.parquet");
    assertThat(prefixed.reportKey("bronze-to-silver", "r1"))
        .isEqualTo("gld/_reports/bronze-to-silver/r1.json");
  }

  @Test
  void rootsMustBeS3Uris() {
    assertThatThrownBy(() -> LakeRoot.parse("file:///tmp/lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://");
  }

  @Test
  void tablesAreRecognisedFromExportFileNames() {
    assertThat(Table.fromFileName("caso_estudo_vendas.csv")).contains(Table.VENDAS);
    assertThat(Table.fromFileName("/x/caso_estudo_venda_promocao.csv"))
        .contains(Table.VENDA_PROMOCAO);
    assertThat(Table.fromFileName("lojas.csv")).contains(Table.LOJAS);
    assertThat(Table.fromFileName("relatorio.csv")).isEmpty();
  }
}
