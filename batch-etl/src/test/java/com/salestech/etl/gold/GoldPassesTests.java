package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which months each pass over the sales takes, with the open writers capped. */
class GoldPassesTests {

  private static final int JAN_2019 = GoldCalendar.monthOfName("2019-01");

  /** The months taken, pass by pass, when every pass reads the sales of {@code sales} months. */
  private static List<List<Integer>> run(GoldPasses passes, int... sales) {
    List<List<Integer>> taken = new ArrayList<>();
    do {
      List<Integer> pass = new ArrayList<>();
      for (int month : sales) {
        if (passes.takes(month) && !pass.contains(month)) {
          pass.add(month);
        }
      }
      taken.add(pass);
    } while (passes.startNext());
    return taken;
  }

  private static int m(int offset) {
    return JAN_2019 + offset;
  }

  @Test
  void theLeaderOwnsFiveMonthsInElevenAndTheOtherWorkerSix() {
    GoldPasses leader = new GoldPasses(0, 2, true, null, 100);
    GoldPasses second = new GoldPasses(1, 2, true, null, 100);
    // a cycle starts at every month index that is a multiple of 11
    assertThat(IntStream.range(0, 22).filter(i -> leader.owns(m(i)))).hasSize(10);
    assertThat(IntStream.range(0, 22).filter(i -> second.owns(m(i)))).hasSize(12);
    assertThat(IntStream.range(0, 11).map(i -> GoldPasses.owner(11 * 2209 + i, 2)))
        .containsExactly(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
  }

  @Test
  void everyMonthHasExactlyOneOwner() {
    for (int workers = 1; workers <= 4; workers++) {
      List<GoldPasses> all = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        all.add(new GoldPasses(w, workers, true, null, 100));
      }
      int[] owned = new int[workers];
      for (int i = -30; i < 100; i++) {
        int month = m(i);
        List<GoldPasses> owners = all.stream().filter(p -> p.owns(month)).toList();
        assertThat(owners).as("month %d of %d workers", month, workers).hasSize(1);
        owned[GoldPasses.owner(month, workers)]++;
      }
      for (int w = 1; w < workers; w++) {
        assertThat(owned[0]).as("the leader owns fewer").isLessThan(owned[w]);
      }
    }
  }

  @Test
  void monthsBeyondTheOpenWritersWaitForTheNextPass() {
    // given one worker that may keep two writers open
    GoldPasses passes = new GoldPasses(0, 1, true, null, 2);
    // when its sales fall in four months, interleaved
    List<List<Integer>> taken = run(passes, m(0), m(1), m(2), m(0), m(3), m(1), m(2));
    // then each pass takes two months, each month once, in the order first sold
    assertThat(taken).containsExactly(List.of(m(0), m(1)), List.of(m(2), m(3)));
    assertThat(passes.passes()).isEqualTo(2);
    assertThat(passes.first()).isFalse();
  }

  @Test
  void unchangedMonthsNeedNoWriterAndGoInTheFirstPass() {
    // given an incremental build writing only two of four months, one writer open at a time
    GoldPasses passes = new GoldPasses(0, 1, true, Set.of(m(1), m(2)), 1);
    // when and then: the unchanged months are fingerprinted with the first changed one
    assertThat(run(passes, m(0), m(1), m(2), m(3)))
        .containsExactly(List.of(m(0), m(1), m(3)), List.of(m(2)));
    assertThat(passes.writes(m(0))).isFalse();
    assertThat(passes.writes(m(2))).isTrue();
  }

  @Test
  void fingerprintingTakesEveryOwnedMonthInOnePass() {
    GoldPasses passes = new GoldPasses(1, 2, false, null, 1);
    assertThat(run(passes, m(0), m(1), m(2), m(3), m(4), m(5)))
        .containsExactly(
            List.of(m(0), m(1), m(2), m(3), m(4), m(5)).stream().filter(passes::owns).toList());
    assertThat(passes.passes()).isEqualTo(1);
    assertThat(passes.writes(m(1))).isFalse();
  }

  @Test
  void theWriterCapComesFromWriterMemoryOverRowGroupBytes() {
    assertThat(GoldPasses.maxOpenWriters(settings(1 << 20, 8L << 20))).isEqualTo(8);
    assertThat(GoldPasses.maxOpenWriters(settings(8 << 20, 1L << 20))).isEqualTo(1);
  }

  @Test
  void aSaleBeforeYearOneFails() {
    GoldPasses passes = new GoldPasses(0, 1, true, null, 1);
    assertThatThrownBy(() -> passes.takes(11)).hasMessageContaining("before year 1");
  }

  private static GoldProperties settings(int rowGroupBytes, long writerMemory) {
    return new GoldProperties(
        5, rowGroupBytes, writerMemory, 1000, 1000, 1, Duration.ofDays(2), Map.of(), Duration.ZERO);
  }
}
