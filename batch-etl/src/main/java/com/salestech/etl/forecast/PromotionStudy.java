package com.salestech.etl.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Do promotions bring sales that would not have happened otherwise? The uplift of a promotion on a
 * store × product's daily units, controlled for what also moves them, beside the plain difference
 * in means.
 *
 * <p><b>When a promotion runs.</b> Gold knows which sales were promoted, not which days a campaign
 * ran: a day without sales says nothing. A day is a promotion day when most of its units were
 * promoted; days without sales between two promotion days of a series belong to the campaign; a run
 * of promotion days with fewer than {@link #MIN_RUN_DAYS} days that sold is taken for the
 * background promotions every day has (a customer's coupon), not a campaign.
 *
 * <p><b>Controlled.</b> A Poisson regression of daily units with a fixed effect per store ×
 * product, weekday, yearly season (Fourier), trend, national holidays and Black Friday, and the
 * promotion indicator (one for all products, or one per product). The fixed effects are profiled
 * out exactly (their maximum-likelihood value given the rest is closed-form), so the fit stays
 * small however many series there are. As a quasi-likelihood it is consistent under overdispersion;
 * standard errors are clustered by series (the sandwich on the profiled score, with the {@code
 * G/(G-1)} correction and a t distribution on {@code G-1} degrees of freedom), which respects any
 * correlation within a series. Uplift is {@code exp(γ) - 1}.
 *
 * <p><b>Naive.</b> Mean daily units on promotion days over the mean on other days, minus one, with
 * a delta-method interval that assumes independent days: what a spreadsheet would say.
 */
public final class PromotionStudy {

  public static final String CONTROLLED = "controlado";
  public static final String NAIVE = "ingenuo";
  public static final String OVERALL = "geral";

  static final int MIN_RUN_DAYS = 2;

  /**
   * One estimate.
   *
   * @param productId null for the overall estimate
   * @param n store × product days in the estimate
   * @param promoted of them, promotion days
   */
  public record Estimate(
      String scope,
      Integer productId,
      String productName,
      String method,
      double uplift,
      double lower,
      double upper,
      long n,
      long promoted) {}

  private PromotionStudy() {}

  /** Overall and per product, controlled then naive. */
  public static List<Estimate> run(DailyPanel panel) {
    boolean[] promotion = promotionDays(panel);
    List<Estimate> out = new ArrayList<>();
    out.add(controlled(panel, promotion, null));
    out.add(naive(panel, promotion, null));
    TreeMap<Integer, Boolean> products = new TreeMap<>();
    for (int i = 0; i < panel.rows(); i++) {
      products.merge(panel.product()[i], promotion[i], Boolean::logicalOr);
    }
    for (var product : products.entrySet()) {
      if (product.getValue()) {
        out.add(controlled(panel, promotion, product.getKey()));
        out.add(naive(panel, promotion, product.getKey()));
      }
    }
    return out;
  }

  /** The days in a campaign, by row of the panel (see the class comment). */
  static boolean[] promotionDays(DailyPanel panel) {
    int n = panel.rows();
    boolean[] promotion = new boolean[n];
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n
          && panel.store()[end + 1] == panel.store()[start]
          && panel.product()[end + 1] == panel.product()[start]) {
        end++;
      }
      markSeries(panel, start, end, promotion);
      start = end + 1;
    }
    return promotion;
  }

  private static void markSeries(DailyPanel panel, int from, int to, boolean[] promotion) {
    int runStart = -1;
    int runEnd = -1;
    int runSold = 0;
    // The last day before the run that sold mostly without promotion (or the series' edge).
    int lastPlain = from - 1;
    for (int i = from; i <= to + 1; i++) {
      int state = i > to ? -1 : state(panel, i);
      if (state == 1) {
        if (runStart < 0) {
          runStart = i;
        }
        runEnd = i;
        runSold++;
      } else if (state == -1) {
        if (runStart >= 0 && runSold >= MIN_RUN_DAYS) {
          // The days without sales at either edge could be inside or outside the campaign: the
          // half nearer the run goes with it (the middle day on the leading edge), so neither group
          // is chosen by having sold.
          int leading = runStart - lastPlain - 1;
          int trailing = i - runEnd - 1;
          int first = runStart - (leading + 1) / 2;
          int last = runEnd + trailing / 2;
          Arrays.fill(promotion, first, last + 1, true);
        }
        runStart = -1;
        runSold = 0;
        lastPlain = i;
      }
    }
  }

  /** 1 a promotion day, -1 a day that sold mostly without promotion, 0 a day without sales. */
  private static int state(DailyPanel panel, int i) {
    double units = panel.units()[i];
    if (units <= 0) {
      return 0;
    }
    return panel.promotedUnits()[i] * 2 >= units ? 1 : -1;
  }

  static Estimate controlled(DailyPanel panel, boolean[] promotion, Integer productId) {
    int n = panel.rows();
    int firstDay = Integer.MAX_VALUE;
    int lastDay = Integer.MIN_VALUE;
    for (int d : panel.epochDay()) {
      firstDay = Math.min(firstDay, d);
      lastDay = Math.max(lastDay, d);
    }
    LocalDate origin = LocalDate.ofEpochDay(firstDay);
    int days = lastDay - firstDay + 1;
    CalendarTerms terms = CalendarTerms.forHistory(origin, days, false);
    int c = terms.width();
    double[][] calendar = new double[days][c];
    for (int d = 0; d < days; d++) {
      terms.fill(origin.plusDays(d), calendar[d], 0);
    }
    int p = c + 1;
    // Series: contiguous rows; a series that never sold has no finite fixed effect and is left out.
    List<int[]> groups = new ArrayList<>();
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n
          && panel.store()[end + 1] == panel.store()[start]
          && panel.product()[end + 1] == panel.product()[start]) {
        end++;
      }
      boolean inScope = productId == null || panel.product()[start] == productId;
      double sold = 0;
      for (int i = start; i <= end; i++) {
        sold += panel.units()[i];
      }
      if (inScope && sold > 0) {
        groups.add(new int[] {start, end});
      }
      start = end + 1;
    }
    double[] y = panel.units();
    double[] beta = new double[p];
    double[] x = new double[p];
    double[] mean = new double[p];
    double[][] hessian = new double[p][p];
    double[] score = new double[p];
    double[][] perGroupScore = new double[groups.size()][p];
    long rows = 0;
    long promoted = 0;
    for (int iteration = 0; ; iteration++) {
      for (double[] row : hessian) {
        Arrays.fill(row, 0);
      }
      Arrays.fill(score, 0);
      rows = 0;
      promoted = 0;
      for (int g = 0; g < groups.size(); g++) {
        int[] range = groups.get(g);
        // The fixed effect given beta: log(sum y / sum exp(x beta)).
        double sumY = 0;
        double sumE = 0;
        for (int i = range[0]; i <= range[1]; i++) {
          row(calendar, panel.epochDay()[i] - firstDay, promotion[i], x);
          sumY += y[i];
          sumE += Math.exp(PoissonGlm.dot(beta, x));
        }
        double alpha = Math.log(sumY / sumE);
        Arrays.fill(mean, 0);
        double sumMu = 0;
        for (int i = range[0]; i <= range[1]; i++) {
          row(calendar, panel.epochDay()[i] - firstDay, promotion[i], x);
          double mu = Math.exp(alpha + PoissonGlm.dot(beta, x));
          sumMu += mu;
          for (int j = 0; j < p; j++) {
            mean[j] += mu * x[j];
          }
        }
        for (int j = 0; j < p; j++) {
          mean[j] /= sumMu;
        }
        double[] gScore = perGroupScore[g];
        Arrays.fill(gScore, 0);
        for (int i = range[0]; i <= range[1]; i++) {
          row(calendar, panel.epochDay()[i] - firstDay, promotion[i], x);
          double mu = Math.exp(alpha + PoissonGlm.dot(beta, x));
          double r = y[i] - mu;
          for (int j = 0; j < p; j++) {
            double dj = x[j] - mean[j];
            gScore[j] += r * dj;
            double wdj = mu * dj;
            for (int k = 0; k <= j; k++) {
              hessian[j][k] += wdj * (x[k] - mean[k]);
            }
          }
          rows++;
          if (promotion[i]) {
            promoted++;
          }
        }
        for (int j = 0; j < p; j++) {
          score[j] += gScore[j];
        }
      }
      PoissonGlm.symmetrize(hessian);
      double[] step = PoissonGlm.solve(hessian, score);
      double change = 0;
      for (int j = 0; j < p; j++) {
        beta[j] += step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      if (change < 1e-10 || iteration >= 100) {
        break;
      }
    }
    // The last pass evaluated the score and Hessian at the previous beta; one more step is below
    // tolerance, so they stand for the fit.
    int clusters = groups.size();
    int treated = 0;
    for (int[] range : groups) {
      boolean any = false;
      for (int i = range[0]; i <= range[1] && !any; i++) {
        any = promotion[i];
      }
      treated += any ? 1 : 0;
    }
    double[][] bread = PoissonGlm.inverse(hessian);
    double variance = 0;
    int last = p - 1;
    for (double[] g : perGroupScore) {
      double projected = 0;
      for (int j = 0; j < p; j++) {
        projected += bread[last][j] * g[j];
      }
      variance += projected * projected;
    }
    variance *= clusters / (double) Math.max(1, clusters - 1);
    double se = Math.sqrt(variance);
    int df = Math.max(1, Math.min(clusters, Math.max(treated, 2)) - 1);
    double t = new TDistribution(null, df).inverseCumulativeProbability(0.975);
    double gamma = beta[last];
    return estimate(
        panel,
        productId,
        CONTROLLED,
        Math.expm1(gamma),
        Math.expm1(gamma - t * se),
        Math.expm1(gamma + t * se),
        rows,
        promoted);
  }

  private static void row(double[][] calendar, int day, boolean promotion, double[] x) {
    double[] terms = calendar[day];
    System.arraycopy(terms, 0, x, 0, terms.length);
    x[terms.length] = promotion ? 1 : 0;
  }

  static Estimate naive(DailyPanel panel, boolean[] promotion, Integer productId) {
    double[] sum = new double[2];
    double[] squares = new double[2];
    long[] count = new long[2];
    for (int i = 0; i < panel.rows(); i++) {
      if (productId != null && panel.product()[i] != productId) {
        continue;
      }
      int k = promotion[i] ? 1 : 0;
      double u = panel.units()[i];
      sum[k] += u;
      squares[k] += u * u;
      count[k]++;
    }
    if (count[0] < 2 || count[1] < 2 || sum[0] <= 0 || sum[1] <= 0) {
      return estimate(
          panel,
          productId,
          NAIVE,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          count[0] + count[1],
          count[1]);
    }
    double m0 = sum[0] / count[0];
    double m1 = sum[1] / count[1];
    double v0 = (squares[0] - count[0] * m0 * m0) / (count[0] - 1);
    double v1 = (squares[1] - count[1] * m1 * m1) / (count[1] - 1);
    double logRatio = Math.log(m1 / m0);
    double se = Math.sqrt(v1 / (count[1] * m1 * m1) + v0 / (count[0] * m0 * m0));
    return estimate(
        panel,
        productId,
        NAIVE,
        Math.expm1(logRatio),
        Math.expm1(logRatio - Intervals.Z95 * se),
        Math.expm1(logRatio + Intervals.Z95 * se),
        count[0] + count[1],
        count[1]);
  }

  private static Estimate estimate(
      DailyPanel panel,
      Integer productId,
      String method,
      double uplift,
      double lower,
      double upper,
      long n,
      long promoted) {
    return new Estimate(
        productId == null ? OVERALL : "produto:" + productId,
        productId,
        productId == null ? null : panel.productNames().get(productId),
        method,
        uplift,
        lower,
        upper,
        n,
        promoted);
  }
}
