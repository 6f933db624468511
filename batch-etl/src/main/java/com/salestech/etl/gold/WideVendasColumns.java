package com.salestech.etl.gold;

import com.salestech.lake.parquet.ColumnarParquetWriter;
import com.salestech.model.avro.GoldTable;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * A batch of {@code wide_vendas} rows of one partition, held column by column in primitive arrays
 * until it is full, then handed to its file's open row group a column at a time ({@link
 * ColumnarParquetWriter}): no Avro record, no boxing, no {@code BigDecimal}, and each column's
 * values go through Parquet's encoder in one loop. The batch is small (a few thousand rows); the
 * row group keeps its values encoded. The file reads as the one parquet-avro would write from the
 * table's Avro schema (the same Parquet schema, converted by parquet-avro itself, and the Avro
 * schema in the footer; only the writer's name differs), so every reader of the lake reads it as
 * before.
 */
final class WideVendasColumns {

  static final Schema AVRO = GoldTable.WIDE_VENDAS.schema();
  static final MessageType PARQUET =
      new AvroSchemaConverter(new PlainParquetConfiguration()).convert(AVRO);

  /** The footer: where parquet-avro keeps a file's Avro schema, and the writer's name. */
  static final Map<String, String> METADATA =
      Map.of(
          "parquet.avro.schema",
          AVRO.toString(),
          ParquetWriter.OBJECT_MODEL_NAME_PROP,
          "salestech-wide-vendas");

  private static final String[] NAMES = {
    "id_venda",
    "id_cliente",
    "nome_cliente",
    "sexo_cliente",
    "dt_nasc",
    "idade_na_venda",
    "id_loja",
    "cidade",
    "id_produto",
    "produto",
    "valor",
    "quantidade",
    "receita",
    "dt_venda",
    "promocao",
    "dt_pgto",
    "pago",
    "dias_para_pagamento",
    "canal"
  };

  static {
    for (int i = 0; i < NAMES.length; i++) {
      if (!PARQUET.getFieldName(i).equals(NAMES[i])) {
        throw new IllegalStateException(
            "wide_vendas column " + i + " is " + PARQUET.getFieldName(i) + ", not " + NAMES[i]);
      }
    }
    if (PARQUET.getFieldCount() != NAMES.length) {
      throw new IllegalStateException("wide_vendas has " + PARQUET.getFieldCount() + " columns");
    }
  }

  /** Rows a batch holds: enough for the column loops to pay, small beside a row group. */
  static final int BATCH_ROWS = 4096;

  /** The largest {@code decimal(18,2)} in cents. */
  private static final long MAX_RECEITA = 999_999_999_999_999_999L;

  private static final int FIRST_CAPACITY = 256;

  private final int maxRows;
  private int size;
  private long[] idVenda = new long[0];
  private long[] idCliente = new long[0];
  private Binary[] nomeCliente = new Binary[0];
  private Binary[] sexoCliente = new Binary[0];
  private int[] dtNasc = new int[0];
  private int[] idadeNaVenda = new int[0];
  private int[] idLoja = new int[0];
  private Binary[] cidade = new Binary[0];
  private int[] idProduto = new int[0];
  private Binary[] produto = new Binary[0];
  private Binary[] valor = new Binary[0];
  private int[] quantidade = new int[0];
  private long[] receita = new long[0];
  private int[] dtVenda = new int[0];
  private boolean[] promocao = new boolean[0];
  private int[] dtPgto = new int[0];
  private boolean[] pago = new boolean[0];
  private int[] diasParaPagamento = new int[0];
  private Binary[] canal = new Binary[0];

