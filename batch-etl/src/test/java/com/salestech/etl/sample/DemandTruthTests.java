package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.salestech.etl.sample.DemandTruth.Campaign;
import com.salestech.etl.sample.SampleDataGenerator.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code truth.json} and the answers {@link DemandTruth} gives from it: the parameters of the
 * brief, the mean re-derived here by hand, campaign look-ups against a linear scan.
 */
class DemandTruthTests {

  private final DemandTruth truth = RetailDemand.simulate(Options.retail(200_000, 9)).truth();

  @Test
  void truthJsonRoundTrips(@TempDir Path dir) throws IOException {
    DemandTruth highSeason =
        RetailDemand.simulate(
                Options.retail(50_000, 2)
                    .withDemand(
                        Demand.Retail.DEFAULT
                            .withUplift(0)
                            .withCampaigns(CampaignPlacement.HIGH_SEASON)))
            .truth();
    for (DemandTruth t : List.of(truth, highSeason)) {
      assertThat(DemandTruth.fromJson(t.toJson())).isEqualTo(t);
      Path file = dir.resolve("truth-" + t.seed() + ".json");
      t.write(file);
      assertThat(DemandTruth.read(file)).isEqualTo(t);
      assertThat(DemandTruth.read(file).toJson()).isEqualTo(t.toJson());
    }
    assertThat(highSeason.toJson()).isNotEqualTo(truth.toJson());
  }

  @Test
  void truthJsonNamesEveryParameter() {
    JsonNode json = JsonMapper.shared().readTree(truth.toJson());

    assertThat(json.propertyNames())
        .containsExactly(
            "format",
            "seed",
            "requestedSales",
            "sales",
            "start",
            "days",
            "scale",
            "storeWeights",
            "productWeights",
            "weekdayFactors",
            "seasonSin",
            "seasonCos",
            "trendPerYear",
            "holidayFactor",
            "blackFridayFactor",
            "dispersion",
            "uplift",
            "productUplift",
            "backgroundPromotionShare",
            "campaignPlacement",
            "campaignGapDays",
            "campaignLengthDays",
            "campaigns");
    assertThat(json.get("start").asString()).isEqualTo("2018-01-01");
    assertThat(json.get("campaignPlacement").asString()).isEqualTo("random");
    assertThat(json.get("campaigns").size()).isEqualTo(truth.campaigns().size()).isPositive();
    JsonNode first = json.get("campaigns").get(0);
    assertThat(first.propertyNames()).containsExactly("store", "product", "from", "to");
    assertThat(LocalDate.parse(first.get("from").asString()))
        .isEqualTo(truth.campaigns().get(0).from());
  }

  @Test
  void theParametersAreTheModels() {
    assertThat(truth.seed()).isEqualTo(9);
    assertThat(truth.requestedSales()).isEqualTo(200_000);
    assertThat(truth.storeWeights())
        .containsExactly(3.0, 2.2, 1.1, 1.4, 0.9, 1.0, 1.0, 1.2, 0.4, 0.7);
    assertThat(truth.productWeights())
        .containsExactly(3.0, 2.5, 0.8, 0.3, 0.7, 0.6, 2.0, 0.8, 0.5, 0.05);
    assertThat(truth.weekdayFactors()).containsExactly(0.90, 0.88, 0.92, 0.97, 1.12, 1.38, 0.83);
    assertThat(truth.trendPerYear()).isEqualTo(0.08);
    assertThat(truth.holidayFactor()).isEqualTo(0.6);
    assertThat(truth.blackFridayFactor()).isEqualTo(2.5);
    assertThat(truth.dispersion()).isEqualTo(8);
    assertThat(truth.uplift()).isEqualTo(0.3);
    assertThat(truth.productUplift()).hasSize(10).containsValues(0.3).doesNotContainValue(0.0);
    assertThat(truth.backgroundPromotionShare()).isEqualTo(0.03);
    assertThat(truth.campaignGapDays()).containsExactly(30, 90);
    assertThat(truth.campaignLengthDays()).containsExactly(7, 14);
    assertThat(truth.campaignPlacement()).isEqualTo(CampaignPlacement.RANDOM);
  }

  @Test
  void expectedUnitsIsTheProductOfTheFactors() {
    // Black Friday 2018, a Friday, day 327 of the year and 326 days after the start
    LocalDate blackFriday = LocalDate.of(2018, 11, 23);
    double byHand =
        truth.scale()
            * 3.0 // São Paulo
            * 3.0 // mouse
            * 1.12 // Friday
            * season(327)
            * Math.exp(0.08 * 326 / 365.25)
            * 2.5;
    assertThat(truth.expectedUnits(1, 1, blackFriday, false))
        .isCloseTo(byHand, within(1e-9 * byHand));
    assertThat(truth.expectedUnits(1, 1, blackFriday, true))
        .isCloseTo(byHand * 1.3, within(1e-9 * byHand));

    // Christmas 2019, a Wednesday, in Palmas, of the junk product
    LocalDate christmas = LocalDate.of(2019, 12, 25);
    double christmasByHand =
        truth.scale() * 0.4 * 0.05 * 0.92 * season(359) * Math.exp(0.08 * 723 / 365.25) * 0.6;
    assertThat(truth.expectedUnits(9, 10, christmas, false))
        .isCloseTo(christmasByHand, within(1e-9 * christmasByHand));

    // an ordinary Saturday in Vitória, of chairs
    LocalDate saturday = LocalDate.of(2019, 3, 9);
    double saturdayByHand =
        truth.scale() * 0.7 * 0.8 * 1.38 * season(68) * Math.exp(0.08 * 432 / 365.25);
    assertThat(truth.expectedUnits(10, 8, saturday, false))
        .isCloseTo(saturdayByHand, within(1e-9 * saturdayByHand));
    assertThat(truth.expectedUnits(10, 8, saturday))
        .isEqualTo(truth.expectedUnits(10, 8, saturday, truth.inCampaign(10, 8, saturday)));
    assertThat(truth.unitsVariance(4)).isEqualTo(4 + 16 / 8.0);
  }

