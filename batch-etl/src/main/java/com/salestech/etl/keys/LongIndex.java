package com.salestech.etl.keys;

import java.util.Arrays;

/**
 * Finds the row of a key among keys loaded once: arithmetic when the keys run without a gap (the
 * sequential ids of the exports), a direct table when they are dense, a binary search over the
 * sorted keys otherwise. Memory is a few bytes per key at most.
 */
public final class LongIndex {

  private final long[] sorted;
  private final long min;
  private final int[] direct;
  private final int size;

  /** Indexes {@code keys[0..count)}, which must be sorted ascending and distinct. */
  public LongIndex(long[] keys, int count) {
    this.size = count;
    this.min = count == 0 ? 0 : keys[0];
    long span = count == 0 ? 0 : keys[count - 1] - min + 1;
    if (count > 0 && span == count && gapless(keys, count)) {
      // Every key from min on, without a gap: the row is the key's offset, no table needed.
      direct = null;
      sorted = null;
    } else if (count > 0 && span <= 2L * count + 1024 && span < Integer.MAX_VALUE) {
      // Dense: a table from key to row; the keys themselves are no longer needed.
      direct = new int[(int) span];
      Arrays.fill(direct, -1);
      for (int i = 0; i < count; i++) {
        direct[(int) (keys[i] - min)] = i;
      }
      sorted = null;
    } else {
      direct = null;
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
    if (sorted == null && direct == null) {
      long offset = key - min;
      return offset < 0 || offset >= size ? -1 : (int) offset;
    }
    if (direct != null) {
      long offset = key - min;
      return offset < 0 || offset >= direct.length ? -1 : direct[(int) offset];
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
