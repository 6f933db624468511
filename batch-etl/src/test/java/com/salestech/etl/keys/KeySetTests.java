package com.salestech.etl.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeySetTests {

  @Test
  void sequentialKeysStayInPages() {
    KeySet keys = new KeySet();
    for (long k = 1; k <= 2_000_000; k++) {
      assertThat(keys.add(k)).isTrue();
    }
    assertThat(keys.add(1)).isFalse();
    assertThat(keys.add(2_000_000)).isFalse();
    assertThat(keys.contains(1_234_567)).isTrue();
    assertThat(keys.contains(2_000_001)).isFalse();
    assertThat(keys.isSparse()).isFalse();
  }

  @Test
  void sparseKeysMoveToRoaringAndKeepEveryKey() {
    KeySet keys = new KeySet();
    SplittableRandom random = new SplittableRandom(3);
    Set<Long> expected = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextLong(1, 999_999_999_999_999_999L);
      assertThat(keys.add(key)).isEqualTo(expected.add(key));
    }
    assertThat(keys.isSparse()).isTrue();
    for (long key : expected) {
      assertThat(keys.contains(key)).isTrue();
      assertThat(keys.add(key)).isFalse();
    }
    assertThat(keys.contains(0)).isFalse();
  }

  @Test
  void keysAddedBeforeTheMoveAreKept() {
    KeySet keys = new KeySet();
    for (long k = 1; k <= 1000; k++) {
      keys.add(k);
    }
    for (long k = 1; k <= 10_000; k++) {
      keys.add(k * 1_000_000_007L);
    }
    assertThat(keys.isSparse()).isTrue();
    assertThat(keys.contains(500)).isTrue();
    assertThat(keys.add(999)).isFalse();
    assertThat(keys.contains(5 * 1_000_000_007L)).isTrue();
  }
}
