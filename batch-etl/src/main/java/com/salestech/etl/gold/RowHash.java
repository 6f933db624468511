package com.salestech.etl.gold;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.io.api.Binary;

/**
 * A 64-bit hash of a gold row's values, mixed so that summing the hashes of a month's rows gives a
 * fingerprint that changes when any row does, whatever the order the rows come in.
 */
final class RowHash {

  /** Where a row's hash starts, before its first value is {@link #add added}. */
  static final long START = 0x9E3779B97F4A7C15L;

  private RowHash() {}

  /**
   * Adds the next value's hash to a row's running hash: for rows hashed from primitives, with no
   * record filled ({@code vendas_diarias}' fingerprints).
   */
  static long add(long h, long valueHash) {
    return Long.rotateLeft((h ^ valueHash) * 0x100000001B3L, 29);
  }

  /** The row's hash once every value is added. */
  static long finish(long h) {
    return mix(h);
  }

  /*
   * A value's hash is what its boxed Java value's hashCode() gives (a string's over its UTF-8
   * bytes), so fingerprints of rows hashed from primitives equal those of the same rows hashed as
   * records in earlier versions: an upgrade does not rebuild every month.
   */

  /** The hash of a null value. */
  static final long NULL = 0x5bd1e995L;

  static long ofLong(long value) {
    return Long.hashCode(value);
  }

  static long ofInt(int value) {
    return value;
  }

  /** An optional int or date, {@link WideRow#NULL} for null. */
  static long ofNullableInt(int value) {
    return value == WideRow.NULL ? NULL : value;
  }

  static long ofBoolean(boolean value) {
    return Boolean.hashCode(value);
  }

  /** A string's hash over its UTF-8 bytes. */
  static long ofBytes(byte[] bytes, int offset, int length) {
    long h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /**
   * A decimal's hash, {@code BigDecimal.valueOf(unscaled, scale).hashCode()} without the object.
   */
  static long ofDecimal(long unscaled, int scale) {
    if (unscaled == Long.MIN_VALUE) {
      return BigDecimal.valueOf(unscaled, scale).hashCode();
    }
    long magnitude = Math.abs(unscaled);
    int temp = (int) (((int) (magnitude >>> 32)) * 31 + (magnitude & 0xFFFFFFFFL));
    return 31 * (unscaled < 0 ? -temp : temp) + scale;
  }

  /** A {@code wide_vendas} row's hash, as {@link #of(GenericRecord)} gives for the same values. */
  static long of(WideRow row) {
    return of(
        row,
        ofBinary(row.nomeCliente),
        ofBinary(row.sexoCliente),
        ofBinary(row.cidade),
        ofBinary(row.produto),
        ofDecimal(unscaled(row.valor), 2),
        ofBinary(row.canal));
  }

  /**
   * A {@code wide_vendas} row's hash with its strings' and price's hashes given: the join takes the
   * city's, product's and price's from the store and product (hashed once), the name's straight
   * from the name store's bytes, the channel's from the last channel seen.
   */
  static long of(
      WideRow row,
      long nomeHash,
      long sexoHash,
      long cidadeHash,
      long produtoHash,
      long valorHash,
      long canalHash) {
    long h = START;
    h = add(h, ofLong(row.idVenda));
    h = add(h, ofLong(row.idCliente));
    h = add(h, nomeHash);
    h = add(h, sexoHash);
    h = add(h, ofNullableInt(row.dtNasc));
    h = add(h, ofNullableInt(row.idadeNaVenda));
    h = add(h, ofInt(row.idLoja));
    h = add(h, cidadeHash);
    h = add(h, ofInt(row.idProduto));
    h = add(h, produtoHash);
    h = add(h, valorHash);
    h = add(h, ofInt(row.quantidade));
    h = add(h, ofDecimal(row.receita, 2));
    h = add(h, ofInt(row.dtVenda));
    h = add(h, ofBoolean(row.promocao));
    h = add(h, ofNullableInt(row.dtPgto));
    h = add(h, ofBoolean(row.pago));
    h = add(h, ofNullableInt(row.diasParaPagamento));
    h = add(h, canalHash);
    return finish(h);
  }

  /** A row's hash from its values in column order, as boxed Java values (Avro's types). */
  static long of(GenericRecord row) {
    long h = START;
    int fields = row.getSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      h = add(h, hash(row.get(i)));
    }
    return finish(h);
  }

  /** A string's hash over its UTF-8 bytes; {@link #NULL} for null. */
  static long ofBinary(Binary value) {
    if (value == null) {
      return NULL;
    }
    ByteBuffer bytes = value.toByteBuffer();
    if (bytes.hasArray()) {
      return ofBytes(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }
    byte[] copy = value.getBytes();
    return ofBytes(copy, 0, copy.length);
  }

  /** The unscaled value of a fixed-length decimal: big-endian two's complement, at most 8 bytes. */
  private static long unscaled(Binary fixed) {
    ByteBuffer bytes = fixed.toByteBuffer();
    long value = bytes.get(bytes.position()) < 0 ? -1 : 0;
    for (int i = bytes.position(); i < bytes.limit(); i++) {
      value = (value << 8) | (bytes.get(i) & 0xFF);
    }
    return value;
  }

  /** The hash of any value as a boxed Java value; for reused UTF-8 buffers, over the bytes. */
  static long hash(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof Utf8 utf8) {
      return ofBytes(utf8.getBytes(), 0, utf8.getByteLength());
    }
    return value.hashCode();
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
