package com.salestech.etl.bench;

import com.salestech.etl.forecast.Forecast;
import com.salestech.etl.forecast.ForecastModel;
import com.salestech.etl.forecast.PoissonFourier;
import com.salestech.etl.forecast.SeasonalNaive;
import com.salestech.etl.sample.DemandTruth;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store-total units forecasts of the project's models beside an oracle's on the same held-out
 * days. The oracle knows the true rate of every store, product and day but not the campaigns to
 * come: a day ahead is expected at the true rate times the lift of the campaign share the store's
 * products had in the history.
 */
public final class OracleForecast {

  /** MASE by model name ({@code seasonal-naive}, {@code poisson-fourier}, {@code oracle}). */
  public record Scores(Map<String, Double> mase) {}

  private OracleForecast() {}

  /**
   * Scores each model on the {@code horizon} days after {@code trainDays} days of {@code units}
   * (one store's daily units from {@code truth.start()}).
   */
  public static Scores score(
      DemandTruth truth, int store, double[] units, int trainDays, int horizon) {
    LocalDate first = truth.start();
    double[] history = Arrays.copyOf(units, trainDays);
    double scale = 0;
    for (int t = 7; t < trainDays; t++) {
      scale += Math.abs(history[t] - history[t - 7]);
    }
    scale /= trainDays - 7;
    Map<String, Double> mase = new LinkedHashMap<>();
    for (ForecastModel model : List.of(new SeasonalNaive(), new PoissonFourier())) {
      Forecast f = model.forecast(first, history, horizon);
      mase.put(model.name(), mase(f.point(), units, trainDays, scale));
    }
    int products = truth.products() - 1; // the junk product never reaches gold
    double[] oracle = new double[horizon];
    for (int p = 1; p <= products; p++) {
      long inCampaign = 0;
      for (int t = 0; t < trainDays; t++) {
        inCampaign += truth.inCampaign(store, p, first.plusDays(t)) ? 1 : 0;
      }
      double share = inCampaign / (double) trainDays;
      for (int h = 0; h < horizon; h++) {
        LocalDate day = first.plusDays(trainDays + h);
        oracle[h] +=
            truth.expectedUnits(store, p, day, false) * (1 + truth.productUplift().get(p) * share);
      }
    }
    mase.put("oracle", mase(oracle, units, trainDays, scale));
    return new Scores(mase);
  }

  private static double mase(double[] forecast, double[] units, int from, double scale) {
    double sum = 0;
    for (int h = 0; h < forecast.length; h++) {
      sum += Math.abs(units[from + h] - forecast[h]);
    }
    return sum / forecast.length / scale;
  }

  /** The same scores over the backtest's folds, averaged: what the job's accuracy table says. */
  public static Scores backtest(
      DemandTruth truth, int store, double[] units, int folds, int horizon) {
    Map<String, Double> sum = new LinkedHashMap<>();
    for (int fold = 1; fold <= folds; fold++) {
      int trainDays = units.length - (folds - fold + 1) * horizon;
      score(truth, store, units, trainDays, horizon)
          .mase()
          .forEach((model, m) -> sum.merge(model, m / folds, Double::sum));
    }
    return new Scores(sum);
  }
}
