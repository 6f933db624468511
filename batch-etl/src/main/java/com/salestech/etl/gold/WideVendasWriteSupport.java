package com.salestech.etl.gold;

import com.salestech.model.avro.GoldTable;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link WideRow}s straight to Parquet's column writers, value by value: no Avro record, no
 * boxing, no {@code BigDecimal}. The file reads as the one parquet-avro would write from the
 * table's Avro schema (the same Parquet schema, converted by parquet-avro itself, and the Avro
 * schema in the footer; only the writer's name differs), so every reader of the lake reads it as
 * before.
 */
final class WideVendasWriteSupport extends WriteSupport<WideRow> {

  static final Schema AVRO = GoldTable.WIDE_VENDAS.schema();
  static final MessageType PARQUET =
      new AvroSchemaConverter(new PlainParquetConfiguration()).convert(AVRO);

  /** Where parquet-avro keeps a file's Avro schema. */
  private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

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

  /** The largest {@code decimal(18,2)} in cents. */
  private static final long MAX_RECEITA = 999_999_999_999_999_999L;

  private RecordConsumer out;

  @Override
  public WriteContext init(Configuration configuration) {
    return init((ParquetConfiguration) null);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(PARQUET, Map.of(AVRO_SCHEMA_KEY, AVRO.toString()));
  }

  @Override
  public String getName() {
    return "salestech-wide-vendas";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(WideRow row) {
    out.startMessage();
    writeLong(0, row.idVenda);
    writeLong(1, row.idCliente);
    writeBinary(2, row.nomeCliente);
    writeBinary(3, row.sexoCliente);
    writeInt(4, row.dtNasc);
    writeInt(5, row.idadeNaVenda);
    writeRequiredInt(6, row.idLoja);
    writeBinary(7, row.cidade);
    writeRequiredInt(8, row.idProduto);
    writeBinary(9, row.produto);
    writeBinary(10, row.valor);
    writeRequiredInt(11, row.quantidade);
    if (Math.abs(row.receita) > MAX_RECEITA) {
      throw new IllegalArgumentException(
          "receita of sale " + row.idVenda + " exceeds decimal(18,2): " + row.receita + " cents");
    }
    writeBinary(12, Binary.fromConstantByteArray(WideRow.fixedDecimal(row.receita, 8)));
    writeRequiredInt(13, row.dtVenda);
    writeBoolean(14, row.promocao);
    writeInt(15, row.dtPgto);
    writeBoolean(16, row.pago);
    writeInt(17, row.diasParaPagamento);
    writeBinary(18, row.canal);
    out.endMessage();
  }

  private void writeLong(int field, long value) {
    out.startField(NAMES[field], field);
    out.addLong(value);
    out.endField(NAMES[field], field);
  }

  private void writeRequiredInt(int field, int value) {
    out.startField(NAMES[field], field);
    out.addInteger(value);
    out.endField(NAMES[field], field);
  }

  /** An optional int or date; {@link WideRow#NULL} leaves the field out: Parquet writes null. */
  private void writeInt(int field, int value) {
    if (value != WideRow.NULL) {
      out.startField(NAMES[field], field);
      out.addInteger(value);
      out.endField(NAMES[field], field);
    }
  }

  private void writeBoolean(int field, boolean value) {
    out.startField(NAMES[field], field);
    out.addBoolean(value);
    out.endField(NAMES[field], field);
  }

  private void writeBinary(int field, Binary value) {
    if (value != null) {
      out.startField(NAMES[field], field);
      out.addBinary(value);
      out.endField(NAMES[field], field);
    }
  }
}
