package com.salestech.etl.silver;

import java.util.HashMap;
import java.util.Map;

/**
 * A set of positive keys as a bitmap in 4096-bit pages: one bit per key for the sequential ids the
 * exports use (10 million keys take about 1.3 MB), so de-duplicating a table costs almost no memory
 * however large it is. Keys arrive mostly in order, so the last page is kept at hand.
 */
final class KeySet {

  private static final int PAGE_BITS = 12;
  private static final int WORDS_PER_PAGE = (1 << PAGE_BITS) / 64;

  private final Map<Long, long[]> pages = new HashMap<>();
  private long lastPageNumber = -1;
  private long[] lastPage;
  private long size;

  /** Adds a key; returns false when it was already there. */
  boolean add(long key) {
    long[] page = page(key >>> PAGE_BITS, true);
    int bit = (int) (key & ((1 << PAGE_BITS) - 1));
    long mask = 1L << bit;
    int word = bit >>> 6;
    if ((page[word] & mask) != 0) {
      return false;
    }
    page[word] |= mask;
    size++;
    return true;
  }

  boolean contains(long key) {
    long[] page = page(key >>> PAGE_BITS, false);
    if (page == null) {
      return false;
    }
    int bit = (int) (key & ((1 << PAGE_BITS) - 1));
    return (page[bit >>> 6] & (1L << bit)) != 0;
  }

  long size() {
    return size;
  }

  private long[] page(long number, boolean create) {
    if (number == lastPageNumber) {
      return lastPage;
    }
    long[] page = pages.get(number);
    if (page == null) {
      if (!create) {
        return null;
      }
      page = new long[WORDS_PER_PAGE];
      pages.put(number, page);
    }
    lastPageNumber = number;
    lastPage = page;
    return page;
  }
}
