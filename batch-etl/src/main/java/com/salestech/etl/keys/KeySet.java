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

  /** Pages below this number sit in an array, the others in a map. */
  private static final int ARRAY_PAGES = 1 << 20;

  private final Map<Long, long[]> pages = new HashMap<>();
  private long[][] pageArray = new long[16][];
  private long lastPageNumber = -1;
  private long[] lastPage;
  private long size;
  private long pageCount;
  private Roaring64Bitmap sparse;

  /** Adds a key; returns false when it was already there. */
  public boolean add(long key) {
    long number = key >>> PAGE_BITS;
    if (sparse == null
        && number != lastPageNumber
        && pageCount >= MIN_PAGES_TO_JUDGE
        && size < pageCount * MIN_KEYS_PER_PAGE
        && page(number, false) == null) {
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

  /**
   * Whether the set holds {@code key}. Reads only, so threads may share a set once it is filled;
   * {@link #add} is for one thread.
   */
  public boolean contains(long key) {
    if (sparse != null) {
      return sparse.contains(key);
    }
    long number = key >>> PAGE_BITS;
    long[] page;
    if (number < pageArray.length) {
      page = pageArray[(int) number];
    } else {
      page = number < ARRAY_PAGES ? null : pages.get(number);
    }
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
    long[] page;
    if (number < ARRAY_PAGES) {
      if (number >= pageArray.length) {
        pageArray =
            java.util.Arrays.copyOf(
                pageArray,
                (int) Math.min(ARRAY_PAGES, Math.max(number + 1, pageArray.length * 2L)));
      }
      page = pageArray[(int) number];
      if (page == null && create) {
        page = new long[WORDS_PER_PAGE];
        pageArray[(int) number] = page;
        pageCount++;
      }
    } else {
      page = pages.get(number);
      if (page == null && create) {
        page = new long[WORDS_PER_PAGE];
        pages.put(number, page);
        pageCount++;
      }
    }
    if (page == null) {
      return null;
    }
    lastPageNumber = number;
    lastPage = page;
    return page;
  }

  private void toSparse() {
    sparse = new Roaring64Bitmap();
    for (int number = 0; number < pageArray.length; number++) {
      addPage(number, pageArray[number]);
    }
    pages.forEach(this::addPage);
    pages.clear();
    pageArray = new long[0][];
    lastPage = null;
    lastPageNumber = -1;
  }

  private void addPage(long number, long[] words) {
    if (words == null) {
      return;
    }
    long base = number << PAGE_BITS;
    for (int w = 0; w < words.length; w++) {
      for (long bits = words[w]; bits != 0; bits &= bits - 1) {
        sparse.addLong(base + w * 64L + Long.numberOfTrailingZeros(bits));
      }
    }
  }
}
