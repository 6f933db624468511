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
 * The gold tables of DATA-CONTRACT §3, with the Avro schema of their files (kept as {@code .avsc}
 * under {@code avro/gold/}), their partition columns, which live in the path only, and the job that
 * builds them. All of them are published in one snapshot ({@code _snapshot.json}).
 */
public enum GoldTable {
  WIDE_VENDAS(Producer.SILVER_TO_GOLD, List.of("mes_venda")),
  RECEITA_LOJA_MES(Producer.SILVER_TO_GOLD, List.of()),
  RECEITA_PRODUTO_MES(Producer.SILVER_TO_GOLD, List.of()),
  EFEITO_PROMOCAO(Producer.SILVER_TO_GOLD, List.of()),
  STATUS_PAGAMENTO(Producer.SILVER_TO_GOLD, List.of()),
  PERFIL_CLIENTES(Producer.SILVER_TO_GOLD, List.of()),
  VENDAS_DIARIAS(Producer.SILVER_TO_GOLD, List.of("mes_venda")),
  CALENDARIO(Producer.SILVER_TO_GOLD, List.of()),
  PREVISAO_VENDAS(Producer.FORECAST, List.of()),
  PREVISAO_ACURACIA(Producer.FORECAST, List.of()),
  EFEITO_PROMOCAO_ESTIMADO(Producer.FORECAST, List.of());

  /**
   * The job that writes a table. {@code silver-to-gold} commits a snapshot of its tables (keeping
   * the previous snapshot's model tables, which name the run they were computed from); {@code
   * forecast} extends the current snapshot with its tables, computed from that snapshot.
   */
  public enum Producer {
    SILVER_TO_GOLD,
    FORECAST
  }

  private final Producer producer;
  private final List<String> partitionColumns;
  private final Schema schema;

  GoldTable(Producer producer, List<String> partitionColumns) {
    this.producer = producer;
    this.partitionColumns = partitionColumns;
    this.schema = load(tableName());
  }

  public Producer producer() {
    return producer;
  }

  /** The tables {@code producer} writes, in declaration order. */
  public static List<GoldTable> builtBy(Producer producer) {
    return Arrays.stream(values()).filter(t -> t.producer == producer).toList();
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
