package com.salestech.etl.gold;

import org.apache.parquet.io.api.Binary;

/**
 * One {@code wide_vendas} row on its way to Parquet, filled in place row after row: numbers as
 * primitives ({@link #NULL} for a missing date or int), strings and prices as the binaries Parquet
 * stores, most of them made once per store, product or customer. {@link WideVendasColumns} takes it
 * into a batch; field order is the table's.
 */
final class WideRow {

  /**
   * An optional {@code int} or date column's value for null: the same as the join's {@link
   * Dimensions#NO_DATE} and {@link GoldCalendar#NO_AGE}, so theirs pass through unchanged.
   */
  static final int NULL = Dimensions.NO_DATE;

  long idVenda;
  long idCliente;

  /** UTF-8, or null when the customer (or their name) is missing. */
  Binary nomeCliente;

  /** {@code M} or {@code F} as UTF-8, or null. */
  Binary sexoCliente;

  int dtNasc = NULL;
  int idadeNaVenda = NULL;
  int idLoja;
  Binary cidade;
  int idProduto;
  Binary produto;

  /** {@code decimal(12,2)} as Parquet stores it: six bytes, big-endian two's complement cents. */
  Binary valor;

  int quantidade;

  /** Cents; written as {@code decimal(18,2)}. */
  long receita;

  int dtVenda;
  boolean promocao;
  int dtPgto = NULL;
  boolean pago;
  int diasParaPagamento = NULL;
  Binary canal;

  /** Cents as the {@code size} bytes of a fixed decimal: big-endian two's complement. */
  static byte[] fixedDecimal(long cents, int size) {
    byte[] bytes = new byte[size];
    for (int i = size - 1; i >= 0; i--) {
      bytes[i] = (byte) cents;
      cents >>= 8;
    }
    return bytes;
  }
}
