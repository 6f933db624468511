package com.salestech.etl.sample;

/**
 * SplitMix64: tiny, fast, and fully specified here, so a seed yields the same files on every JDK
 * (the JDK does not promise that for {@code SplittableRandom}).
 */
final class SeededRandom {

  private long state;

  SeededRandom(long seed) {
    state = seed;
  }

  /** A seed for one table's stream, so tables can be written in parallel and stay reproducible. */
  static long derive(long seed, int stream) {
    return mix(seed ^ mix(0x5EEDL + stream));
  }

  long nextLong() {
    return mix(state += 0x9E3779B97F4A7C15L);
  }

  /** Uniform in {@code [0, bound)} for an int bound, by multiply-shift instead of a division. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in {@code [0, bound)}; the modulo bias is below 2^-23 for any bound up to 10^12. */
  long nextLong(long bound) {
    return (nextLong() >>> 1) % bound;
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }

  /** True with probability {@code p}. */
  boolean chance(double p) {
    return (nextLong() >>> 11) * 0x1.0p-53 < p;
  }

  /** Uniform in {@code [0, 1)}, in steps of 2^-53. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
