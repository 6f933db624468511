package com.salestech.etl.gold;

import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;

/**
 * A 64-bit hash of a gold row's values, mixed so that summing the hashes of a month's rows gives a
 * fingerprint that changes when any row does, whatever the order the rows come in.
 */
final class RowHash {

  private RowHash() {}

  static long of(GenericData.Record row) {
    long h = 0x9E3779B97F4A7C15L;
    int fields = row.getSchema().getFields().size();
    for (int i = 0; i < fields; i++) {
      Object value = row.get(i);
      h = (h ^ hash(value)) * 0x100000001B3L;
      h = Long.rotateLeft(h, 29);
    }
    return mix(h);
  }

  /** A value's hash; for reused UTF-8 buffers, over the bytes themselves. */
  private static long hash(Object value) {
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
