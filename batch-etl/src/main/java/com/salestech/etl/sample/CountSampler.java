package com.salestech.etl.sample;

/**
 * Random counts for the retail demand model, drawn from a {@link SeededRandom} with {@link
 * StrictMath} only, so a seed gives the same counts on every JDK and machine (neither {@code
 * Math.log} nor a library's generator promises that).
 *
 * <p>Each sampler is exact for its distribution and costs a few uniforms whatever the mean: a
 * simulation draws one count per store, product and day, and a study draws whole simulations for
 * dozens of seeds.
 */
final class CountSampler {

  /** Below it Poisson counts are drawn by multiplying uniforms; above it by PTRS. */
  private static final double PTRS_FROM_MEAN = 10;

  private static final int LOG_FACTORIALS = 256;

  private static final double[] LOG_FACTORIAL = new double[LOG_FACTORIALS];

  static {
    for (int k = 2; k < LOG_FACTORIALS; k++) {
      LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + StrictMath.log(k);
    }
  }

  private static final double HALF_LOG_TWO_PI = 0.5 * StrictMath.log(2 * StrictMath.PI);

  private CountSampler() {}

  /**
   * A negative binomial count with mean {@code mean} and variance {@code mean + mean² /
   * dispersion}: a Poisson count whose rate is itself Gamma distributed with that mean, the shape
   * of day-to-day demand that varies more than pure chance would make it.
   */
  static long negativeBinomial(SeededRandom rng, double mean, double dispersion) {
    if (mean <= 0) {
      return 0;
    }
    return poisson(rng, gamma(rng, dispersion) * (mean / dispersion));
  }

  /**
   * Gamma with shape {@code shape >= 1} and scale 1, by Marsaglia and Tsang's method (ACM TOMS 26,
   * 2000): a transformed normal, accepted about 98% of the time for shape 8.
   */
  static double gamma(SeededRandom rng, double shape) {
    if (!(shape >= 1)) {
      throw new IllegalArgumentException("shape must be at least 1, was " + shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = normal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (StrictMath.log(u) < 0.5 * x2 + d * (1 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /** A standard normal, by Marsaglia's polar method (the second value is dropped). */
  static double normal(SeededRandom rng) {
    double u;
    double v;
    double s;
    do {
      u = 2 * rng.nextDouble() - 1;
      v = 2 * rng.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  /**
   * A Poisson count: by multiplying uniforms for small means, and by Hörmann's transformed
   * rejection with squeeze (PTRS, Insurance: Mathematics and Economics 12, 1993) from a mean of 10,
   * where it needs about 1.1 pairs of uniforms per count.
   */
  static long poisson(SeededRandom rng, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < PTRS_FROM_MEAN) {
      double limit = StrictMath.exp(-mean);
      double product = rng.nextDouble();
      long k = 0;
      while (product > limit) {
        product *= rng.nextDouble();
        k++;
      }
      return k;
    }
    double root = StrictMath.sqrt(mean);
    double logMean = StrictMath.log(mean);
    double b = 0.931 + 2.53 * root;
    double a = -0.059 + 0.02483 * b;
    double logInverseAlpha = StrictMath.log(1.1239 + 1.1328 / (b - 3.4));
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) StrictMath.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (StrictMath.log(v) + logInverseAlpha - StrictMath.log(a / (us * us) + b)
          <= -mean + k * logMean - logFactorial(k)) {
        return k;
      }
    }
  }

  /**
   * How many of {@code n} trials succeed with probability {@code p} each, by skipping over the
   * failures (geometric gaps), so a rare success costs one uniform per success, not per trial.
   */
  static long binomial(SeededRandom rng, long n, double p) {
    if (n <= 0 || p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    double logFailure = StrictMath.log1p(-p);
    long successes = 0;
    double position = -1;
    while (true) {
      // 1 - u is in (0, 1], so the logarithm is finite
      position += 1 + StrictMath.floor(StrictMath.log(1 - rng.nextDouble()) / logFailure);
      if (position >= n) {
        return successes;
      }
      successes++;
    }
  }

  /** {@code ln k!}: a table to 255, Stirling's series (error below 1e-17) beyond. */
  static double logFactorial(long k) {
    if (k < LOG_FACTORIALS) {
      return LOG_FACTORIAL[(int) k];
    }
    double x = k;
    double inverse = 1 / x;
    double inverse2 = inverse * inverse;
    return x * StrictMath.log(x)
        - x
        + 0.5 * StrictMath.log(x)
        + HALF_LOG_TWO_PI
        + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 / 1260));
  }
}
