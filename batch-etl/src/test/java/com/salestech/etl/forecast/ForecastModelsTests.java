package com.salestech.etl.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.salestech.model.calendar.BrazilianCalendar;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The models on series drawn from a known daily rate, a year and a half to two years long. */
class ForecastModelsTests {

  static final LocalDate START = LocalDate.of(2018, 1, 1);
  static final double[] WEEKDAY = {0.90, 0.88, 0.92, 0.97, 1.12, 1.38, 0.83};
  static final List<ForecastModel> MODELS = List.of(new SeasonalNaive(), new PoissonFourier());

  /** Negative binomial draws around base × weekday × season × trend × holidays. */
  static double[] series(long seed, double base, double dispersion, int days) {
    RandomGenerator rng = new Well19937c(seed);
    double[] y = new double[days];
    for (int t = 0; t < days; t++) {
      LocalDate day = START.plusDays(t);
      double angle = 2 * Math.PI * (day.getDayOfYear() - 1) / 365.25;
      double mu =
          base
              * WEEKDAY[day.getDayOfWeek().getValue() - 1]
              * Math.exp(0.2 * Math.cos(angle) + 0.05 * Math.sin(2 * angle))
              * Math.exp(0.08 * t / 365.25)
              * (BrazilianCalendar.isNationalHoliday(day) ? 0.6 : 1)
              * (BrazilianCalendar.isBlackFriday(day) ? 2.5 : 1);
      double rate = new GammaDistribution(rng, dispersion, mu / dispersion).sample();
      y[t] = rate > 0 ? new PoissonDistribution(rng, rate, 1e-12, 10_000_000).sample() : 0;
    }
    return y;
  }

  @Test
  void seasonalNaiveRepeatsTheLastWeek() {
    double[] history = new double[21];
    for (int t = 0; t < 21; t++) {
      history[t] = t % 7 + (t >= 14 ? 100 : 0);
    }
    Forecast f = new SeasonalNaive().forecast(START, history, 10);
    assertThat(f.point()).containsExactly(100, 101, 102, 103, 104, 105, 106, 100, 101, 102);
    // Errors y[t] - y[t-7] are 0 for the second week and 100 for the third: sigma = sqrt(5000).
    assertThat(f.upper95()[0] - f.point()[0]).isCloseTo(1.959964 * Math.sqrt(5000), within(1e-3));
    assertThat(f.upper95()[7] - f.point()[7])
        .isCloseTo(1.959964 * Math.sqrt(5000) * Math.sqrt(2), within(1e-3));
    assertThat(f.lower95()[0]).isZero();
  }

  @Test
  void poissonFourierRecoversAKnownRateAndBeatsSeasonalNaive() {
    double maseSum = 0;
    double naiveSum = 0;
    int covered95 = 0;
    int covered80 = 0;
    int days = 0;
    int series = 12;
    for (int s = 0; s < series; s++) {
      double[] y = series(100 + s, 60, 20, 730);
      Backtest.Result result = Backtest.run(START, y, MODELS, Backtest.FOLDS, Backtest.HORIZON);
      assertThat(result.folds()).hasSize(2 * Backtest.FOLDS);
      assertThat(result.chosen()).isEqualTo(PoissonFourier.NAME);
      assertThat(result.fallback()).isFalse();
      maseSum += result.meanMase().get(PoissonFourier.NAME);
      naiveSum += result.meanMase().get(SeasonalNaive.NAME);
      for (Backtest.Fold fold : result.folds()) {
        if (fold.model().equals(PoissonFourier.NAME)) {
          covered95 += (int) Math.round(fold.coverage95() * Backtest.HORIZON);
          covered80 += (int) Math.round(fold.coverage80() * Backtest.HORIZON);
          days += Backtest.HORIZON;
        }
      }
    }
    double mase = maseSum / series;
    System.out.printf(
        "poisson-fourier MASE %.3f, seasonal naive %.3f, coverage 80%% %.3f, 95%% %.3f%n",
        mase, naiveSum / series, covered80 / (double) days, covered95 / (double) days);
    assertThat(mase).isLessThan(0.85).isLessThan(naiveSum / series);
    assertThat(covered95 / (double) days).isBetween(0.90, 0.99);
    assertThat(covered80 / (double) days).isBetween(0.70, 0.90);
  }

  @Test
  void aFoldSeesNothingAfterItsCutoff() {
    double[] y = series(7, 40, 10, 600);
    Backtest.Result before = Backtest.run(START, y, MODELS, 4, 28);
    double[] changed = y.clone();
    int cutoffOfFold2 = y.length - 3 * 28; // days seen by fold 2
    for (int t = cutoffOfFold2; t < changed.length; t++) {
      changed[t] = changed[t] * 3 + 17;
    }
    Backtest.Result after = Backtest.run(START, changed, MODELS, 4, 28);
    for (int fold = 1; fold <= 2; fold++) {
      for (String model : List.of(SeasonalNaive.NAME, PoissonFourier.NAME)) {
        Forecast a = forecastOf(before, fold, model);
        Forecast b = forecastOf(after, fold, model);
        assertThat(b.point()).containsExactly(a.point());
        assertThat(b.upper95()).containsExactly(a.upper95());
      }
    }
    assertThat(forecastOf(after, 3, PoissonFourier.NAME).point())
        .isNotEqualTo(forecastOf(before, 3, PoissonFourier.NAME).point());
  }

  @Test
  void aSeriesNoModelBeatsFallsBackToSeasonalNaive() {
    // A pure weekly pattern with no noise: seasonal naive is exact, nothing beats it.
    double[] y = new double[400];
    for (int t = 0; t < y.length; t++) {
      y[t] = new double[] {3, 9, 1, 0, 4, 12, 2}[t % 7];
    }
    Backtest.Result result = Backtest.run(START, y, MODELS, 4, 28);
    assertThat(result.chosen()).isEqualTo(SeasonalNaive.NAME);
    assertThat(result.fallback()).isTrue();
  }

  @Test
  void aRareSeriesHasZeroInsideItsIntervals() {
    double[] y = series(3, 0.4, 8, 500);
    Forecast f = new PoissonFourier().forecast(START, y, 28);
    for (int h = 0; h < 28; h++) {
      assertThat(f.lower95()[h]).isZero();
      assertThat(f.lower80()[h]).isZero();
      assertThat(f.upper95()[h]).isPositive();
    }
    // A busy series does not: zero is far outside.
    Forecast busy = new PoissonFourier().forecast(START, series(3, 200, 20, 500), 28);
    assertThat(busy.lower95()[0]).isGreaterThan(50);
  }

  @Test
  void aSeriesWithoutSalesForecastsZero() {
    Forecast f = new PoissonFourier().forecast(START, new double[100], 28);
    assertThat(Arrays.stream(f.upper95()).max().orElseThrow()).isZero();
  }

  private static Forecast forecastOf(Backtest.Result result, int fold, String model) {
    return result.folds().stream()
        .filter(f -> f.fold() == fold && f.model().equals(model))
        .findFirst()
        .orElseThrow()
        .forecast();
  }
}
