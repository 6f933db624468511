package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salestech.etl.sample.DemandTruth.Campaign;
import com.salestech.etl.sample.SampleDataGenerator.Options;
import com.salestech.model.calendar.BrazilianCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The retail demand model's draws, checked against its truth with a fixed seed: what a forecast or
 * a promotion estimate would measure must be what the truth says. Tolerances are several standard
 * errors wide, so these fail only when a factor is wrong, not by chance.
 */
class RetailDemandTests {

  private static final int STORES = 10;
  private static final int PRODUCTS = 10;

  /** Enough sales that most cells count dozens of units. */
  private static final Options ONE_MILLION = Options.retail(1_000_000, 3);

  private final DemandDraw draw = RetailDemand.simulate(ONE_MILLION);
  private final DemandTruth truth = draw.truth();

  @Test
  void theSameOptionsDrawTheSameCountsAndAnotherSeedOthers() {
    DemandDraw again = RetailDemand.simulate(ONE_MILLION);
    DemandDraw other = RetailDemand.simulate(Options.retail(1_000_000, 4));

    assertThat(again.truth()).isEqualTo(truth);
    assertThat(series(again)).isEqualTo(series(draw));
    assertThat(series(other)).isNotEqualTo(series(draw));
    assertThat(other.truth().campaigns()).isNotEqualTo(truth.campaigns());
  }

  @Test
  void theDirtRateLeavesTheDrawAlone() {
    DemandDraw clean = RetailDemand.simulate(ONE_MILLION.withDirtRate(0));
    DemandDraw dirty = RetailDemand.simulate(ONE_MILLION.withDirtRate(0.3));

    assertThat(series(dirty)).isEqualTo(series(clean)).isEqualTo(series(draw));
  }

  @Test
  void theExpectedTotalIsTheRequestedSalesAndTheDrawIsNearIt() {
    double expected = 0;
    long units = 0;
    long promoted = 0;
    for (int day = 0; day < draw.days(); day++) {
      for (int store = 1; store <= STORES; store++) {
        for (int product = 1; product <= PRODUCTS; product++) {
          double mean = truth.expectedUnits(store, product, draw.day(day));
          assertThat(draw.expectedUnits(store, product, day)).isEqualTo(mean);
          expected += mean;
          units += draw.units(store, product, day);
          promoted += draw.promotedUnits(store, product, day);
        }
      }
    }
    assertThat(expected).isCloseTo(1_000_000, within(1e-3));
    assertThat(draw.totalUnits()).isEqualTo(units).isEqualTo(truth.sales());
    assertThat(draw.totalPromotedUnits()).isEqualTo(promoted);
    assertThat(units).isBetween(985_000L, 1_015_000L);
    assertThat(truth.requestedSales()).isEqualTo(1_000_000);
    assertThat(truth.days()).isEqualTo(730);
    assertThat(truth.start()).isEqualTo(LocalDate.of(2018, 1, 1));
  }

  @Test
  void unitsAverageTheirExpectationWithTheModelsVariance() {
    double ratios = 0;
    double squaredExcess = 0;
    double squaredMeans = 0;
    int cells = 0;
    for (int day = 0; day < draw.days(); day++) {
      for (int store = 1; store <= STORES; store++) {
        for (int product = 1; product <= PRODUCTS; product++) {
          double mean = draw.expectedUnits(store, product, day);
          int units = draw.units(store, product, day);
          ratios += units / mean;
          squaredExcess += (units - mean) * (units - mean) - mean;
          squaredMeans += mean * mean;
          cells++;
        }
      }
    }
    assertThat(cells).isEqualTo(73_000);
    assertThat(ratios / cells).isCloseTo(1, within(0.02));
    // variance = mean + mean² / k, so the excess over Poisson, per mean², is 1 / k
    assertThat(squaredExcess / squaredMeans).isCloseTo(1 / 8.0, within(0.01));
  }

  /** Holidays are left out: 2018 and 2019 have four Saturday holidays and one Monday holiday. */
  @Test
  void saturdaysSellAboutAHalfMoreThanMondays() {
    double saturday = meanUnitsOn(DayOfWeek.SATURDAY);
    double monday = meanUnitsOn(DayOfWeek.MONDAY);
    double sunday = meanUnitsOn(DayOfWeek.SUNDAY);

    assertThat(saturday / monday).isCloseTo(1.38 / 0.90, within(0.04));
    assertThat(sunday / monday).isCloseTo(0.83 / 0.90, within(0.03));
  }

  @Test
  void blackFridaySellsFarMoreThanTheFridaysBeforeIt() {
    for (int year : List.of(2018, 2019)) {
      LocalDate blackFriday = BrazilianCalendar.blackFriday(year);
      List<LocalDate> normalFridays =
          Stream.iterate(blackFriday.minusWeeks(1), day -> day.minusWeeks(1))
              .filter(day -> !BrazilianCalendar.isNationalHoliday(day))
              .limit(2)
              .toList();
      long normal = unitsOn(normalFridays.get(0)) + unitsOn(normalFridays.get(1));
      double ratio = unitsOn(blackFriday) / (normal / 2.0);

      assertThat(ratio).as("Black Friday %d over a normal Friday", year).isBetween(2.0, 3.6);
    }
  }

