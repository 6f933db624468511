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
    Inference inference = infer(panel);
    boolean[] promotion = inference.promotion();
    List<Estimate> out = new ArrayList<>();
    out.add(controlled(panel, inference, null));
    out.add(naive(panel, promotion, null));
    TreeMap<Integer, Boolean> products = new TreeMap<>();
    for (int i = 0; i < panel.rows(); i++) {
      products.merge(panel.product()[i], promotion[i], Boolean::logicalOr);
    }
    for (var product : products.entrySet()) {
      if (product.getValue()) {
        out.add(controlled(panel, inference, product.getKey()));
        out.add(naive(panel, promotion, product.getKey()));
      }
    }
    return out;
  }

  /**
   * The campaigns read off the promoted units.
   *
   * @param promotion by row: in a campaign (edge gaps split in the middle)
   * @param gaps the days without sales at a campaign's edges: {@code {from, to, leading}} rows, the
   *     campaign after the gap when {@code leading} is 1, before it when 0
   */
  record Inference(boolean[] promotion, List<int[]> gaps) {}

  /** The days in a campaign, by row of the panel (see the class comment). */
  static Inference infer(DailyPanel panel) {
    boolean[] promotion = new boolean[panel.rows()];
    List<int[]> gaps = new ArrayList<>();
    for (int[] range : panel.series()) {
      markSeries(panel, range[0], range[1], promotion, gaps);
    }
    return new Inference(promotion, gaps);
  }

  private static void markSeries(
      DailyPanel panel, int from, int to, boolean[] promotion, List<int[]> gaps) {
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
          // is chosen by having sold; the controlled fit then weighs each by its likelihood.
          // A gap that reaches the series' first or last day is not an edge of the campaign but
          // days before the product sold at all (or after it stopped): they stay out.
          int leading = lastPlain < from ? 0 : runStart - lastPlain - 1;
          int trailing = i > to ? 0 : i - runEnd - 1;
          int first = runStart - (leading + 1) / 2;
          int last = runEnd + trailing / 2;
          Arrays.fill(promotion, first, last + 1, true);
          if (leading > 0) {
            gaps.add(new int[] {lastPlain + 1, runStart - 1, 1});
          }
          if (trailing > 0) {
            gaps.add(new int[] {runEnd + 1, i - 1, 0});
          }
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

  /** What {@link #fit} found. */
  private record Fit(
      double[] beta,
      double[] alpha,
      double[][] hessian,
      double[][] groupScores,
      double dispersion,
      int iterations) {}

  /**
   * The regression's design: calendar terms by day, the series in scope, and what separation takes
   * out of it.
   *
   * @param inactive by column: a calendar term whose days never sold (a holiday the shops were
   *     closed, say): its coefficient's estimate is minus infinity, so it is held at zero
   * @param excluded by row of the panel: a day of such a term, whose expected count is zero in the
   *     limit and which therefore carries nothing (as ppmlhdfe drops separated observations)
   */
  private record Design(
      int firstDay,
      double[][] calendar,
      List<int[]> groups,
      int width,
      boolean[] inactive,
      boolean[] excluded) {

    /** The design without separation: every term and every row of the series. */
    Design(int firstDay, double[][] calendar, List<int[]> groups, int width, int rows) {
      this(firstDay, calendar, groups, width, new boolean[width], new boolean[rows]);
    }
  }

  /**
   * Finds the calendar terms that separate: never negative, and every day on which one is positive
   * sold nothing in every series in scope. Without this the Newton steps chase their coefficients
   * towards minus infinity for a hundred iterations and never meet the tolerance.
   */
  private static Design separated(DailyPanel panel, Design design) {
    int c = design.width() - 1;
    boolean[] negative = new boolean[c];
    boolean[] sold = new boolean[c];
    double[] y = panel.units();
    for (int[] range : design.groups()) {
      for (int i = range[0]; i <= range[1]; i++) {
        double[] terms = design.calendar()[panel.epochDay()[i] - design.firstDay()];
        for (int j = 0; j < c; j++) {
          negative[j] |= terms[j] < 0;
          sold[j] |= terms[j] > 0 && y[i] > 0;
        }
      }
    }
    boolean[] inactive = new boolean[design.width()];
    boolean any = false;
    for (int j = 0; j < c; j++) {
      inactive[j] = !negative[j] && !sold[j];
      any |= inactive[j];
    }
    if (!any) {
      return design;
    }
    boolean[] excluded = new boolean[panel.rows()];
    for (int[] range : design.groups()) {
      for (int i = range[0]; i <= range[1]; i++) {
        double[] terms = design.calendar()[panel.epochDay()[i] - design.firstDay()];
        for (int j = 0; j < c && !excluded[i]; j++) {
          excluded[i] = inactive[j] && terms[j] > 0;
        }
      }
    }
    return new Design(
        design.firstDay(), design.calendar(), design.groups(), design.width(), inactive, excluded);
  }

  /** The design of the controlled regression over the series in scope (all, or one product's). */
  private static Design design(DailyPanel panel, Integer productId) {
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
    // Series: contiguous rows; a series that never sold has no finite fixed effect and is left out.
    List<int[]> groups = new ArrayList<>();
    for (int[] range : panel.series()) {
      boolean inScope = productId == null || panel.product()[range[0]] == productId;
      double sold = 0;
      for (int i = range[0]; i <= range[1]; i++) {
        sold += panel.units()[i];
      }
      if (inScope && sold > 0) {
        groups.add(range);
      }
    }
    return separated(panel, new Design(firstDay, calendar, groups, c + 1, panel.rows()));
  }

  /** The promotion flag of every row as the regression's treatment column, 1 or 0. */
  private static double[] treatment(boolean[] promotion) {
    double[] treatment = new double[promotion.length];
    for (int i = 0; i < promotion.length; i++) {
      treatment[i] = promotion[i] ? 1 : 0;
    }
    return treatment;
  }

  /** The Newton iterations of the overall controlled fit, for the tests of its convergence. */
  static int newtonIterations(DailyPanel panel) {
    boolean[] promotion = infer(panel).promotion();
    return fit(panel, design(panel, null), treatment(promotion)).iterations();
  }

  static Estimate controlled(DailyPanel panel, Inference inference, Integer productId) {
    boolean[] promotion = inference.promotion();
    Design design = design(panel, productId);
    List<int[]> groups = design.groups();
    long inScope = 0;
    long inPromotion = 0;
    for (int[] range : groups) {
      for (int i = range[0]; i <= range[1]; i++) {
        inScope++;
        inPromotion += promotion[i] ? 1 : 0;
      }
    }
    if (inPromotion == 0 || inPromotion == inScope || groups.size() < 2) {
      // Nothing to compare: no promotion day, no day without one, or a single series.
      return estimate(
          panel, productId, CONTROLLED, Double.NaN, Double.NaN, Double.NaN, inScope, inPromotion);
    }
    double[] treatment = treatment(promotion);
    Fit fit = fit(panel, design, treatment);
    // The edge days without sales: each in the campaign with its posterior probability given the
    // first fit, every split of the gap equally likely beforehand.
    for (int round = 0; round < 2; round++) {
      for (int[] gap : inference.gaps()) {
        weighGap(panel, design, fit, gap, treatment);
      }
      fit = fit(panel, design, treatment);
    }
    int clusters = groups.size();
    int treated = 0;
    for (int[] range : groups) {
      boolean any = false;
      for (int i = range[0]; i <= range[1] && !any; i++) {
        any = promotion[i];
      }
      treated += any ? 1 : 0;
    }
    int p = design.width();
    double[][] bread = PoissonGlm.inverse(fit.hessian());
    double variance = 0;
    int last = p - 1;
    for (double[] g : fit.groupScores()) {
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
    double gamma = fit.beta()[last];
    return estimate(
        panel,
        productId,
        CONTROLLED,
        Math.expm1(gamma),
        Math.expm1(gamma - t * se),
        Math.expm1(gamma + t * se),
        inScope,
        inPromotion);
  }

  /**
   * Profiled Newton iterations of the fixed-effects Poisson regression; returns the fit with the
   * Hessian and each series' score at it (for the clustered sandwich).
   */
  private static Fit fit(DailyPanel panel, Design design, double[] treatment) {
    int p = design.width();
    List<int[]> groups = design.groups();
    double[] y = panel.units();
    boolean[] inactive = design.inactive();
    boolean[] excluded = design.excluded();
    double[] beta = new double[p];
    double[] alpha = new double[groups.size()];
    double[] x = new double[p];
    double[] mean = new double[p];
    double[][] hessian = new double[p][p];
    double[] score = new double[p];
    double[][] perGroupScore = new double[groups.size()][p];
    double overdispersion = 0;
    double squaredMeans = 0;
    // The Hessian is sum over rows of mu (x - m_g)(x - m_g)', m_g the mu-weighted mean of x in the
    // row's series g: that is sum mu x x' - sum over g of (sum mu)_g m_g m_g'. A row's x is its
    // day's calendar terms c and its treatment t, so sum mu x x' needs only, per day, sum mu and
    // sum mu t (and sum mu t^2 overall): days x p^2 work instead of rows x p^2.
    int c = p - 1;
    double[][] calendar = design.calendar();
    double[] dayMu = new double[calendar.length];
    double[] dayMuT = new double[calendar.length];
    int[] epochDay = panel.epochDay();
    int firstDay = design.firstDay();
    int iteration = 0;
    for (; ; iteration++) {
      for (double[] row : hessian) {
        Arrays.fill(row, 0);
      }
      Arrays.fill(score, 0);
      Arrays.fill(dayMu, 0);
      Arrays.fill(dayMuT, 0);
      double muTT = 0;
      overdispersion = 0;
      squaredMeans = 0;
      for (int g = 0; g < groups.size(); g++) {
        int[] range = groups.get(g);
        // The fixed effect given beta: log(sum y / sum exp(x beta)).
        double sumY = 0;
        double sumE = 0;
        for (int i = range[0]; i <= range[1]; i++) {
          if (excluded[i]) {
            continue;
          }
          row(design, panel, i, treatment, x);
          sumY += y[i];
          sumE += Math.exp(PoissonGlm.dot(beta, x));
        }
        alpha[g] = Math.log(sumY / sumE);
        Arrays.fill(mean, 0);
        double sumMu = 0;
        for (int i = range[0]; i <= range[1]; i++) {
          if (excluded[i]) {
            continue;
          }
          row(design, panel, i, treatment, x);
          double mu = Math.exp(alpha[g] + PoissonGlm.dot(beta, x));
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
          if (excluded[i]) {
            continue;
          }
          row(design, panel, i, treatment, x);
          double mu = Math.exp(alpha[g] + PoissonGlm.dot(beta, x));
          double r = y[i] - mu;
          overdispersion += r * r - y[i];
          squaredMeans += mu * mu;
          for (int j = 0; j < p; j++) {
            gScore[j] += r * (x[j] - mean[j]);
          }
          int day = epochDay[i] - firstDay;
          double t = x[c];
          dayMu[day] += mu;
          dayMuT[day] += mu * t;
          muTT += mu * t * t;
        }
        // minus this series' (sum mu) m m'
        for (int j = 0; j < p; j++) {
          double wj = sumMu * mean[j];
          for (int k = 0; k <= j; k++) {
            hessian[j][k] -= wj * mean[k];
          }
        }
        for (int j = 0; j < p; j++) {
          if (inactive[j]) {
            gScore[j] = 0;
          }
          score[j] += gScore[j];
        }
      }
      // plus sum mu x x', from the days' sums
      for (int day = 0; day < calendar.length; day++) {
        double w = dayMu[day];
        if (w == 0) {
          continue;
        }
        double[] terms = calendar[day];
        double wt = dayMuT[day];
        for (int j = 0; j < c; j++) {
          double wj = w * terms[j];
          double[] hj = hessian[j];
          for (int k = 0; k <= j; k++) {
            hj[k] += wj * terms[k];
          }
          hessian[c][j] += wt * terms[j];
        }
      }
      hessian[c][c] += muTT;
      PoissonGlm.symmetrize(hessian);
      for (int j = 0; j < p; j++) {
        if (inactive[j]) {
          // held at zero: no step, and nothing of it in the other terms' steps or the sandwich
          Arrays.fill(hessian[j], 0);
          for (double[] row : hessian) {
            row[j] = 0;
          }
          hessian[j][j] = 1;
          score[j] = 0;
        }
      }
      double[] step = PoissonGlm.solve(hessian, score);
      double change = 0;
      for (int j = 0; j < p; j++) {
        beta[j] += step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      // The Hessian and scores of the last pass are those of the beta before this step, which is
      // below tolerance: they stand for the fit.
      if (change < 1e-10 || iteration >= 100) {
        break;
      }
    }
    // Negative binomial dispersion by moments: Var = mu + mu^2 / r.
    double alphaNb = squaredMeans > 0 ? Math.max(0, overdispersion / squaredMeans) : 0;
    return new Fit(beta, alpha, hessian, perGroupScore, alphaNb, iteration);
  }

  /**
   * Sets the treatment of a gap's days to their posterior probability of being in the campaign. The
   * campaign takes the last {@code k} days of a leading gap (the first {@code k} of a trailing
   * one), {@code k} from 0 to the gap's length equally likely; every day of the gap sold nothing,
   * which is likelier outside the campaign the more the campaign lifts sales.
   */
  private static void weighGap(
      DailyPanel panel, Design design, Fit fit, int[] gap, double[] treatment) {
    int group = groupOf(design, gap[0]);
    if (group < 0) {
      return;
    }
    int length = gap[1] - gap[0] + 1;
    double gamma = fit.beta()[design.width() - 1];
    double[] x = new double[design.width()];
    double[] zeroIn = new double[length];
    double[] zeroOut = new double[length];
    for (int j = 0; j < length; j++) {
      int i = gap[0] + j;
      row(design, panel, i, x, 0);
      double mu = Math.exp(fit.alpha()[group] + PoissonGlm.dot(fit.beta(), x));
      zeroOut[j] = logZero(mu, fit.dispersion());
      zeroIn[j] = logZero(mu * Math.exp(gamma), fit.dispersion());
    }
    boolean leading = gap[2] == 1;
    // logLik[k]: k days of the gap in the campaign, at the campaign's side.
    double[] logLik = new double[length + 1];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= length; k++) {
      double sum = 0;
      for (int j = 0; j < length; j++) {
        boolean in = leading ? j >= length - k : j < k;
        sum += in ? zeroIn[j] : zeroOut[j];
      }
      logLik[k] = sum;
      max = Math.max(max, sum);
    }
    double total = 0;
    for (int k = 0; k <= length; k++) {
      logLik[k] = Math.exp(logLik[k] - max);
      total += logLik[k];
    }
    for (int j = 0; j < length; j++) {
      double in = 0;
      for (int k = 0; k <= length; k++) {
        if (leading ? j >= length - k : j < k) {
          in += logLik[k];
        }
      }
      treatment[gap[0] + j] = in / total;
    }
  }

  /** log P(Y = 0) of a negative binomial of mean {@code mu} and {@code Var = mu + a mu^2}. */
  private static double logZero(double mu, double a) {
    return a > 1e-9 ? -Math.log1p(a * mu) / a : -mu;
  }

  private static int groupOf(Design design, int row) {
    List<int[]> groups = design.groups();
    int lo = 0;
    int hi = groups.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int[] range = groups.get(mid);
      if (row < range[0]) {
        hi = mid - 1;
      } else if (row > range[1]) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private static void row(Design design, DailyPanel panel, int i, double[] treatment, double[] x) {
    row(design, panel, i, x, treatment[i]);
  }

  private static void row(Design design, DailyPanel panel, int i, double[] x, double value) {
    double[] terms = design.calendar()[panel.epochDay()[i] - design.firstDay()];
    System.arraycopy(terms, 0, x, 0, terms.length);
    x[terms.length] = value;
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
