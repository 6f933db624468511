package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.parquet.ColumnScan;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/**
 * An orphan's raw line in the gold quarantine is its silver {@code vendas} record as Avro prints
 * it; {@link SilverSales#rawLine} writes the same text without making the record.
 */
class SilverSalesRawLineTests {

  private final SilverSales sale = new SilverSales(null, "silver", List.of());

  private void set(long id, int loja, String canal, int ingestDate, String sourceKey) {
    sale.id = id;
    sale.idCliente = id * 7;
    sale.idLoja = loja;
    sale.idProduto = 42;
    sale.dtVenda = 18_000;
    sale.quantidade = 3;
    sale.canal = canal == null ? null : Binary.fromString(canal);
    sale.ingestDate = ingestDate;
    sale.sourceKey = sourceKey == null ? null : Binary.fromString(sourceKey);
  }

  /** What the quarantine held before: the record filled from the same fields, printed. */
  private String avro() {
    GenericData.Record r = new GenericData.Record(SilverSchemas.of(Table.VENDAS));
    r.put("id", sale.id);
    r.put("id_cliente", sale.idCliente);
    r.put("id_loja", sale.idLoja);
    r.put("id_produto", sale.idProduto);
    r.put("dt_venda", sale.dtVenda);
    r.put("quantidade", sale.quantidade);
    r.put("canal", sale.canal == null ? null : new Utf8(sale.canal.getBytes()));
    r.put("ingest_date", sale.ingestDate == ColumnScan.NULL_INT ? null : sale.ingestDate);
    r.put("source_key", sale.sourceKey == null ? null : new Utf8(sale.sourceKey.getBytes()));
    return r.toString();
  }

  @Test
  void aPlainSalePrintsAsItsRecord() {
    set(1_234_567, 3, "loja", 20_000, "vendas/ingest_date=2024-10-01/caso_estudo_vendas.csv");
    assertThat(sale.rawLine()).isEqualTo(avro()).startsWith("{\"id\": 1234567, ");
    assertThat(sale.ingestDateOrNull()).isEqualTo(20_000);
  }

  @Test
  void nullsAndMissingNumbersPrintAsTheRecordDoes() {
    set(0, ColumnScan.NULL_INT, null, ColumnScan.NULL_INT, null);
    assertThat(sale.rawLine())
        .isEqualTo(avro())
        .contains("\"canal\": null", "\"ingest_date\": null");
    assertThat(sale.ingestDateOrNull()).isNull();
  }

  @Test
  void stringsAreEscapedAsAvroEscapesThem() {
    String nasty = "a\"b\\c\bd\fe\nf\rg\th\u0001i\u001Fj\u007Fk\u0085l\u2028m\u20ACn€o çp 😀q";
    set(9, 1, nasty, 1, "key with \"quotes\" and \\ and \u2003");
    assertThat(sale.rawLine()).isEqualTo(avro());
  }

  @Test
  void theTextIsMadeAfreshForEachSale() {
    set(1, 1, "loja", 1, "k");
    String first = sale.rawLine();
    set(2, 2, "online", 2, "k2");
    assertThat(sale.rawLine()).isEqualTo(avro()).isNotEqualTo(first);
    assertThat(first).contains("\"id\": 1,", "\"canal\": \"loja\"");
  }
}