  @Test
  void theSeasonPeaksInDecemberAndBottomsOutInAugust() {
    LocalDate peak = null;
    LocalDate trough = null;
    for (LocalDate day = LocalDate.of(2019, 1, 1); day.getYear() == 2019; day = day.plusDays(1)) {
      if (peak == null || truth.season(day) > truth.season(peak)) {
        peak = day;
      }
      if (trough == null || truth.season(day) < truth.season(trough)) {
        trough = day;
      }
    }
    assertThat(peak.getMonth()).isEqualTo(Month.DECEMBER);
    assertThat(trough.getMonth()).isEqualTo(Month.AUGUST);
    assertThat(truth.season(peak) / truth.season(trough)).isBetween(1.4, 1.7);
    assertThat(truth.inHighSeason(LocalDate.of(2019, 11, 29))).isTrue();
    assertThat(truth.inHighSeason(LocalDate.of(2019, 6, 1))).isFalse();
  }

  @Test
  void inCampaignAgreesWithAScanOfTheCampaigns() {
    for (int store = 1; store <= 10; store++) {
      for (int product = 1; product <= 10; product++) {
        List<Campaign> campaigns = truth.campaigns(store, product);
        for (LocalDate day = truth.start().minusDays(3);
            !day.isAfter(truth.end().plusDays(3));
            day = day.plusDays(1)) {
          LocalDate d = day;
          boolean scanned = campaigns.stream().anyMatch(c -> c.contains(d));
          assertThat(truth.inCampaign(store, product, day))
              .as("store %d product %d on %s", store, product, day)
              .isEqualTo(scanned);
        }
      }
    }
    Campaign c = truth.campaigns().get(0);
    assertThat(truth.inCampaign(c.store(), c.product(), c.from())).isTrue();
    assertThat(truth.inCampaign(c.store(), c.product(), c.to())).isTrue();
    assertThat(truth.inCampaign(c.store(), c.product(), c.from().minusDays(1))).isFalse();
    assertThat(truth.inCampaign(c.store(), c.product(), c.to().plusDays(1))).isFalse();
  }

  @Test
  void campaignsMayNotOverlapAndMustBeOfKnownStoresAndProducts() {
    List<Campaign> overlapping = new ArrayList<>(truth.campaigns());
    Campaign c = overlapping.get(0);
    overlapping.add(new Campaign(c.store(), c.product(), c.to(), c.to().plusDays(3)));
    assertThatThrownBy(() -> withCampaigns(overlapping)).hasMessageContaining("overlapping");
    assertThatThrownBy(() -> withCampaigns(List.of(new Campaign(11, 1, c.from(), c.to()))))
        .hasMessageContaining("store 11");
    assertThatThrownBy(() -> new Campaign(1, 1, c.to(), c.from().minusDays(1)))
        .hasMessageContaining("ends on or after");
  }

  @Test
  void aTruthMissingAFieldIsRefusedByName() {
    String json = truth.toJson().replace("  \"dispersion\": 8.0,\n", "");

    assertThatThrownBy(() -> DemandTruth.fromJson(json)).hasMessage("truth.json: no dispersion");
    assertThatThrownBy(() -> DemandTruth.fromJson("[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(
            () -> DemandTruth.fromJson(truth.toJson().replace("\"format\": 1", "\"format\": 2")))
        .hasMessageContaining("format 2");
  }

  private static double season(int dayOfYear) {
    double angle = 2 * Math.PI * dayOfYear / 365.25;
    return Math.exp(
        -0.04 * Math.sin(angle)
            + 0.19 * Math.cos(angle)
            - 0.06 * Math.sin(2 * angle)
            + 0.06 * Math.cos(2 * angle));
  }

  private DemandTruth withCampaigns(List<Campaign> campaigns) {
    return new DemandTruth(
        truth.seed(),
        truth.requestedSales(),
        truth.sales(),
        truth.start(),
        truth.days(),
        truth.scale(),
        truth.storeWeights(),
        truth.productWeights(),
        truth.weekdayFactors(),
        truth.seasonSin(),
        truth.seasonCos(),
        truth.trendPerYear(),
        truth.holidayFactor(),
        truth.blackFridayFactor(),
        truth.dispersion(),
        truth.uplift(),
        truth.productUplift(),
        truth.backgroundPromotionShare(),
        truth.campaignPlacement(),
        truth.campaignGapDays(),
        truth.campaignLengthDays(),
        campaigns);
  }
}
