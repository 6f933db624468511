package com.salestech.etl.forecast;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/** Prediction intervals from a forecast's mean and variance. */
final class Intervals {

  static final double Z80 = new NormalDistribution().inverseCumulativeProbability(0.90);
  static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  private Intervals() {}

  /**
   * Fills day {@code h} of the bounds with the quantiles of a gamma distribution of the given mean
   * and variance: sales are non-negative and skewed to the right, more so the fewer there are,
   * which a normal interval gets wrong at both ends.
   */
  static void gamma(
      double mean,
      double variance,
      int h,
      double[] lower80,
      double[] upper80,
      double[] lower95,
      double[] upper95) {
    if (!(mean > 1e-9) || !(variance > 1e-12)) {
      double m = Math.max(0, mean);
      lower80[h] = m;
      upper80[h] = m;
      lower95[h] = m;
      upper95[h] = m;
      return;
    }
    double shape = mean * mean / variance;
    double scale = variance / mean;
    GammaDistribution gamma = new GammaDistribution(null, shape, scale, 1e-9);
    lower80[h] = gamma.inverseCumulativeProbability(0.10);
    upper80[h] = gamma.inverseCumulativeProbability(0.90);
    lower95[h] = gamma.inverseCumulativeProbability(0.025);
    upper95[h] = gamma.inverseCumulativeProbability(0.975);
    // A count that is zero often enough has zero inside its interval; the gamma's lower quantiles
    // never reach it. P(0) of the negative binomial (or Poisson) of the same mean and variance.
    double zero =
        variance > mean
            ? Math.exp(-(mean * mean / (variance - mean)) * Math.log1p((variance - mean) / mean))
            : Math.exp(-mean);
    if (zero >= 0.10) {
      lower80[h] = 0;
    }
    if (zero >= 0.025) {
      lower95[h] = 0;
    }
  }

  /** Normal bounds of the given mean and standard deviation, cut at zero. */
  static void normal(
      double mean,
      double sd,
      int h,
      double[] lower80,
      double[] upper80,
      double[] lower95,
      double[] upper95) {
    lower80[h] = Math.max(0, mean - Z80 * sd);
    upper80[h] = Math.max(0, mean + Z80 * sd);
    lower95[h] = Math.max(0, mean - Z95 * sd);
    upper95[h] = Math.max(0, mean + Z95 * sd);
  }
}
