package com.salestech.etl.gold;

import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;

/**
 * A 64-bit hash of a gold row's values, mixed so that summing the hashes of a month's rows gives a
 * fingerprint that changes when any row does, whatever the order the rows come in.
 */
final class RowHash {

  /** Where a row's hash starts, before its first value is {@link #add added}. */
  static final long START = 0x9E3779B97F4A7C15L;

  private RowHash() {}

  static long of(GenericData.Record row) {
    long h = START;
    int fields = row.getSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      h = add(h, hash(row.get(i)));
    }
    return finish(h);
  }

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

  /** A value's hash; for reused UTF-8 buffers, over the bytes themselves. */
  static long hash(Object value) {
    if (value == null) {
      return 0x5bd1e995L;
    }
    if (value instanceof Utf8 utf8) {
      byte[] bytes = utf8.getBytes();
      long h = 1;
      for (int i = 0; i < utf8.getByteLength(); i++) {
        h = 31 * h + bytes[i];
      }
      return h;
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
