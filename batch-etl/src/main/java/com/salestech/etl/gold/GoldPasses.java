package com.salestech.etl.gold;

import java.util.BitSet;
import java.util.Set;

/**
 * Which months one worker's passes over the silver sales take. Months are dealt in cycles: of every
 * {@code 6n - 1} consecutive months, the leader (worker 0) owns 5 and every other worker 6, dealt
 * in turn (so a short history is shared too), because the leader also does the work that spans
 * months for every sale (the profile, duplicate ids, matched payments and promotions): about a
 * month's worth of sales in 11 at 2 workers, measured on 10M generated sales. One worker owns every
 * month. A pass takes an owned month not taken by an earlier pass when the month needs no writer of
 * its own (unchanged, or fingerprints only) or while the pass holds fewer than {@code
 * maxOpenWriters} writers; a month beyond that waits for the next pass. So the open writers' memory
 * stays bounded however many months the history holds, at the price of reading the sales once more
 * per {@code maxOpenWriters} months written.
 */
final class GoldPasses {

  // Months as bits from year 1 on: those this pass takes, and those earlier passes took.
  private static final int MONTH_BASE = 12;

  private final int worker;
  private final int workers;
  private final boolean writes;
  private final Set<Integer> monthsToWrite;
  private final int maxOpenWriters;
  private final BitSet passMonths = new BitSet();
  private final BitSet earlierPassMonths = new BitSet();
  private int passWriters;
  private int lastTaken = Integer.MIN_VALUE;
  private boolean deferred;
  private int pass;

  /**
   * @param writes whether the build writes rows, or only fingerprints them
   * @param monthsToWrite the months written when it writes; null for every owned month
   */
  GoldPasses(
      int worker, int workers, boolean writes, Set<Integer> monthsToWrite, int maxOpenWriters) {
    if (maxOpenWriters < 1) {
      throw new IllegalArgumentException("maxOpenWriters must be at least 1: " + maxOpenWriters);
    }
    this.worker = worker;
    this.workers = workers;
    this.writes = writes;
    this.monthsToWrite = monthsToWrite;
    this.maxOpenWriters = maxOpenWriters;
  }

  /** The month writers a worker may keep open: {@code writerMemory / rowGroupBytes}, at least 1. */
  static int maxOpenWriters(GoldProperties settings) {
    return (int) Math.max(1, settings.writerMemory() / settings.rowGroupBytes());
  }

  /** Months the leader owns in each cycle; every other worker owns one more. */
  static final int LEADER_SHARE = 5;

  boolean owns(int month) {
    return owner(month, workers) == worker;
  }

  /** The worker that owns a month, of {@code workers}. */
  static int owner(int month, int workers) {
    if (workers == 1) {
      return 0;
    }
    // slots 0 .. 6n - 2 dealt in turn from worker 1: worker 0 gets the 5 slots s + 1 = n, 2n, ...
    int cycle = LEADER_SHARE + (workers - 1) * (LEADER_SHARE + 1);
    return (Math.floorMod(month, cycle) + 1) % workers;
  }

  /** Whether the month's rows are written, not only fingerprinted. */
  boolean writes(int month) {
    return writes && (monthsToWrite == null || monthsToWrite.contains(month));
  }

  /** Whether this pass takes the month; a month it cannot open a writer for is left for later. */
  boolean takes(int month) {
    if (month == lastTaken) {
      return true;
    }
    if (!owns(month)) {
      return false;
    }
    int bit = month - MONTH_BASE;
    if (bit < 0) {
      throw new IllegalStateException("sale before year 1: month index " + month);
    }
    if (passMonths.get(bit)) {
      lastTaken = month;
      return true;
    }
    if (earlierPassMonths.get(bit)) {
      return false;
    }
    if (writes(month)) {
      if (passWriters >= maxOpenWriters) {
        deferred = true;
        return false;
      }
      passWriters++;
    }
    passMonths.set(bit);
    lastTaken = month;
    return true;
  }

  /** The first pass, the one that also sees what spans months (the leader's counts). */
  boolean first() {
    return pass == 0;
  }

  /** Ends a pass; true when months were left for later, and the next pass has started. */
  boolean startNext() {
    if (!deferred) {
      return false;
    }
    earlierPassMonths.or(passMonths);
    passMonths.clear();
    passWriters = 0;
    deferred = false;
    lastTaken = Integer.MIN_VALUE;
    pass++;
    return true;
  }

  /** Passes made so far. */
  int passes() {
    return pass + 1;
  }
}
