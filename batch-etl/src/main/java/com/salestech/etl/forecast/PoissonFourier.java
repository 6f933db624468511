package com.salestech.etl.forecast;

import java.time.LocalDate;

/**
 * Daily sales as a Poisson regression on the calendar ({@link CalendarTerms}: level, trend,
 * weekday, yearly Fourier season, national holidays, Black Friday), fitted by IRLS; its intervals
 * take the series' measured overdispersion ({@link PoissonGlm#varianceModel}) and the uncertainty
 * of the fitted mean, through a gamma distribution of that mean and variance.
 */
public final class PoissonFourier implements ForecastModel {

  public static final String NAME = "poisson-fourier";

  /** Eight weeks: enough to tell the weekday effects from the level and a trend. */
  static final int MIN_HISTORY = 56;

  private final int termsFromDays;

  /** Terms chosen from each history's own length. */
  public PoissonFourier() {
    this(Integer.MAX_VALUE);
  }

  /**
   * Terms chosen as for a history of at most {@code termsFromDays} days (the trend from eight
   * weeks, the yearly season from a year): a backtest passes its shortest fold's length, so that
   * every fold and the final forecast fit the same model.
   */
  public PoissonFourier(int termsFromDays) {
    this.termsFromDays = termsFromDays;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Forecast forecast(LocalDate firstDay, double[] history, int horizon) {
    int n = history.length;
    if (n < MIN_HISTORY) {
      throw new IllegalArgumentException(
          NAME + " needs at least " + MIN_HISTORY + " days of history, had " + n);
    }
    double[] point = new double[horizon];
    double[] lower80 = new double[horizon];
    double[] upper80 = new double[horizon];
    double[] lower95 = new double[horizon];
    double[] upper95 = new double[horizon];
    double total = 0;
    for (double v : history) {
      if (v < 0 || Double.isNaN(v)) {
        throw new IllegalArgumentException("sales are never negative: " + v);
      }
      total += v;
    }
    if (total == 0) {
      return new Forecast(NAME, point, lower80, upper80, lower95, upper95);
    }
    CalendarTerms terms = CalendarTerms.forHistory(firstDay, n, Math.min(n, termsFromDays), true);
    int p = terms.width();
    double[][] x = new double[n][p];
    for (int t = 0; t < n; t++) {
      terms.fill(firstDay.plusDays(t), x[t], 0);
    }
    PoissonGlm.Fit fit = PoissonGlm.fit(x, history);
    double[] variance = PoissonGlm.varianceModel(history, fit.mu(), p);
    // The fitted mean's own uncertainty: Var(log mu) = φ x'(X'WX)^-1 x, φ the dispersion at the
    // mean.
    double pearson = 0;
    for (int t = 0; t < n; t++) {
      double mu = fit.mu()[t];
      if (mu > 1e-9) {
        pearson += (variance[0] * mu + variance[1] * mu * mu) / mu;
      }
    }
    double phi = Math.max(1, pearson / n);
    double[] row = new double[p];
    for (int h = 0; h < horizon; h++) {
      terms.fill(firstDay.plusDays(n + h), row, 0);
      double mu = fit.predict(row);
      double var = variance[0] * mu + variance[1] * mu * mu + mu * mu * phi * fit.leverage(row);
      point[h] = mu;
      Intervals.gamma(mu, var, h, lower80, upper80, lower95, upper95);
    }
    return new Forecast(NAME, point, lower80, upper80, lower95, upper95);
  }
}
