package com.salestech.etl.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each of the three ways {@link LongIndex} finds a row gives the same rows as a binary search. */
class LongIndexTests {

  private static void assertFindsEveryKeyAndNothingElse(long[] keys) {
    LongIndex index = new LongIndex(keys.clone(), keys.length);
    assertThat(index.size()).isEqualTo(keys.length);
    for (int i = 0; i < keys.length; i++) {
      assertThat(index.indexOf(keys[i])).isEqualTo(i);
    }
    long min = keys.length == 0 ? 0 : keys[0];
    long max = keys.length == 0 ? 0 : keys[keys.length - 1];
    for (long probe = min - 3; probe <= max + 3; probe++) {
      int expected = Arrays.binarySearch(keys, probe);
      assertThat(index.indexOf(probe)).as("key %d", probe).isEqualTo(expected < 0 ? -1 : expected);
    }
    assertThat(index.indexOf(Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(index.indexOf(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void keysWithoutAGapAreTheirOwnOffsets() {
    long[] keys = new long[10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 101 + i;
    }
    assertFindsEveryKeyAndNothingElse(keys);
    assertFindsEveryKeyAndNothingElse(new long[] {-7});
  }

  @Test
  void denseKeysWithGapsGoThroughTheBitmap() {
    SplittableRandom random = new SplittableRandom(4);
    long[] keys = random.longs(5_000, 1, 9_000).distinct().sorted().toArray();
    assertFindsEveryKeyAndNothingElse(keys);
    // one key missing in the middle of a run
    assertFindsEveryKeyAndNothingElse(new long[] {1, 2, 3, 5, 6});
    // keys either side of the bitmap's 64-bit words, negative keys among them
    assertFindsEveryKeyAndNothingElse(new long[] {-65, -64, -1, 0, 62, 63, 64, 65, 127, 128, 191});
    // as sparse as the bitmap takes, about one key in 32, and a word with every bit set
    long[] sparse = random.longs(1_000, 0, 32_000).distinct().sorted().toArray();
    long[] withFullWord = new long[sparse.length + 64];
    for (int i = 0; i < 64; i++) {
      withFullWord[i] = -1_000 + i;
    }
    System.arraycopy(sparse, 0, withFullWord, 64, sparse.length);
    assertFindsEveryKeyAndNothingElse(sparse);
    assertFindsEveryKeyAndNothingElse(withFullWord);
  }

  @Test
  void sparseKeysAreSearched() {
    SplittableRandom random = new SplittableRandom(5);
    long[] keys =
        random.longs(2_000, -1_000_000_000L, 1_000_000_000L).distinct().sorted().toArray();
    LongIndex index = new LongIndex(keys.clone(), keys.length);
    for (int i = 0; i < keys.length; i++) {
      assertThat(index.indexOf(keys[i])).isEqualTo(i);
      assertThat(index.indexOf(keys[i] + 1))
          .isEqualTo(i + 1 < keys.length && keys[i + 1] == keys[i] + 1 ? i + 1 : -1);
    }
    assertFindsEveryKeyAndNothingElse(new long[0]);
  }
}
