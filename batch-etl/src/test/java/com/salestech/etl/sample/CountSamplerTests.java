package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The samplers' distributions, from many draws: means and variances within a few standard errors,
 * Poisson frequencies against the probability mass function on both sides of the PTRS threshold.
 */
class CountSamplerTests {

  private static final int DRAWS = 200_000;

  @Test
  void negativeBinomialCountsHaveTheMeanAndTheVarianceAsked() {
    SeededRandom rng = new SeededRandom(1);
    for (double mean : List.of(0.5, 3.0, 40.0, 500.0)) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < DRAWS; i++) {
        long n = CountSampler.negativeBinomial(rng, mean, 8);
        sum += n;
        squares += (double) n * n;
      }
      double average = sum / DRAWS;
      double variance = squares / DRAWS - average * average;
      double expectedVariance = mean + mean * mean / 8;
      double standardError = Math.sqrt(expectedVariance / DRAWS);

      assertThat(average).as("mean %s", mean).isCloseTo(mean, within(5 * standardError));
      assertThat(variance / expectedVariance).as("variance at %s", mean).isCloseTo(1, within(0.04));
    }
    assertThat(CountSampler.negativeBinomial(rng, 0, 8)).isZero();
  }

  @Test
  void poissonFrequenciesFollowTheMassFunction() {
    SeededRandom rng = new SeededRandom(2);
    for (double mean : List.of(4.0, 9.9, 10.0, 15.0, 120.0)) {
      int[] counts = new int[(int) (mean * 4) + 40];
      for (int i = 0; i < DRAWS; i++) {
        long k = CountSampler.poisson(rng, mean);
        assertThat(k).isNotNegative();
        counts[(int) Math.min(k, counts.length - 1)]++;
      }
      for (int k = 0; k < counts.length - 1; k++) {
        double p = Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
        assertThat(counts[k] / (double) DRAWS)
            .as("P(%d) at mean %s", k, mean)
            .isCloseTo(p, within(5 * Math.sqrt(p / DRAWS) + 1e-4));
      }
    }
  }

  @Test
  void gammaHasItsMeanAndVariance() {
    SeededRandom rng = new SeededRandom(3);
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < DRAWS; i++) {
      double g = CountSampler.gamma(rng, 8);
      assertThat(g).isPositive();
      sum += g;
      squares += g * g;
    }
    double mean = sum / DRAWS;
    assertThat(mean).isCloseTo(8, within(0.04));
    assertThat(squares / DRAWS - mean * mean).isCloseTo(8, within(0.25));
  }

  @Test
  void binomialCountsSkipOverFailures() {
    SeededRandom rng = new SeededRandom(4);
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < DRAWS; i++) {
      long k = CountSampler.binomial(rng, 40, 0.03);
      assertThat(k).isBetween(0L, 40L);
      sum += k;
      squares += (double) k * k;
    }
    double mean = sum / DRAWS;
    assertThat(mean).isCloseTo(1.2, within(0.01));
    assertThat(squares / DRAWS - mean * mean).isCloseTo(40 * 0.03 * 0.97, within(0.02));
    assertThat(CountSampler.binomial(rng, 0, 0.5)).isZero();
    assertThat(CountSampler.binomial(rng, 17, 0)).isZero();
    assertThat(CountSampler.binomial(rng, 17, 1)).isEqualTo(17);
  }

  @Test
  void logFactorialsAgreeAcrossTheTableAndStirling() {
    for (int k : List.of(0, 1, 2, 10, 255, 256, 257, 1000, 100_000)) {
      assertThat(CountSampler.logFactorial(k))
          .as("ln %d!", k)
          .isCloseTo(logFactorial(k), within(1e-9 * Math.max(1, logFactorial(k))));
    }
  }

  private static double logFactorial(int k) {
    double sum = 0;
    for (int i = 2; i <= k; i++) {
      sum += Math.log(i);
    }
    return sum;
  }
}
