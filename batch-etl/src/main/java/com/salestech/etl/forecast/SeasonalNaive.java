package com.salestech.etl.forecast;

import java.time.LocalDate;

/**
 * The weekly seasonal naive forecast, the baseline every other model must beat: each day ahead is
 * the last observed day of the same weekday. Its intervals come from the spread of its own
 * in-sample errors {@code y[t] - y[t-7]}, widening with each week ahead (Hyndman and
 * Athanasopoulos, <i>Forecasting: Principles and Practice</i>, §5.5).
 */
public final class SeasonalNaive implements ForecastModel {

  public static final String NAME = "seasonal-naive";
  static final int PERIOD = 7;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Forecast forecast(LocalDate firstDay, double[] history, int horizon) {
    int n = history.length;
    if (n < 2 * PERIOD) {
      throw new IllegalArgumentException(
          "seasonal naive needs at least " + 2 * PERIOD + " days of history, had " + n);
    }
    double squares = 0;
    for (int t = PERIOD; t < n; t++) {
      double e = history[t] - history[t - PERIOD];
      squares += e * e;
    }
    double sigma = Math.sqrt(squares / (n - PERIOD));
    double[] point = new double[horizon];
    double[] lower80 = new double[horizon];
    double[] upper80 = new double[horizon];
    double[] lower95 = new double[horizon];
    double[] upper95 = new double[horizon];
    for (int h = 0; h < horizon; h++) {
      point[h] = history[n - PERIOD + h % PERIOD];
      double sd = sigma * Math.sqrt(h / PERIOD + 1);
      Intervals.normal(point[h], sd, h, lower80, upper80, lower95, upper95);
    }
    return new Forecast(NAME, point, lower80, upper80, lower95, upper95);
  }

  /** Mean absolute in-sample error of the weekly seasonal naive: the MASE denominator. */
  static double meanAbsoluteError(double[] history) {
    double sum = 0;
    for (int t = PERIOD; t < history.length; t++) {
      sum += Math.abs(history[t] - history[t - PERIOD]);
    }
    return sum / (history.length - PERIOD);
  }

  /** Mean squared in-sample error of the weekly seasonal naive: the RMSSE denominator. */
  static double meanSquaredError(double[] history) {
    double sum = 0;
    for (int t = PERIOD; t < history.length; t++) {
      double e = history[t] - history[t - PERIOD];
      sum += e * e;
    }
    return sum / (history.length - PERIOD);
  }
}
