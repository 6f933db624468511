package com.salestech.query.report;

import static com.salestech.query.report.Bodies.orEmpty;

import com.salestech.query.report.Bodies.Tabular;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the models' answers (the forecast job's gold tables). The models compute in
 * doubles; figures are served rounded half up from their shortest decimal form, so every engine
 * gives the same digits: forecasts with two places, scaled errors, coverages and uplifts
 * (fractions: {@code 0.25} is +25%) with four. A figure that is not finite (a scaled error over a
 * flat history) is null.
 */
final class ModelBodies {

  private ModelBodies() {}

  /** Places of a forecast figure (units or revenue per day). */
  static final int FORECAST_PLACES = 2;

  /** Places of a scaled error, a coverage or an uplift. */
  static final int RATIO_PLACES = 4;

  static BigDecimal round(Double value, int places) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return null;
    }
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }

  /** The mean of the finite values, half up; null when there is none. */
  static BigDecimal mean(List<Double> values, int places) {
    BigDecimal sum = BigDecimal.ZERO;
    int n = 0;
    for (Double v : values) {
      if (v != null && !v.isNaN() && !v.isInfinite()) {
        sum = sum.add(BigDecimal.valueOf(v));
        n++;
      }
    }
    return n == 0 ? null : sum.divide(BigDecimal.valueOf(n), places, RoundingMode.HALF_UP);
  }

  /**
   * The gold run a model table was computed from, and whether it is the run of the snapshot that
   * answered: {@code silver-to-gold} keeps the previous snapshot's model tables, so after it ran
   * the models lag the sales until the {@code forecast} job runs again.
   *
   * @param run the tables' {@code snapshot_run}; null when the table has no rows
   */
  record ComputedFrom(String run, boolean current) {

    static ComputedFrom of(String run, String snapshotRun) {
      return new ComputedFrom(run, run != null && run.equals(snapshotRun));
    }
  }

  /** The CSV headers every model answer adds to the provenance's. */
  static Map<String, String> computedFromHeaders(ComputedFrom from) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Models-Computed-From", from == null ? "" : String.valueOf(from.run()));
    headers.put("X-Models-Current", from == null ? "false" : String.valueOf(from.current()));
    return headers;
  }

  /** The series of a gold row as the API names it: {@code total} or {@code store:<id>}. */
  static String series(String serie) {
    if (serie != null && serie.startsWith(ModelQueries.STORE_SERIES)) {
      return "store:" + serie.substring(ModelQueries.STORE_SERIES.length());
    }
    return serie;
  }

  /** One day forecast, with its 80% and 95% prediction intervals. */
  record ForecastPoint(
      LocalDate date,
      int horizon,
      BigDecimal point,
      BigDecimal lower80,
      BigDecimal upper80,
      BigDecimal lower95,
      BigDecimal upper95) {}

  /**
   * The forecast of one series.
   *
   * @param series {@code total} or {@code store:<id>}
   * @param storeId null for the total
   * @param city the store's city; null for the total
   * @param model the model the series' backtest chose; null when the series has no forecast
   * @param fallback no model beat the seasonal naive, which the series then uses; null when unknown
   * @param trainedUntil the last day of history the model saw
   * @param points by date; empty when the series has no forecast (an unknown store)
   */
  record Forecast(
      String series,
      Integer storeId,
      String city,
      String metric,
      String source,
      String model,
      Boolean fallback,
      LocalDate trainedUntil,
      ComputedFrom computedFrom,
      List<ForecastPoint> points)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of(
          "series",
          "store_id",
          "metric",
          "model",
          "fallback",
          "trained_until",
          "date",
          "horizon",
          "point",
          "lower_80",
          "upper_80",
          "lower_95",
          "upper_95");
    }

    @Override
    public List<List<Object>> csvRows() {
      return points.stream()
          .map(
              p ->
                  List.of(
                      series,
                      orEmpty(storeId),
                      metric,
                      orEmpty(model),
                      orEmpty(fallback),
                      orEmpty(trainedUntil),
                      p.date(),
                      p.horizon(),
                      orEmpty(p.point()),
                      orEmpty(p.lower80()),
                      orEmpty(p.upper80()),
                      orEmpty(p.lower95()),
                      orEmpty(p.upper95())))
          .toList();
    }

    @Override
    public Map<String, String> csvHeaders() {
      return computedFromHeaders(computedFrom);
    }
  }

  /**
   * A model's backtest on one series, over its folds.
   *
   * @param mase the mean over the folds of the MASE (1 is the in-sample weekly seasonal naive's
   *     error)
   * @param chosen the model the series forecasts with
   * @param fallback no model beat the seasonal naive, which the series then uses
   */
  record ModelAccuracy(
      String series,
      Integer storeId,
      String model,
      int folds,
      BigDecimal mase,
      BigDecimal rmsse,
      BigDecimal coverage80,
      BigDecimal coverage95,
      boolean chosen,
      boolean fallback) {}

  /** A model's backtest on one fold of one series. */
  record FoldAccuracy(
      String series,
      Integer storeId,
      String model,
      int fold,
      LocalDate cutoff,
      BigDecimal mase,
      BigDecimal rmsse,
      BigDecimal coverage80,
      BigDecimal coverage95) {}

  /**
   * @param models by series (total first, then stores by id), the chosen model first, then by name
   * @param folds in the same order, each model's folds oldest first
   */
  record AccuracyReport(
      String metric,
      String source,
      ComputedFrom computedFrom,
      List<ModelAccuracy> models,
      List<FoldAccuracy> folds)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of(
          "series",
          "store_id",
          "metric",
          "model",
          "fold",
          "cutoff",
          "folds",
          "mase",
          "rmsse",
          "coverage_80",
          "coverage_95",
          "chosen",
          "fallback");
    }

    /** The mean of each model first ({@code fold} is {@code mean}), then every fold. */
    @Override
    public List<List<Object>> csvRows() {
      List<List<Object>> rows = new ArrayList<>();
      for (ModelAccuracy m : models) {
        rows.add(
            List.of(
                m.series(),
                orEmpty(m.storeId()),
                metric,
                m.model(),
                "mean",
                "",
                m.folds(),
                orEmpty(m.mase()),
                orEmpty(m.rmsse()),
                orEmpty(m.coverage80()),
                orEmpty(m.coverage95()),
                m.chosen(),
                m.fallback()));
      }
      for (FoldAccuracy f : folds) {
        rows.add(
            List.of(
                f.series(),
                orEmpty(f.storeId()),
                metric,
                f.model(),
                f.fold(),
                orEmpty(f.cutoff()),
                "",
                orEmpty(f.mase()),
                orEmpty(f.rmsse()),
                orEmpty(f.coverage80()),
                orEmpty(f.coverage95()),
                "",
                ""));
      }
      return rows;
    }

    @Override
    public Map<String, String> csvHeaders() {
      return computedFromHeaders(computedFrom);
    }
  }

  /**
   * One estimate of the uplift of promotions on daily units.
   *
   * @param uplift the relative change ({@code 0.25} is +25%)
   * @param lower the 95% confidence interval's lower end
   * @param upper its upper end
   * @param n store × product days in the estimate
   * @param promotionDays of them, days in a promotion
   */
  record Estimate(
      BigDecimal uplift, BigDecimal lower, BigDecimal upper, long n, long promotionDays) {}

  /**
   * The uplift of one scope, estimated both ways.
   *
   * @param scope {@code overall} or {@code product}
   * @param controlled the Poisson regression with store × product, weekday and season effects; null
   *     when not estimated
   * @param naive the difference in means; null when not estimated
   */
  record Effect(
      String scope, Integer productId, String product, Estimate controlled, Estimate naive) {}

  /**
   * @param rows overall first, then by product id
   */
  record EffectReport(String source, ComputedFrom computedFrom, List<Effect> rows)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of(
          "scope",
          "product_id",
          "product",
          "controlled_uplift",
          "controlled_lower",
          "controlled_upper",
          "controlled_n",
          "controlled_promotion_days",
          "naive_uplift",
          "naive_lower",
          "naive_upper",
          "naive_n",
          "naive_promotion_days");
    }

    @Override
    public List<List<Object>> csvRows() {
      List<List<Object>> out = new ArrayList<>();
      for (Effect e : rows) {
        List<Object> row = new ArrayList<>();
        row.add(e.scope());
        row.add(orEmpty(e.productId()));
        row.add(orEmpty(e.product()));
        for (Estimate estimate : java.util.Arrays.asList(e.controlled(), e.naive())) {
          if (estimate == null) {
            row.addAll(List.of("", "", "", "", ""));
          } else {
            row.add(orEmpty(estimate.uplift()));
            row.add(orEmpty(estimate.lower()));
            row.add(orEmpty(estimate.upper()));
            row.add(estimate.n());
            row.add(estimate.promotionDays());
          }
        }
        out.add(row);
      }
      return out;
    }

    @Override
    public Map<String, String> csvHeaders() {
      return computedFromHeaders(computedFrom);
    }
  }
}
