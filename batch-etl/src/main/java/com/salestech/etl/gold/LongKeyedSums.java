package com.salestech.etl.gold;

import java.util.Arrays;

/**
 * Running sums per group, the group a {@code long} key: an open-addressing table of primitives, so
 * adding a sale to its group costs one probe and no boxing. Each group has {@code width} sums.
 */
final class LongKeyedSums {

  private static final long EMPTY = Long.MIN_VALUE;

  private final int width;
  private long[] keys;
  private long[] sums;
  private int size;
  private long lastKey = EMPTY;
  private int lastSlot;

  LongKeyedSums(int width) {
    this.width = width;
    this.keys = new long[64];
    Arrays.fill(keys, EMPTY);
    this.sums = new long[64 * width];
  }

  /** Where the group's sums start in {@link #sums()}; creates the group when new. */
  int group(long key) {
    if (key == lastKey) {
      return lastSlot * width;
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = find(keys, key);
    if (keys[slot] == EMPTY) {
      keys[slot] = key;
      size++;
    }
    lastKey = key;
    lastSlot = slot;
    return slot * width;
  }

  long[] sums() {
    return sums;
  }

  /** The groups' keys, sorted. */
  long[] sortedKeys() {
    long[] present = new long[size];
    int n = 0;
    for (long key : keys) {
      if (key != EMPTY) {
        present[n++] = key;
      }
    }
    Arrays.sort(present);
    return present;
  }

  /** The sums of an existing group. */
  int existing(long key) {
    int slot = find(keys, key);
    if (keys[slot] == EMPTY) {
      throw new IllegalArgumentException("no group " + key);
    }
    return slot * width;
  }

  /** Where an existing group's sums start, or -1 when there is no such group. */
  int find(long key) {
    int slot = find(keys, key);
    return keys[slot] == EMPTY ? -1 : slot * width;
  }

  private static int find(long[] table, long key) {
    int mask = table.length - 1;
    int slot = (int) (mix(key) & mask);
    while (table[slot] != EMPTY && table[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldSums = sums;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    sums = new long[keys.length * width];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = find(keys, oldKeys[i]);
        keys[slot] = oldKeys[i];
        System.arraycopy(oldSums, i * width, sums, slot * width, width);
      }
    }
    lastKey = EMPTY;
  }
}
