package com.salestech.etl.sample;

import com.salestech.etl.sample.DemandTruth.Campaign;
import com.salestech.etl.sample.SampleDataGenerator.Options;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The retail demand model behind {@code --demand retail}: how many valid sales each store makes of
 * each product on each day, with a known truth, so that forecasts and promotion estimates built on
 * the generated exports can be scored.
 *
 * <p>A day's sales of a store and product are a negative binomial count (a Poisson count whose rate
 * is Gamma distributed, dispersion {@value #DISPERSION}), with a mean that multiplies a store
 * weight (São Paulo sells most, Palmas least), a product weight (cheap items sell more; the junk
 * product a little, so a few of its sales still reach silver's quarantine), a weekday factor
 * (Saturday high, Sunday low), a yearly season peaking in December, a growth of {@value
 * #TREND_PER_YEAR} a year, a holiday factor ({@value #HOLIDAY_FACTOR} on national holidays, {@value
 * #BLACK_FRIDAY_FACTOR} on Black Friday, both from the shared {@link
 * com.salestech.model.calendar.BrazilianCalendar}) and, while the store campaigns for the product,
 * {@code 1 + uplift}. The scale makes the expected total the requested sales; the total drawn
 * varies around it.
 *
 * <p>Each store runs campaigns on each product as a renewal process: after a campaign of 7 to 14
 * days come 30 to 90 days without one (both uniform), the first starting 0 to 90 days in. Placed
 * {@link CampaignPlacement#HIGH_SEASON high-season}, a campaign waits for the next days that are
 * all in the high season. Every sale inside a campaign is flagged promoted; outside, a sale is
 * flagged with probability {@value #BACKGROUND_PROMOTION_SHARE}.
 *
 * <p>Campaigns, units and background flags each draw from their own seeded stream, none shared with
 * the writers of the files, so the dirt rate never changes the draw and the uplift never changes
 * the campaigns. One simulation is a few tens of thousands of cells and takes milliseconds, for any
 * number of sales.
 */
public final class RetailDemand {

  /**
   * Store weights by city, so that a change of {@link Vocabulary#CITIES}' order cannot shift them.
   */
  private static final Map<String, Double> STORE_WEIGHTS =
      Map.of(
          "São Paulo", 3.0,
          "Rio de Janeiro", 2.2,
          "Curitiba", 1.1,
          "Belo Horizonte", 1.4,
          "Santa Catarina", 0.9,
          "Recife", 1.0,
          "Salvador", 1.0,
          "Brasília", 1.2,
          "Palmas", 0.4,
          "Vitória", 0.7);

  /** Product weights by name: accessories sell more than laptops; the junk product hardly. */
  private static final Map<String, Double> PRODUCT_WEIGHTS =
      Map.of(
          "mouse", 3.0,
          "teclado", 2.5,
          "laptop básico", 0.8,
          "laptop gamer", 0.3,
          "monitor", 0.7,
          "impressora", 0.6,
          "carregador", 2.0,
          "cadeira", 0.8,
          "mesa", 0.5,
          "xxx-231a", 0.05);

  /** Monday to Sunday; they average 1, Saturday the busiest. */
  private static final List<Double> WEEKDAY_FACTORS =
      List.of(0.90, 0.88, 0.92, 0.97, 1.12, 1.38, 0.83);

  /**
   * The yearly season's harmonics: a peak in mid-December (Christmas, with Black Friday on top), a
   * trough in August, and a second harmonic that makes January fall off fast. Its high season, the
   * top quarter, runs from late October to late January.
   */
  private static final List<Double> SEASON_SIN = List.of(-0.04, -0.06);

  private static final List<Double> SEASON_COS = List.of(0.19, 0.06);

  static final double TREND_PER_YEAR = 0.08;
  static final double HOLIDAY_FACTOR = 0.6;
  static final double BLACK_FRIDAY_FACTOR = 2.5;
  static final double DISPERSION = 8;
  static final double BACKGROUND_PROMOTION_SHARE = 0.03;
  static final int MIN_CAMPAIGN_GAP = 30;
  static final int MAX_CAMPAIGN_GAP = 90;
  static final int MIN_CAMPAIGN_DAYS = 7;
  static final int MAX_CAMPAIGN_DAYS = 14;

  /** Streams of their own, apart from the tables' (numbered by {@code Table.ordinal()}). */
  private static final int CAMPAIGN_STREAM = 16;

  private static final int UNITS_STREAM = 17;
  private static final int BACKGROUND_STREAM = 18;

  private RetailDemand() {}

  /**
   * Draws the valid sales {@link SampleDataGenerator#generate} writes for {@code options}, without
   * writing them: the same options give the same draw.
   *
   * @throws IllegalArgumentException unless {@code options.demand()} is {@link Demand.Retail}
   */
  public static DemandDraw simulate(Options options) {
    if (!(options.demand() instanceof Demand.Retail retail)) {
      throw new IllegalArgumentException(
          "a simulation needs retail demand, not " + options.demand());
    }
    int stores = Vocabulary.CITIES.length;
    int products = Vocabulary.PRODUCTS.length;
    int days = retail.days();
    DemandTruth model = truth(options, retail, 1, 0, List.of());
    double[] dayFactors = new double[days];
    for (int day = 0; day < days; day++) {
      dayFactors[day] = model.dayFactor(retail.start().plusDays(day));
    }

    List<Campaign> campaigns =
        campaigns(new SeededRandom(SeededRandom.derive(options.seed(), CAMPAIGN_STREAM)), model);
    int cells = days * stores * products;
    boolean[] inCampaign = new boolean[cells];
    for (Campaign c : campaigns) {
      int first = (int) (c.from().toEpochDay() - retail.start().toEpochDay());
      for (int day = first; day < first + c.days(); day++) {
        inCampaign[(day * stores + c.store() - 1) * products + c.product() - 1] = true;
      }
    }

    double[] means = new double[cells];
    double scale = options.sales() / means(model, 1, dayFactors, inCampaign, means);
    means(model, scale, dayFactors, inCampaign, means);

    SeededRandom unitsRng = new SeededRandom(SeededRandom.derive(options.seed(), UNITS_STREAM));
    SeededRandom flagRng = new SeededRandom(SeededRandom.derive(options.seed(), BACKGROUND_STREAM));
    int[] units = new int[cells];
    int[] promoted = new int[cells];
    long total = 0;
    for (int cell = 0; cell < cells; cell++) {
      long n = CountSampler.negativeBinomial(unitsRng, means[cell], DISPERSION);
      if (n > Integer.MAX_VALUE) {
        throw new IllegalStateException("a day's sales of one store and product passed 2^31");
      }
      units[cell] = (int) n;
      promoted[cell] =
          inCampaign[cell]
              ? (int) n
              : (int) CountSampler.binomial(flagRng, n, BACKGROUND_PROMOTION_SHARE);
      total += n;
    }
    return new DemandDraw(truth(options, retail, scale, total, campaigns), units, promoted, means);
  }

  /** Fills {@code means} with every cell's mean for {@code scale} and returns their sum. */
  private static double means(
      DemandTruth model, double scale, double[] dayFactors, boolean[] inCampaign, double[] means) {
    double sum = 0;
    for (int cell = 0, day = 0; day < dayFactors.length; day++) {
      for (int store = 1; store <= model.stores(); store++) {
        for (int product = 1; product <= model.products(); product++, cell++) {
          means[cell] =
              DemandTruth.mean(
                  scale,
                  model.storeWeights().get(store - 1),
                  model.productWeights().get(product - 1),
                  dayFactors[day],
                  model.productUplift().get(product),
                  inCampaign[cell]);
          sum += means[cell];
        }
      }
    }
    return sum;
  }

  private static DemandTruth truth(
      Options options, Demand.Retail retail, double scale, long sales, List<Campaign> campaigns) {
    List<Double> storeWeights = new ArrayList<>();
    for (String city : Vocabulary.CITIES) {
      storeWeights.add(weight(STORE_WEIGHTS, city));
    }
    List<Double> productWeights = new ArrayList<>();
    Map<Integer, Double> productUplift = new LinkedHashMap<>();
    for (int product = 1; product <= Vocabulary.PRODUCTS.length; product++) {
      productWeights.add(weight(PRODUCT_WEIGHTS, Vocabulary.PRODUCTS[product - 1][0]));
      productUplift.put(product, retail.uplift());
    }
    return new DemandTruth(
        options.seed(),
        options.sales(),
        sales,
        retail.start(),
        retail.days(),
        scale,
        storeWeights,
        productWeights,
        WEEKDAY_FACTORS,
        SEASON_SIN,
        SEASON_COS,
        TREND_PER_YEAR,
        HOLIDAY_FACTOR,
        BLACK_FRIDAY_FACTOR,
        DISPERSION,
        retail.uplift(),
        productUplift,
        BACKGROUND_PROMOTION_SHARE,
        retail.campaigns(),
        List.of(MIN_CAMPAIGN_GAP, MAX_CAMPAIGN_GAP),
        List.of(MIN_CAMPAIGN_DAYS, MAX_CAMPAIGN_DAYS),
        campaigns);
  }

  private static double weight(Map<String, Double> weights, String name) {
    Double weight = weights.get(name);
    if (weight == null) {
      throw new IllegalStateException("the demand model has no weight for " + name);
    }
    return weight;
  }

  /**
   * Every store's campaigns on every product, store by store and product by product from one
   * stream; the last campaign is cut at the last day.
   */
  private static List<Campaign> campaigns(SeededRandom rng, DemandTruth model) {
    int days = model.days();
    LocalDate start = model.start();
    // fit[day]: how many days from day on are all allowed; a campaign needs its whole length
    int[] fit = new int[days + MAX_CAMPAIGN_DAYS + 1];
    boolean highSeasonOnly = model.campaignPlacement() == CampaignPlacement.HIGH_SEASON;
    double threshold = highSeasonOnly ? model.highSeasonThreshold() : 0;
    for (int day = fit.length - 2; day >= 0; day--) {
      boolean allowed = !highSeasonOnly || model.season(start.plusDays(day)) >= threshold;
      fit[day] = allowed ? fit[day + 1] + 1 : 0;
    }
    List<Campaign> campaigns = new ArrayList<>();
    for (int store = 1; store <= model.stores(); store++) {
      for (int product = 1; product <= model.products(); product++) {
        int from = rng.nextInt(MAX_CAMPAIGN_GAP + 1);
        while (true) {
          int length = MIN_CAMPAIGN_DAYS + rng.nextInt(MAX_CAMPAIGN_DAYS - MIN_CAMPAIGN_DAYS + 1);
          while (from < days && fit[from] < length) {
            from++;
          }
          if (from >= days) {
            break;
          }
          int to = Math.min(from + length, days) - 1;
          campaigns.add(new Campaign(store, product, start.plusDays(from), start.plusDays(to)));
          from += length + MIN_CAMPAIGN_GAP + rng.nextInt(MAX_CAMPAIGN_GAP - MIN_CAMPAIGN_GAP + 1);
        }
      }
    }
    return campaigns;
  }
}