  @Test
  void holidaysSellLessThanTheSameWeekdayAWeekEarlier() {
    LocalDate christmas = LocalDate.of(2018, 12, 25);
    LocalDate tiradentes = LocalDate.of(2019, 4, 21);
    double before = unitsOn(christmas.minusWeeks(1)) + unitsOn(tiradentes.minusWeeks(1));
    double holidays = unitsOn(christmas) + unitsOn(tiradentes);

    assertThat(holidays / before).isBetween(0.45, 0.75);
  }

  @Test
  void decemberOutsellsAugustAndTheSecondYearTheFirst() {
    assertThat(unitsIn(2018, Month.DECEMBER) / (double) unitsIn(2018, Month.AUGUST))
        .isBetween(1.3, 1.8);
    long first = 0;
    long second = 0;
    for (int day = 0; day < draw.days(); day++) {
      long units = unitsOn(draw.day(day));
      if (draw.day(day).getYear() == 2018) {
        first += units;
      } else {
        second += units;
      }
    }
    assertThat(second / (double) first).isCloseTo(Math.exp(0.08), within(0.025));
  }

  @Test
  void everySaleInACampaignIsPromotedAndAboutThreePercentOutside() {
    long inside = 0;
    long promotedInside = 0;
    long outside = 0;
    long promotedOutside = 0;
    for (int day = 0; day < draw.days(); day++) {
      for (int store = 1; store <= STORES; store++) {
        for (int product = 1; product <= PRODUCTS; product++) {
          int units = draw.units(store, product, day);
          int promoted = draw.promotedUnits(store, product, day);
          if (truth.inCampaign(store, product, draw.day(day))) {
            inside += units;
            promotedInside += promoted;
          } else {
            outside += units;
            promotedOutside += promoted;
          }
        }
      }
    }
    assertThat(inside).isPositive();
    assertThat(promotedInside).isEqualTo(inside);
    assertThat(promotedOutside / (double) outside).isCloseTo(0.03, within(0.002));
  }

  @Test
  void campaignDaysSellTheUpliftMore() {
    assertThat(campaignOverUsualDays(draw)).isCloseTo(1.3, within(0.04));
    DemandDraw noUplift = simulate(Demand.Retail.DEFAULT.withUplift(0));
    assertThat(noUplift.truth().uplift()).isZero();
    assertThat(noUplift.truth().productUplift().values()).containsOnly(0.0);
    assertThat(campaignOverUsualDays(noUplift)).isCloseTo(1, within(0.03));
  }

  @Test
  void highSeasonCampaignsMakeTheNaiveComparisonCreditTheSeason() {
    DemandDraw highSeason =
        simulate(Demand.Retail.DEFAULT.withUplift(0).withCampaigns(CampaignPlacement.HIGH_SEASON));

    assertThat(highSeason.truth().campaignPlacement()).isEqualTo(CampaignPlacement.HIGH_SEASON);
    // no uplift at all, yet campaign days sell far more than usual days
    assertThat(campaignOverUsualDays(highSeason)).isGreaterThan(1.1);
  }

  @Test
  void highSeasonCampaignsRunInsideTheHighSeasonOnly() {
    DemandTruth highSeason =
        simulate(Demand.Retail.DEFAULT.withCampaigns(CampaignPlacement.HIGH_SEASON)).truth();
    double threshold = highSeason.highSeasonThreshold();

    assertThat(highSeason.campaigns()).hasSizeGreaterThan(200);
    for (Campaign c : highSeason.campaigns()) {
      for (LocalDate day = c.from(); !day.isAfter(c.to()); day = day.plusDays(1)) {
        assertThat(highSeason.season(day)).as("%s on %s", c, day).isGreaterThanOrEqualTo(threshold);
        assertThat(day.getMonth())
            .isIn(Month.OCTOBER, Month.NOVEMBER, Month.DECEMBER, Month.JANUARY);
      }
    }
    int highDays = 0;
    for (LocalDate day = LocalDate.of(2019, 1, 1); day.getYear() == 2019; day = day.plusDays(1)) {
      highDays += highSeason.inHighSeason(day) ? 1 : 0;
    }
    assertThat(highDays).isEqualTo(91);
  }

  @Test
  void campaignsAreARenewalProcess() {
    assertThat(truth.campaigns()).hasSizeBetween(900, 1150);
    for (int store = 1; store <= STORES; store++) {
      for (int product = 1; product <= PRODUCTS; product++) {
        List<Campaign> campaigns = truth.campaigns(store, product);
        assertThat(campaigns).isNotEmpty();
        assertThat(campaigns.get(0).from()).isBeforeOrEqualTo(truth.start().plusDays(90));
        for (int i = 0; i < campaigns.size(); i++) {
          Campaign c = campaigns.get(i);
          boolean cut = c.to().equals(truth.end());
          assertThat(c.days()).isBetween(cut ? 1 : 7, 14);
          assertThat(c.from()).isAfterOrEqualTo(truth.start());
          assertThat(c.to()).isBeforeOrEqualTo(truth.end());
          if (i > 0) {
            long gap = c.from().toEpochDay() - campaigns.get(i - 1).to().toEpochDay() - 1;
            assertThat(gap).isBetween(30L, 90L);
          }
        }
      }
    }
  }

