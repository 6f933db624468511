package com.salestech.etl.keys;

import java.util.Arrays;

/**
 * Finds the row of a key among keys loaded once: arithmetic when the keys run without a gap (the
 * sequential ids of the exports), a rank bitmap when they are dense enough (the sales that have a
 * payment: a bit per possible key and the count of keys before each 64 of them, so a row is a
 * popcount away and both arrays are small enough to stay in the processor's cache), a binary search
 * over the sorted keys otherwise. Memory is a few bytes per key at most.
 */
public final class LongIndex {

  /** Keys this sparse or denser get the bitmap: at most 6 bytes a key, against 8 to search. */
  static final long MAX_SPAN_PER_KEY = 32;

  private final long[] sorted;
  private final long min;
  private final long span;
  // bit (key - min) set for every key; ranks[w]: the keys below word w
  private final long[] bits;
  private final int[] ranks;
  private final int size;

  /** Indexes {@code keys[0..count)}, which must be sorted ascending and distinct. */
  public LongIndex(long[] keys, int count) {
    this.size = count;
    this.min = count == 0 ? 0 : keys[0];
    this.span = count == 0 ? 0 : keys[count - 1] - min + 1;
    if (count > 0 && span == count && gapless(keys, count)) {
      // Every key from min on, without a gap: the row is the key's offset, no table needed.
      bits = null;
      ranks = null;
      sorted = null;
    } else if (count > 0 && span > 0 && span / count <= MAX_SPAN_PER_KEY) {
      // Dense enough: the keys themselves are no longer needed.
      int words = (int) ((span + 63) >>> 6);
      bits = new long[words];
      ranks = new int[words];
      for (int i = 0; i < count; i++) {
        long offset = keys[i] - min;
        bits[(int) (offset >>> 6)] |= 1L << offset;
      }
      int before = 0;
      for (int w = 0; w < words; w++) {
        ranks[w] = before;
        before += Long.bitCount(bits[w]);
      }
      sorted = null;
    } else {
      bits = null;
      ranks = null;
      sorted = count == keys.length ? keys : Arrays.copyOf(keys, count);
    }
  }

  private static boolean gapless(long[] keys, int count) {
    for (int i = 1; i < count; i++) {
      if (keys[i] != keys[i - 1] + 1) {
        return false;
      }
    }
    return true;
  }

  /** The row of {@code key}, or -1. */
  public int indexOf(long key) {
    if (sorted == null && bits == null) {
      long offset = key - min;
      return offset < 0 || offset >= size ? -1 : (int) offset;
    }
    if (bits != null) {
      long offset = key - min;
      if (offset < 0 || offset >= span) {
        return -1;
      }
      int w = (int) (offset >>> 6);
      long word = bits[w];
      long bit = 1L << offset;
      return (word & bit) == 0 ? -1 : ranks[w] + Long.bitCount(word & (bit - 1));
    }
    int i = Arrays.binarySearch(sorted, key);
    return i < 0 ? -1 : i;
  }

  public int size() {
    return size;
  }

  /**
   * Sorts parallel arrays by {@code keys} in place: {@code rows} follows its key. An in-place
   * quicksort, so ten million keys need no extra memory. Returns whether anything moved.
   */
  public static boolean sortByKey(long[] keys, int[] rows, int count) {
    for (int i = 1; i < count; i++) {
      if (keys[i - 1] > keys[i]) {
        quicksort(keys, rows, 0, count - 1);
        return true;
      }
    }
    return false;
  }

  private static void quicksort(long[] keys, int[] rows, int lo, int hi) {
    while (lo < hi) {
      if (hi - lo < 16) {
        for (int i = lo + 1; i <= hi; i++) {
          for (int j = i; j > lo && keys[j - 1] > keys[j]; j--) {
            swap(keys, rows, j, j - 1);
          }
        }
        return;
      }
      long pivot = keys[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (keys[i] < pivot) {
          i++;
        }
        while (keys[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(keys, rows, i++, j--);
        }
      }
      if (j - lo < hi - i) {
        quicksort(keys, rows, lo, j);
        lo = i;
      } else {
        quicksort(keys, rows, i, hi);
        hi = j;
      }
    }
  }

  private static void swap(long[] keys, int[] rows, int a, int b) {
    long k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
  }
}
