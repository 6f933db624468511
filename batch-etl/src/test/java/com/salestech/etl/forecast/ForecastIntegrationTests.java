package com.salestech.etl.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.bench.OracleForecast;
import com.salestech.etl.cli.Cli;
import com.salestech.etl.sample.Demand;
import com.salestech.etl.sample.DemandTruth;
import com.salestech.etl.sample.SampleDataGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code forecast} job as {@code daily-pipeline} runs it, on two years of generated retail
 * sales with a known truth: backtest accuracy against seasonal naive, interval coverage, the tables
 * it adds to the gold snapshot, and the promotion effect against the true uplift.
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("forecast");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final long SALES = 200_000;
  static final int DAYS = 900;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  DemandTruth truth;

  @BeforeAll
  void pipelineOnRetailSales() throws Exception {
    Path exports = DATA.resolve("exports");
    // 900 days end in June: a backtest in November and December is the peak of the year, where
    // every model's errors (the oracle's too) are large against the year's seasonal naive.
    SampleDataGenerator.generate(
        SampleDataGenerator.Options.retail(SALES, 11)
            .withDemand(Demand.Retail.DEFAULT.withDays(DAYS)),
        exports);
    truth = DemandTruth.read(exports.resolve(DemandTruth.FILE_NAME));
    assertThat(cli.execute("land", exports.toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "daily-pipeline")).isEqualTo(Cli.OK);
  }

  @Test
  void everyStoreBeatsSeasonalNaiveInTheBacktestWithCalibratedIntervals() {
    List<Map<String, Object>> folds =
        LAKE.query(
            "SELECT serie, modelo, dobra, mase, cobertura_95, escolhido, substituto FROM "
                + files("previsao_acuracia")
                + " WHERE metrica = 'units' AND serie LIKE 'loja:%' ORDER BY serie, modelo, dobra");
    assertThat(folds).hasSize(10 * 2 * Backtest.FOLDS);
    Map<String, Map<String, Double>> mase = new TreeMap<>();
    int covered = 0;
    int days = 0;
    for (Map<String, Object> f : folds) {
      mase.computeIfAbsent((String) f.get("serie"), k -> new TreeMap<>())
          .merge((String) f.get("modelo"), (Double) f.get("mase") / Backtest.FOLDS, Double::sum);
      if (f.get("modelo").equals(PoissonFourier.NAME)) {
        assertThat(f.get("escolhido")).isEqualTo(true);
        assertThat(f.get("substituto")).isEqualTo(false);
        covered += (int) Math.round((Double) f.get("cobertura_95") * Backtest.HORIZON);
        days += Backtest.HORIZON;
      }
    }
    System.out.println("store backtest MASE (units): " + mase);
    assertThat(mase).hasSize(10);
    mase.forEach(
        (store, byModel) -> {
          assertThat(byModel.get(PoissonFourier.NAME)).as(store).isLessThanOrEqualTo(0.85);
          assertThat(byModel.get(PoissonFourier.NAME))
              .as(store)
              .isLessThan(byModel.get(SeasonalNaive.NAME));
        });
    System.out.printf("95%% interval coverage over stores and folds: %d/%d%n", covered, days);
    assertThat(covered / (double) days).isBetween(0.90, 0.99);
  }

  @Test
  void theModelsAreAsAccurateAsAnOracleThatKnowsTheTrueRates() {
    double[] model = new double[3];
    for (int store = 1; store <= 10; store++) {
      List<Map<String, Object>> days =
          LAKE.query(
              "SELECT dt_venda, sum(unidades) AS u FROM "
                  + files("vendas_diarias")
                  + " WHERE id_loja = "
                  + store
                  + " GROUP BY dt_venda ORDER BY dt_venda");
      assertThat(days).hasSize(DAYS);
      double[] units =
          days.stream().mapToDouble(d -> ((Number) d.get("u")).doubleValue()).toArray();
      Map<String, Double> mase =
          OracleForecast.backtest(truth, store, units, Backtest.FOLDS, Backtest.HORIZON).mase();
      model[0] += mase.get(SeasonalNaive.NAME) / 10;
      model[1] += mase.get(PoissonFourier.NAME) / 10;
      model[2] += mase.get("oracle") / 10;
    }
    System.out.printf(
        "store MASE: seasonal naive %.3f, poisson-fourier %.3f, oracle %.3f%n",
        model[0], model[1], model[2]);
    assertThat(model[1]).isLessThanOrEqualTo(1.1 * model[2]).isLessThan(model[0]);
  }

  @Test
  void theForecastsJoinTheSnapshotTheyWereComputedFrom() {
    JsonNode snapshot = LAKE.snapshot();
    String run = snapshot.get("run").asString();
    assertThat(LAKE.goldVersion("wide_vendas")).isEqualTo(run);
    assertThat(fieldNames(snapshot.get("tables")))
        .contains("previsao_vendas", "previsao_acuracia", "efeito_promocao_estimado");
    List<Map<String, Object>> rows = LAKE.gold("previsao_vendas", "serie, metrica, horizonte");
    assertThat(rows).hasSize((1 + 10) * 2 * Backtest.HORIZON);
    LocalDate last = truth.end();
    for (Map<String, Object> r : rows) {
      int h = (Integer) r.get("horizonte");
      assertThat(r.get("dt_prevista")).isEqualTo(last.plusDays(h));
      assertThat(r.get("treinado_ate")).isEqualTo(last);
      assertThat(r.get("snapshot_run")).isEqualTo(run);
      double lower95 = (Double) r.get("inferior_95");
      double lower80 = (Double) r.get("inferior_80");
      double point = (Double) r.get("previsto");
      assertThat(lower95).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(lower80);
      assertThat(point).isBetween(lower80, (Double) r.get("superior_80"));
      assertThat((Double) r.get("superior_80")).isLessThanOrEqualTo((Double) r.get("superior_95"));
    }
    // The total is the sum of the stores, day by day, for the units forecast by each.
    Map<Object, Double> totals =
        rows.stream()
            .filter(r -> r.get("serie").equals("total") && r.get("metrica").equals("units"))
            .collect(Collectors.toMap(r -> r.get("horizonte"), r -> (Double) r.get("previsto")));
    double storesDay1 =
        rows.stream()
            .filter(
                r ->
                    !r.get("serie").equals("total")
                        && r.get("metrica").equals("units")
                        && r.get("horizonte").equals(1))
            .mapToDouble(r -> (Double) r.get("previsto"))
            .sum();
    assertThat(totals.get(1))
        .isCloseTo(storesDay1, org.assertj.core.data.Percentage.withPercentage(5));
  }

  @Test
  void thePromotionEffectCoversTheTrueUpliftWhereTheNaiveOneNeedNot() {
    List<Map<String, Object>> effects = LAKE.gold("efeito_promocao_estimado", "escopo, metodo");
    Map<String, Object> overall =
        effects.stream()
            .filter(e -> e.get("escopo").equals("geral") && e.get("metodo").equals("controlado"))
            .findFirst()
            .orElseThrow();
    assertThat((Double) overall.get("inferior")).isLessThanOrEqualTo(truth.uplift());
    assertThat((Double) overall.get("superior")).isGreaterThanOrEqualTo(truth.uplift());
    assertThat(effects).hasSize(2 + 2 * 9);
    assertThat(effects.stream().map(e -> e.get("metodo")).collect(Collectors.toSet()))
        .isEqualTo(Set.of("controlado", "ingenuo"));
    assertThat(effects.stream().filter(e -> e.get("produto") != null).count()).isEqualTo(18);
  }

  @Test
  void runAloneItReplacesTheForecastsOfTheSameSnapshot() {
    JsonNode before = LAKE.snapshot();
    String forecastBefore = before.get("tables").get("previsao_vendas").asString();
    assertThat(cli.execute("run", "forecast", "--new-run")).isEqualTo(Cli.OK);
    JsonNode after = LAKE.snapshot();
    assertThat(after.get("run").asString()).isEqualTo(before.get("run").asString());
    assertThat(after.get("tables").get("wide_vendas"))
        .isEqualTo(before.get("tables").get("wide_vendas"));
    assertThat(after.get("tables").get("previsao_vendas").asString()).isNotEqualTo(forecastBefore);
    assertThat(after.get("history").get(0).get("tables").get("previsao_vendas").asString())
        .isEqualTo(forecastBefore);

    // silver-to-gold with nothing new keeps the snapshot, model tables included.
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);
    assertThat(LAKE.snapshot().get("tables")).isEqualTo(after.get("tables"));
  }

  private static String files(String table) {
    StringBuilder list = new StringBuilder();
    for (JsonNode f : LAKE.goldPointer(table).get("files")) {
      list.append(list.isEmpty() ? "" : ",")
          .append("'")
          .append(DATA.resolve("lake/sales-tech-gld").resolve(f.get("key").asString()))
          .append("'");
    }
    return "read_parquet([" + list + "])";
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.TreeSet<>();
    node.propertyNames().forEach(names::add);
    return names;
  }
}