  /** A batch of at most {@code maxRows} rows. */
  WideVendasColumns(int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("a batch needs room for a row: " + maxRows);
    }
    this.maxRows = maxRows;
  }

  int size() {
    return size;
  }

  boolean full() {
    return size >= maxRows;
  }

  /** Copies a row into the batch. */
  void add(WideRow row) {
    if (Math.abs(row.receita) > MAX_RECEITA) {
      throw new IllegalArgumentException(
          "receita of sale " + row.idVenda + " exceeds decimal(18,2): " + row.receita + " cents");
    }
    if (size == idVenda.length) {
      grow();
    }
    int i = size++;
    idVenda[i] = row.idVenda;
    idCliente[i] = row.idCliente;
    nomeCliente[i] = row.nomeCliente;
    sexoCliente[i] = row.sexoCliente;
    dtNasc[i] = row.dtNasc;
    idadeNaVenda[i] = row.idadeNaVenda;
    idLoja[i] = row.idLoja;
    cidade[i] = row.cidade;
    idProduto[i] = row.idProduto;
    produto[i] = row.produto;
    valor[i] = row.valor;
    quantidade[i] = row.quantidade;
    receita[i] = row.receita;
    dtVenda[i] = row.dtVenda;
    promocao[i] = row.promocao;
    dtPgto[i] = row.dtPgto;
    pago[i] = row.pago;
    diasParaPagamento[i] = row.diasParaPagamento;
    canal[i] = row.canal;
  }

  private void grow() {
    int capacity = Math.min(maxRows, Math.max(FIRST_CAPACITY, idVenda.length * 2));
    idVenda = Arrays.copyOf(idVenda, capacity);
    idCliente = Arrays.copyOf(idCliente, capacity);
    nomeCliente = Arrays.copyOf(nomeCliente, capacity);
    sexoCliente = Arrays.copyOf(sexoCliente, capacity);
    dtNasc = Arrays.copyOf(dtNasc, capacity);
    idadeNaVenda = Arrays.copyOf(idadeNaVenda, capacity);
    idLoja = Arrays.copyOf(idLoja, capacity);
    cidade = Arrays.copyOf(cidade, capacity);
    idProduto = Arrays.copyOf(idProduto, capacity);
    produto = Arrays.copyOf(produto, capacity);
    valor = Arrays.copyOf(valor, capacity);
    quantidade = Arrays.copyOf(quantidade, capacity);
    receita = Arrays.copyOf(receita, capacity);
    dtVenda = Arrays.copyOf(dtVenda, capacity);
    promocao = Arrays.copyOf(promocao, capacity);
    dtPgto = Arrays.copyOf(dtPgto, capacity);
    pago = Arrays.copyOf(pago, capacity);
    diasParaPagamento = Arrays.copyOf(diasParaPagamento, capacity);
    canal = Arrays.copyOf(canal, capacity);
  }

  /**
   * Hands the rows held to the file's open row group (starting one when none is open) and empties
   * the batch.
   */
  void writeTo(ColumnarParquetWriter file) {
    if (size == 0) {
      return;
    }
    if (!file.groupOpen()) {
      file.startGroup();
    }
    longs(file.column(0), idVenda);
    longs(file.column(1), idCliente);
    binaries(file.column(2), nomeCliente);
    binaries(file.column(3), sexoCliente);
    ints(file.column(4), dtNasc);
    ints(file.column(5), idadeNaVenda);
    requiredInts(file.column(6), idLoja);
    binaries(file.column(7), cidade);
    requiredInts(file.column(8), idProduto);
    binaries(file.column(9), produto);
    binaries(file.column(10), valor);
    requiredInts(file.column(11), quantidade);
    ColumnarParquetWriter.Column money = file.column(12);
    for (int i = 0; i < size; i++) {
      money.writeBinary(Binary.fromConstantByteArray(WideRow.fixedDecimal(receita[i], 8)));
    }
    requiredInts(file.column(13), dtVenda);
    booleans(file.column(14), promocao);
    ints(file.column(15), dtPgto);
    booleans(file.column(16), pago);
    ints(file.column(17), diasParaPagamento);
    binaries(file.column(18), canal);
    clear();
  }

  /** Drops the rows held; the names' references go, so an idle batch keeps no name alive. */
  private void clear() {
    Arrays.fill(nomeCliente, 0, size, null);
    size = 0;
  }

  private void longs(ColumnarParquetWriter.Column column, long[] values) {
    for (int i = 0; i < size; i++) {
      column.writeLong(values[i]);
    }
  }

  private void requiredInts(ColumnarParquetWriter.Column column, int[] values) {
    for (int i = 0; i < size; i++) {
      column.writeInt(values[i]);
    }
  }

  /** An optional int or date column: {@link WideRow#NULL} is written as null. */
  private void ints(ColumnarParquetWriter.Column column, int[] values) {
    for (int i = 0; i < size; i++) {
      int value = values[i];
      if (value == WideRow.NULL) {
        column.writeNull();
      } else {
        column.writeInt(value);
      }
    }
  }

  private void booleans(ColumnarParquetWriter.Column column, boolean[] values) {
    for (int i = 0; i < size; i++) {
      column.writeBoolean(values[i]);
    }
  }

  private void binaries(ColumnarParquetWriter.Column column, Binary[] values) {
    for (int i = 0; i < size; i++) {
      Binary value = values[i];
      if (value == null) {
        column.writeNull();
      } else {
        column.writeBinary(value);
      }
    }
  }
}
