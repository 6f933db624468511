package com.salestech.model.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The six gold tables of DATA-CONTRACT §3, with the Avro schema of their files (kept as {@code
 * .avsc} under {@code avro/gold/}) and their partition columns, which live in the path only.
 */
public enum GoldTable {
  WIDE_VENDAS(List.of("mes_venda")),
  RECEITA_LOJA_MES(List.of()),
  RECEITA_PRODUTO_MES(List.of()),
  EFEITO_PROMOCAO(List.of()),
  STATUS_PAGAMENTO(List.of()),
  PERFIL_CLIENTES(List.of());

  private final List<String> partitionColumns;
  private final Schema schema;

  GoldTable(List<String> partitionColumns) {
    this.partitionColumns = partitionColumns;
    this.schema = load(tableName());
  }

  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Columns taken from the path ({@code mes_venda=2018-11/}), typed string. */
  public List<String> partitionColumns() {
    return partitionColumns;
  }

  /** The schema of the table's data files (partition columns excluded). */
  public Schema schema() {
    return schema;
  }

  /** Every gold table's name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(GoldTable::tableName).toList();
  }

  public static Optional<GoldTable> fromName(String name) {
    for (GoldTable table : values()) {
      if (table.tableName().equals(name)) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }

  private static Schema load(String name) {
    String resource = "gold/" + name + ".avsc";
    try (InputStream in = GoldTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing Avro schema " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro schema " + resource, e);
    }
  }
}
