package com.salestech.query.report;

import static com.salestech.query.report.ModelBodies.FORECAST_PLACES;
import static com.salestech.query.report.ModelBodies.RATIO_PLACES;
import static com.salestech.query.report.ModelBodies.mean;
import static com.salestech.query.report.ModelBodies.round;
import static com.salestech.query.report.ModelBodies.series;

import com.salestech.model.avro.GoldTable;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.report.ModelBodies.AccuracyReport;
import com.salestech.query.report.ModelBodies.ComputedFrom;
import com.salestech.query.report.ModelBodies.Effect;
import com.salestech.query.report.ModelBodies.EffectReport;
import com.salestech.query.report.ModelBodies.Estimate;
import com.salestech.query.report.ModelBodies.FoldAccuracy;
import com.salestech.query.report.ModelBodies.Forecast;
import com.salestech.query.report.ModelBodies.ForecastPoint;
import com.salestech.query.report.ModelBodies.ModelAccuracy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of the models' answers over the {@code forecast} job's gold tables ({@link
 * GoldTable.Producer#FORECAST}), in the dialect the engines share (see {@link ReportQueries}).
 * Those tables are in a snapshot only once the job ran: each answer first checks that the pinned
 * snapshot names its table, and is a {@link NoModelException} otherwise, so that no statement ever
 * reads a table the snapshot lacks.
 */
final class ModelQueries {

  static final String FORECASTS = GoldTable.PREVISAO_VENDAS.tableName();
  static final String ACCURACY = GoldTable.PREVISAO_ACURACIA.tableName();
  static final String EFFECT = GoldTable.EFEITO_PROMOCAO_ESTIMADO.tableName();

  /** The {@code serie} of the total and the prefix of a store's. */
  static final String TOTAL_SERIES = "total";

  static final String STORE_SERIES = "loja:";

  static final String OVERALL_SCOPE = "geral";
  static final String PRODUCT_SCOPE = "produto:";
  static final String CONTROLLED = "controlado";
  static final String NAIVE = "ingenuo";

  private ModelQueries() {}

  /** The metric a model forecasts, by its name in the API and in gold ({@code metrica}). */
  enum Metric implements Choice {
    UNITS("units"),
    REVENUE("revenue");

    private final String wire;

    Metric(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  static void require(GoldView snapshot, String table) {
    if (!snapshot.tables().containsKey(table)) {
      throw new NoModelException(table, snapshot.run());
    }
  }

  /** The {@code snapshot_run} of a model table's rows (one run for all of them). */
  static ComputedFrom computedFrom(QueryEngine.Reading reading, String table, String run) {
    String[] found = new String[1];
    // the table is one of the closed list above, never text from the request
    reading.query(
        "SELECT max(snapshot_run) FROM " + table, List.of(), row -> found[0] = row.string(1));
    return found[0] == null ? null : ComputedFrom.of(found[0], run);
  }

  static Forecast forecast(QueryEngine.Reading reading, Integer storeId, Metric metric) {
    GoldView snapshot = reading.snapshot();
    require(snapshot, FORECASTS);
    String serie = storeId == null ? TOTAL_SERIES : STORE_SERIES + storeId;
    List<ForecastPoint> points = new ArrayList<>();
    String[] model = new String[1];
    String[] city = new String[1];
    String[] run = new String[1];
    LocalDate[] trainedUntil = new LocalDate[1];
    reading.query(
        "SELECT dt_prevista, horizonte, previsto, inferior_80, superior_80, inferior_95,"
            + " superior_95, modelo, treinado_ate, cidade, snapshot_run FROM previsao_vendas"
            + " WHERE serie = ? AND metrica = ? ORDER BY dt_prevista, horizonte",
        List.of(serie, metric.wire()),
        row -> {
          points.add(
              new ForecastPoint(
                  row.date(1),
                  row.longValue(2).intValue(),
                  round(row.doubleValue(3), FORECAST_PLACES),
                  round(row.doubleValue(4), FORECAST_PLACES),
                  round(row.doubleValue(5), FORECAST_PLACES),
                  round(row.doubleValue(6), FORECAST_PLACES),
                  round(row.doubleValue(7), FORECAST_PLACES)));
          if (model[0] == null) {
            model[0] = row.string(8);
            trainedUntil[0] = row.date(9);
            city[0] = row.string(10);
            run[0] = row.string(11);
          }
        });
    ComputedFrom from =
        run[0] != null
            ? ComputedFrom.of(run[0], snapshot.run())
            : computedFrom(reading, FORECASTS, snapshot.run());
    Boolean fallback = null;
    String source = FORECASTS;
    if (model[0] != null && snapshot.tables().containsKey(ACCURACY)) {
      source = FORECASTS + "," + ACCURACY;
      Boolean[] found = new Boolean[1];
      reading.query(
          "SELECT count(*), max(CASE WHEN substituto THEN 1 ELSE 0 END) FROM previsao_acuracia"
              + " WHERE serie = ? AND metrica = ? AND escolhido",
          List.of(serie, metric.wire()),
          row -> {
            if (ReportQueries.zero(row.longValue(1)) > 0) {
              found[0] = ReportQueries.zero(row.longValue(2)) > 0;
            }
          });
      fallback = found[0];
    }
    return new Forecast(
        series(serie),
        storeId,
        city[0],
        metric.wire(),
        source,
        model[0],
        fallback,
        trainedUntil[0],
        from,
        points);
  }

  /** The figures of one fold row as read, before rounding (means are of these). */
  private record Fold(
      String serie,
      Integer storeId,
      String model,
      int fold,
      LocalDate cutoff,
      Double mase,
      Double rmsse,
      Double coverage80,
      Double coverage95,
      boolean chosen,
      boolean fallback) {}

  static AccuracyReport accuracy(QueryEngine.Reading reading, Metric metric) {
    GoldView snapshot = reading.snapshot();
    require(snapshot, ACCURACY);
    List<Fold> folds = new ArrayList<>();
    String[] run = new String[1];
    reading.query(
        "SELECT serie, id_loja, modelo, dobra, corte, mase, rmsse, cobertura_80, cobertura_95,"
            + " escolhido, substituto, snapshot_run FROM previsao_acuracia WHERE metrica = ?"
            + " ORDER BY CASE WHEN serie = 'total' THEN 0 ELSE 1 END, id_loja, serie, modelo, dobra",
        List.of(metric.wire()),
        row -> {
          Long store = row.longValue(2);
          folds.add(
              new Fold(
                  row.string(1),
                  store == null ? null : store.intValue(),
                  row.string(3),
                  row.longValue(4).intValue(),
                  row.date(5),
                  row.doubleValue(6),
                  row.doubleValue(7),
                  row.doubleValue(8),
                  row.doubleValue(9),
                  Boolean.TRUE.equals(row.bool(10)),
                  Boolean.TRUE.equals(row.bool(11))));
          if (run[0] == null) {
            run[0] = row.string(12);
          }
        });
    ComputedFrom from =
        run[0] != null
            ? ComputedFrom.of(run[0], snapshot.run())
            : computedFrom(reading, ACCURACY, snapshot.run());

    // the statement orders by series, model and fold: each model's folds are adjacent
    Map<String, List<Fold>> byModel = new LinkedHashMap<>();
    for (Fold f : folds) {
      byModel.computeIfAbsent(f.serie() + "\u0000" + f.model(), k -> new ArrayList<>()).add(f);
    }
    List<Backtest> backtests = new ArrayList<>();
    for (List<Fold> of : byModel.values()) {
      Fold first = of.get(0);
      backtests.add(
          new Backtest(
              new ModelAccuracy(
                  series(first.serie()),
                  first.storeId(),
                  first.model(),
                  of.size(),
                  mean(of.stream().map(Fold::mase).toList(), RATIO_PLACES),
                  mean(of.stream().map(Fold::rmsse).toList(), RATIO_PLACES),
                  mean(of.stream().map(Fold::coverage80).toList(), RATIO_PLACES),
                  mean(of.stream().map(Fold::coverage95).toList(), RATIO_PLACES),
                  of.stream().anyMatch(Fold::chosen),
                  of.stream().anyMatch(Fold::fallback)),
              of));
    }
    // within a series (whose models are adjacent already) the chosen model first: a stable sort
    List<String> seriesOrder =
        backtests.stream().map(b -> b.summary().series()).distinct().toList();
    backtests.sort(
        Comparator.comparingInt((Backtest b) -> seriesOrder.indexOf(b.summary().series()))
            .thenComparing(b -> !b.summary().chosen()));
    List<ModelAccuracy> models = new ArrayList<>();
    List<FoldAccuracy> foldRows = new ArrayList<>();
    for (Backtest b : backtests) {
      models.add(b.summary());
      for (Fold f : b.folds()) {
        foldRows.add(
            new FoldAccuracy(
                b.summary().series(),
                f.storeId(),
                f.model(),
                f.fold(),
                f.cutoff(),
                round(f.mase(), RATIO_PLACES),
                round(f.rmsse(), RATIO_PLACES),
                round(f.coverage80(), RATIO_PLACES),
                round(f.coverage95(), RATIO_PLACES)));
      }
    }
    return new AccuracyReport(metric.wire(), ACCURACY, from, models, foldRows);
  }

  private record Backtest(ModelAccuracy summary, List<Fold> folds) {}

  static EffectReport effect(QueryEngine.Reading reading) {
    GoldView snapshot = reading.snapshot();
    require(snapshot, EFFECT);
    Map<String, Effect> byScope = new LinkedHashMap<>();
    String[] run = new String[1];
    reading.query(
        "SELECT escopo, id_produto, produto, metodo, uplift, inferior, superior, n, n_promocao,"
            + " snapshot_run FROM efeito_promocao_estimado"
            + " ORDER BY CASE WHEN escopo = 'geral' THEN 0 ELSE 1 END, id_produto, escopo, metodo",
        List.of(),
        row -> {
          String escopo = row.string(1);
          Long product = row.longValue(2);
          Estimate estimate =
              new Estimate(
                  round(row.doubleValue(5), RATIO_PLACES),
                  round(row.doubleValue(6), RATIO_PLACES),
                  round(row.doubleValue(7), RATIO_PLACES),
                  ReportQueries.zero(row.longValue(8)),
                  ReportQueries.zero(row.longValue(9)));
          String method = row.string(4);
          Effect seen =
              byScope.getOrDefault(
                  escopo,
                  new Effect(
                      scope(escopo),
                      product == null ? null : product.intValue(),
                      row.string(3),
                      null,
                      null));
          byScope.put(
              escopo,
              new Effect(
                  seen.scope(),
                  seen.productId(),
                  seen.product() != null ? seen.product() : row.string(3),
                  CONTROLLED.equals(method) ? estimate : seen.controlled(),
                  NAIVE.equals(method) ? estimate : seen.naive()));
          if (run[0] == null) {
            run[0] = row.string(10);
          }
        });
    ComputedFrom from =
        run[0] != null
            ? ComputedFrom.of(run[0], snapshot.run())
            : computedFrom(reading, EFFECT, snapshot.run());
    return new EffectReport(EFFECT, from, List.copyOf(byScope.values()));
  }

  /** {@code overall}, {@code product}, or the gold value of a scope the API does not know. */
  static String scope(String escopo) {
    if (OVERALL_SCOPE.equals(escopo)) {
      return "overall";
    }
    if (escopo != null && escopo.startsWith(PRODUCT_SCOPE)) {
      return "product";
    }
    return escopo;
  }
}