  @Test
  void theJunkProductSellsALittle() {
    long junk = 0;
    for (int day = 0; day < draw.days(); day++) {
      for (int store = 1; store <= STORES; store++) {
        junk += draw.units(store, 10, day);
      }
    }
    // 0.05 of the product weights' 11.25
    assertThat(junk / (double) draw.totalUnits()).isCloseTo(0.05 / 11.25, within(0.0005));
  }

  @Test
  void theWindowFollowsStartAndDays() {
    LocalDate start = LocalDate.of(2021, 3, 15);
    DemandDraw window = simulate(Demand.Retail.DEFAULT.withStart(start).withDays(100));

    assertThat(window.days()).isEqualTo(100);
    assertThat(window.day(99)).isEqualTo(LocalDate.of(2021, 6, 22));
    assertThat(window.truth().end()).isEqualTo(window.day(99));
    assertThat(window.totalUnits()).isBetween(980_000L, 1_020_000L);
    assertThat(window.units(1, 1, start.minusDays(1))).isZero();
    assertThat(window.truth().campaigns())
        .allMatch(c -> !c.from().isBefore(start) && !c.to().isAfter(window.day(99)));
  }

  @Test
  void uniformOptionsHaveNothingToSimulate() {
    assertThatThrownBy(() -> RetailDemand.simulate(Options.of(1000, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retail");
  }

  @Test
  void aSimulationTakesMillisecondsWhateverTheSales() {
    for (long sales : List.of(200_000L, 10_000_000L)) {
      RetailDemand.simulate(Options.retail(sales, 0)); // warm up
      long start = System.nanoTime();
      for (int seed = 1; seed <= 20; seed++) {
        RetailDemand.simulate(Options.retail(sales, seed));
      }
      double perSeed = (System.nanoTime() - start) / 20 / 1e6;
      // ~15 ms on a shared 2-core machine; the bound only catches work that grows with sales
      assertThat(perSeed).as("ms per simulation of %d sales", sales).isLessThan(250);
    }
  }

  private DemandDraw simulate(Demand.Retail demand) {
    return RetailDemand.simulate(ONE_MILLION.withDemand(demand));
  }

  /**
   * Units on campaign days over what the same store sold of the same product on its other days, the
   * naive estimate of {@code 1 + uplift}.
   */
  private static double campaignOverUsualDays(DemandDraw draw) {
    double campaignUnits = 0;
    double usualAtCampaignDays = 0;
    for (int store = 1; store <= STORES; store++) {
      for (int product = 1; product <= PRODUCTS; product++) {
        long in = 0;
        long out = 0;
        int inDays = 0;
        for (int day = 0; day < draw.days(); day++) {
          if (draw.truth().inCampaign(store, product, draw.day(day))) {
            in += draw.units(store, product, day);
            inDays++;
          } else {
            out += draw.units(store, product, day);
          }
        }
        campaignUnits += in;
        usualAtCampaignDays += inDays * (out / (double) (draw.days() - inDays));
      }
    }
    return campaignUnits / usualAtCampaignDays;
  }

  private double meanUnitsOn(DayOfWeek dayOfWeek) {
    long units = 0;
    int days = 0;
    for (int day = 0; day < draw.days(); day++) {
      LocalDate date = draw.day(day);
      if (date.getDayOfWeek() == dayOfWeek
          && !BrazilianCalendar.isNationalHoliday(date)
          && !BrazilianCalendar.isBlackFriday(date)) {
        units += unitsOn(draw.day(day));
        days++;
      }
    }
    return units / (double) days;
  }

  private long unitsIn(int year, Month month) {
    long units = 0;
    for (int day = 0; day < draw.days(); day++) {
      LocalDate date = draw.day(day);
      if (date.getYear() == year && date.getMonth() == month) {
        units += unitsOn(date);
      }
    }
    return units;
  }

  private long unitsOn(LocalDate date) {
    long units = 0;
    for (int store = 1; store <= STORES; store++) {
      for (int product = 1; product <= PRODUCTS; product++) {
        units += draw.units(store, product, date);
      }
    }
    return units;
  }

  /** Every cell's units, then every cell's promoted units. */
  private static int[] series(DemandDraw draw) {
    int[] all = new int[2 * STORES * PRODUCTS * draw.days()];
    int i = 0;
    for (int store = 1; store <= STORES; store++) {
      for (int product = 1; product <= PRODUCTS; product++) {
        for (int day = 0; day < draw.days(); day++) {
          all[i++] = draw.units(store, product, day);
          all[i++] = draw.promotedUnits(store, product, day);
        }
      }
    }
    return all;
  }
}
