package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongKeyedSumsTests {

  @Test
  void sumsPerGroupSurviveTheTableGrowing() {
    LongKeyedSums sums = new LongKeyedSums(2);
    Map<Long, long[]> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      long key = ((long) random.nextInt(300) << 32) | random.nextInt(40);
      int at = sums.group(key);
      sums.sums()[at]++;
      sums.sums()[at + 1] += i;
      long[] e = expected.computeIfAbsent(key, k -> new long[2]);
      e[0]++;
      e[1] += i;
    }
    long[] keys = sums.sortedKeys();
    assertThat(keys).hasSize(expected.size());
    for (int i = 1; i < keys.length; i++) {
      assertThat(keys[i]).isGreaterThan(keys[i - 1]);
    }
    for (long key : keys) {
      int at = sums.existing(key);
      assertThat(new long[] {sums.sums()[at], sums.sums()[at + 1]}).isEqualTo(expected.get(key));
    }
  }
}
