package com.salestech.etl.keys;

import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A set of positive keys. The exports number their rows sequentially, so keys are kept as a bitmap
 * in 4096-bit pages: one bit per key (10 million keys take about 1.3 MB) and, because keys arrive
 * mostly in order, the last page is kept at hand. Should the keys prove sparse (few per page), the
 * set moves to a compressed bitmap (Roaring) that costs a few bytes per key instead of a page.
 */
public final class KeySet {

  private static final int PAGE_BITS = 12;
  private static final int WORDS_PER_PAGE = (1 << PAGE_BITS) / 64;
  private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;

  /** Pages before density is judged: below this the pages cost at most 2 MB anyway. */
  private static final int MIN_PAGES_TO_JUDGE = 4096;

  /** Fewer keys per page than this on average and the set moves to Roaring. */
  private static final int MIN_KEYS_PER_PAGE = 64;

  private final Map<Long, long[]> pages = new HashMap<>();
  private long lastPageNumber = -1;
  private long[] lastPage;
  private long size;
  private Roaring64Bitmap sparse;

  /** Adds a key; returns false when it was already there. */
  public boolean add(long key) {
    long number = key >>> PAGE_BITS;
    if (sparse == null
        && number != lastPageNumber
        && pages.size() >= MIN_PAGES_TO_JUDGE
        && size < (long) pages.size() * MIN_KEYS_PER_PAGE
        && !pages.containsKey(number)) {
      toSparse();
    }
    if (sparse != null) {
      if (sparse.contains(key)) {
        return false;
      }
      sparse.addLong(key);
      size++;
      return true;
    }
    long[] page = page(number, true);
    int bit = (int) (key & PAGE_MASK);
    long mask = 1L << (bit & 63);
    int word = bit >>> 6;
    if ((page[word] & mask) != 0) {
      return false;
    }
    page[word] |= mask;
    size++;
    return true;
  }

  public boolean contains(long key) {
    if (sparse != null) {
      return sparse.contains(key);
    }
    long[] page = page(key >>> PAGE_BITS, false);
    if (page == null) {
      return false;
    }
    int bit = (int) (key & PAGE_MASK);
    return (page[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  /** How many keys the set holds. */
  public long size() {
    return size;
  }

  /** Whether the keys proved sparse and the set moved to Roaring. */
  public boolean isSparse() {
    return sparse != null;
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

  private void toSparse() {
    sparse = new Roaring64Bitmap();
    for (Map.Entry<Long, long[]> entry : pages.entrySet()) {
      long base = entry.getKey() << PAGE_BITS;
      long[] words = entry.getValue();
      for (int w = 0; w < words.length; w++) {
        for (long bits = words[w]; bits != 0; bits &= bits - 1) {
          sparse.addLong(base + w * 64L + Long.numberOfTrailingZeros(bits));
        }
      }
    }
    pages.clear();
    lastPage = null;
    lastPageNumber = -1;
  }
}
