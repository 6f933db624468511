package com.salestech.etl.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rolling-origin evaluation of a series' candidate models: the last {@code folds × horizon} days
 * cut into consecutive folds; each fold's models see only the days up to its cutoff and forecast
 * the {@code horizon} days after it. Errors are scaled by the in-sample weekly seasonal naive of
 * the fold's own history (MASE and RMSSE, Hyndman and Koehler 2006), so series of any size compare.
 * The series then forecasts with the model of lowest mean MASE if that beats seasonal naive's, else
 * with seasonal naive, flagged as a fallback.
 */
public final class Backtest {

  public static final int HORIZON = 28;
  public static final int FOLDS = 4;

  /**
   * One model on one fold.
   *
   * @param fold 1 is the oldest
   * @param cutoff the last day the model saw
   */
  public record Fold(
      int fold,
      LocalDate cutoff,
      String model,
      Forecast forecast,
      double mase,
      double rmsse,
      double coverage80,
      double coverage95) {}

  /**
   * @param chosen the model the series forecasts with
   * @param fallback no model beat seasonal naive
   * @param meanMase each model's MASE over the folds it could be fitted on
   */
  public record Result(
      List<Fold> folds, String chosen, boolean fallback, Map<String, Double> meanMase) {}

  private Backtest() {}

  public static Result run(
      LocalDate firstDay, double[] values, List<ForecastModel> models, int folds, int horizon) {
    if (models.isEmpty() || !models.get(0).name().equals(SeasonalNaive.NAME)) {
      throw new IllegalArgumentException("seasonal naive comes first: it is the baseline");
    }
    List<Fold> results = new ArrayList<>();
    int n = values.length;
    for (int fold = 1; fold <= folds; fold++) {
      int trainDays = n - (folds - fold + 1) * horizon;
      if (trainDays < 2 * SeasonalNaive.PERIOD + 1) {
        continue;
      }
      double[] history = Arrays.copyOf(values, trainDays);
      double[] actual = Arrays.copyOfRange(values, trainDays, trainDays + horizon);
      double scaleAbs = SeasonalNaive.meanAbsoluteError(history);
      double scaleSquared = SeasonalNaive.meanSquaredError(history);
      LocalDate cutoff = firstDay.plusDays(trainDays - 1L);
      for (ForecastModel model : models) {
        Forecast forecast;
        try {
          forecast = model.forecast(firstDay, history, horizon);
        } catch (IllegalArgumentException e) {
          continue;
        }
        results.add(score(fold, cutoff, model.name(), forecast, actual, scaleAbs, scaleSquared));
      }
    }
    Map<String, Double> meanMase = new LinkedHashMap<>();
    for (ForecastModel model : models) {
      double sum = 0;
      int count = 0;
      for (Fold f : results) {
        if (f.model().equals(model.name()) && !Double.isNaN(f.mase())) {
          sum += f.mase();
          count++;
        }
      }
      if (count > 0) {
        meanMase.put(model.name(), sum / count);
      }
    }
    String chosen = SeasonalNaive.NAME;
    Double baseline = meanMase.get(SeasonalNaive.NAME);
    double best = baseline == null ? Double.NaN : baseline;
    for (Map.Entry<String, Double> entry : meanMase.entrySet()) {
      boolean allFolds =
          results.stream().filter(f -> f.model().equals(entry.getKey())).count()
              == results.stream().filter(f -> f.model().equals(SeasonalNaive.NAME)).count();
      if (!entry.getKey().equals(SeasonalNaive.NAME)
          && allFolds
          && !Double.isNaN(best)
          && entry.getValue() < best) {
        best = entry.getValue();
        chosen = entry.getKey();
      }
    }
    return new Result(results, chosen, chosen.equals(SeasonalNaive.NAME), meanMase);
  }

  static Fold score(
      int fold,
      LocalDate cutoff,
      String model,
      Forecast forecast,
      double[] actual,
      double scaleAbs,
      double scaleSquared) {
    double abs = 0;
    double squared = 0;
    int in80 = 0;
    int in95 = 0;
    for (int h = 0; h < actual.length; h++) {
      double e = actual[h] - forecast.point()[h];
      abs += Math.abs(e);
      squared += e * e;
      if (actual[h] >= forecast.lower80()[h] && actual[h] <= forecast.upper80()[h]) {
        in80++;
      }
      if (actual[h] >= forecast.lower95()[h] && actual[h] <= forecast.upper95()[h]) {
        in95++;
      }
    }
    int h = actual.length;
    double mase = scaleAbs > 0 ? abs / h / scaleAbs : Double.NaN;
    double rmsse = scaleSquared > 0 ? Math.sqrt(squared / h / scaleSquared) : Double.NaN;
    return new Fold(
        fold, cutoff, model, forecast, mase, rmsse, in80 / (double) h, in95 / (double) h);
  }
}
