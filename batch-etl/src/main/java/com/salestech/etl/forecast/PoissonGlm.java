package com.salestech.etl.forecast;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A Poisson regression with a log link fitted by iteratively reweighted least squares. As a
 * quasi-likelihood it also fits non-integer, overdispersed series (revenue): the mean is estimated
 * consistently whatever the variance, which {@link #varianceModel} then measures.
 */
final class PoissonGlm {

  static final int MAX_ITERATIONS = 60;
  static final double TOLERANCE = 1e-9;

  /** The linear predictor stays where {@code exp} is finite and its weights meaningful. */
  private static final double MAX_ETA = 30;

  /**
   * @param beta the coefficients
   * @param inverseInformation {@code (X'WX)^-1} at the fit
   * @param mu the fitted means
   */
  record Fit(double[] beta, double[][] inverseInformation, double[] mu) {

    double predict(double[] x) {
      return Math.exp(Math.min(MAX_ETA, dot(beta, x)));
    }

    /** {@code x' (X'WX)^-1 x}: the variance of the linear predictor at {@code x}, per unit φ. */
    double leverage(double[] x) {
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        double row = 0;
        for (int j = 0; j < x.length; j++) {
          row += inverseInformation[i][j] * x[j];
        }
        sum += x[i] * row;
      }
      return sum;
    }
  }

  private PoissonGlm() {}

  static Fit fit(double[][] x, double[] y) {
    int n = y.length;
    int p = x[0].length;
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= n;
    double[] beta = new double[p];
    // Start at the mean level; the first column is the level.
    beta[0] = Math.log(mean + 0.1);
    double[] eta = new double[n];
    double[] mu = new double[n];
    double[][] information = new double[p][p];
    double[] rhs = new double[p];
    for (int iteration = 0; ; iteration++) {
      for (int t = 0; t < n; t++) {
        eta[t] = Math.max(-MAX_ETA, Math.min(MAX_ETA, dot(beta, x[t])));
        mu[t] = Math.exp(eta[t]);
      }
      for (double[] row : information) {
        Arrays.fill(row, 0);
      }
      Arrays.fill(rhs, 0);
      for (int t = 0; t < n; t++) {
        double w = mu[t];
        double z = eta[t] + (y[t] - mu[t]) / mu[t];
        double[] row = x[t];
        for (int i = 0; i < p; i++) {
          double wi = w * row[i];
          rhs[i] += wi * z;
          for (int j = 0; j <= i; j++) {
            information[i][j] += wi * row[j];
          }
        }
      }
      symmetrize(information);
      double[] next = solve(information, rhs);
      double change = 0;
      for (int i = 0; i < p; i++) {
        change = Math.max(change, Math.abs(next[i] - beta[i]));
      }
      beta = next;
      if (Double.isNaN(change)) {
        throw new IllegalArgumentException(
            "the regression diverged (a coefficient is not a number)");
      }
      if (change < TOLERANCE) {
        break;
      }
      if (iteration >= MAX_ITERATIONS) {
        // Tiny oscillations at the tolerance are a fit; anything larger is not.
        if (change > 1e-5) {
          throw new IllegalArgumentException(
              "the regression did not converge in " + MAX_ITERATIONS + " iterations");
        }
        break;
      }
    }
    for (int t = 0; t < n; t++) {
      mu[t] = Math.exp(Math.max(-MAX_ETA, Math.min(MAX_ETA, dot(beta, x[t]))));
    }
    return new Fit(beta, inverse(information), mu);
  }

  /**
   * The variance of a day around its fitted mean as {@code a·mu + b·mu²} (Poisson-like noise plus a
   * multiplicative one, the negative binomial's shape), by least squares of the squared residuals
   * scaled by {@code mu}; both coefficients kept non-negative.
   *
   * @return {@code {a, b}}
   */
  static double[] varianceModel(double[] y, double[] mu, int parameters) {
    int n = y.length;
    double s1 = 0;
    double sm = 0;
    double smm = 0;
    double sr = 0;
    double srm = 0;
    int used = 0;
    for (int t = 0; t < n; t++) {
      if (!(mu[t] > 1e-9)) {
        continue;
      }
      double r = y[t] - mu[t];
      double ratio = r * r / mu[t];
      s1++;
      sm += mu[t];
      smm += mu[t] * mu[t];
      sr += ratio;
      srm += ratio * mu[t];
      used++;
    }
    if (used == 0) {
      return new double[] {0, 0};
    }
    double inflate = used > parameters ? used / (double) (used - parameters) : 1;
    double det = s1 * smm - sm * sm;
    double a = det > 0 ? (sr * smm - sm * srm) / det : sr / s1;
    double b = det > 0 ? (s1 * srm - sm * sr) / det : 0;
    if (b < 0) {
      b = 0;
      a = sr / s1;
    }
    if (a < 0) {
      a = 0;
      b = srm / smm;
    }
    return new double[] {a * inflate, b * inflate};
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static void symmetrize(double[][] m) {
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < i; j++) {
        m[j][i] = m[i][j];
      }
    }
  }

  static double[] solve(double[][] a, double[] b) {
    return solver(a).solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
  }

  static double[][] inverse(double[][] a) {
    return solver(a).getInverse().getData();
  }

  /**
   * Cholesky of a symmetric positive (semi-)definite matrix; a matrix made singular by a column the
   * data cannot tell apart from the others gets the smallest ridge that makes it definite.
   */
  private static DecompositionSolver solver(double[][] a) {
    RealMatrix matrix = new Array2DRowRealMatrix(a, true);
    double trace = 0;
    for (int i = 0; i < a.length; i++) {
      trace += a[i][i];
    }
    double ridge = 0;
    for (int attempt = 0; ; attempt++) {
      try {
        return new CholeskyDecomposition(matrix, 1e-12, 1e-14).getSolver();
      } catch (NonPositiveDefiniteMatrixException
          | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
        if (attempt > 8) {
          throw new IllegalArgumentException("the regression's design is singular", e);
        }
        double next = ridge == 0 ? 1e-10 * Math.max(trace, 1) : ridge * 100;
        for (int i = 0; i < a.length; i++) {
          matrix.addToEntry(i, i, next - ridge);
        }
        ridge = next;
      }
    }
  }
}
