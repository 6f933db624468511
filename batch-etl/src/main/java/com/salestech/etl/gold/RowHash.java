package com.salestech.etl.gold;

import org.apache.avro.generic.GenericData;

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
      h = (h ^ (value == null ? 0x5bd1e995L : value.hashCode())) * 0x100000001B3L;
      h = Long.rotateLeft(h, 29);
    }
    return mix(h);
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
