package com.salestech.etl.sample;

import com.salestech.model.calendar.BrazilianCalendar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What really drove a retail sample's sales ({@code truth.json} beside the exports): every
 * parameter of {@link RetailDemand}'s model and every campaign it ran. No job reads it; it is the
 * answer key for forecasts and promotion estimates made from the exports.
 *
 * <p>The valid sales of store {@code s} and product {@code p} on day {@code t} are a negative
 * binomial count with mean {@link #expectedUnits(int, int, LocalDate, boolean)}
 *
 * <pre>
 * scale × storeWeight[s] × productWeight[p] × weekday(t) × season(t) × trend(t) × holiday(t)
 *       × (1 + uplift[p] if s campaigns for p on t, else 1)
 * </pre>
 *
 * and variance {@code mean + mean² / dispersion}. Each sale is one unit (the CSV has no quantity).
 * Inside a campaign every sale is promoted; outside, each is promoted with probability {@link
 * #backgroundPromotionShare()}, the flags a till sets for other reasons.
 *
 * @param seed the generator's seed
 * @param requestedSales {@code --sales}: the expected number of valid sales, which {@code scale} is
 *     chosen to give
 * @param sales the valid sales actually drawn and written (ids {@code 1..sales})
 * @param start the first sale day
 * @param days sale days, from {@code start}
 * @param scale sales per unit of the product of the other factors
 * @param storeWeights index {@code s - 1} for store {@code s}
 * @param productWeights index {@code p - 1} for product {@code p}; the last is the junk product
 * @param weekdayFactors Monday to Sunday
 * @param seasonSin {@code a_j}, the sine coefficients of {@link #season}, {@code j = 1, 2, ...}
 * @param seasonCos {@code b_j}, its cosine coefficients
 * @param trendPerYear {@code g} in {@link #trend}
 * @param holidayFactor the factor of a national holiday ({@link BrazilianCalendar})
 * @param blackFridayFactor the factor of Black Friday
 * @param dispersion {@code k}: the variance is {@code mean + mean² / k}
 * @param uplift the campaign effect {@code --uplift}
 * @param productUplift the campaign effect by product id; today every product's is {@code uplift}
 * @param backgroundPromotionShare the chance that a sale outside any campaign is flagged promoted
 * @param campaignPlacement {@code --campaigns}
 * @param campaignGapDays the least and most days without campaign between two campaigns of a store
 *     on a product
 * @param campaignLengthDays the least and most days of a campaign (the last one may be cut short by
 *     the end of the data)
 * @param campaigns every campaign, ordered by store, product and first day; a store's campaigns on
 *     a product never overlap
 */
public record DemandTruth(
    long seed,
    long requestedSales,
    long sales,
    LocalDate start,
    int days,
    double scale,
    List<Double> storeWeights,
    List<Double> productWeights,
    List<Double> weekdayFactors,
    List<Double> seasonSin,
    List<Double> seasonCos,
    double trendPerYear,
    double holidayFactor,
    double blackFridayFactor,
    double dispersion,
    double uplift,
    Map<Integer, Double> productUplift,
    double backgroundPromotionShare,
    CampaignPlacement campaignPlacement,
    List<Integer> campaignGapDays,
    List<Integer> campaignLengthDays,
    List<Campaign> campaigns) {

  /** The file name beside the exports. */
  public static final String FILE_NAME = "truth.json";

  /** The year of the yearly season and the trend, in days. */
  public static final double DAYS_PER_YEAR = 365.25;

  /** The share of the year that {@link CampaignPlacement#HIGH_SEASON} campaigns run in. */
  public static final double HIGH_SEASON_SHARE = 0.25;

  private static final int FORMAT = 1;

  private static final Comparator<Campaign> ORDER =
      Comparator.comparingInt(Campaign::store)
          .thenComparingInt(Campaign::product)
          .thenComparing(Campaign::from);

  /**
   * Days {@code from} to {@code to}, both included, on which {@code store} campaigns for {@code
   * product}.
   */
  public record Campaign(int store, int product, LocalDate from, LocalDate to) {

    public Campaign {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException(
            "a campaign ends on or after its start: " + from + ".." + to);
      }
    }

    public boolean contains(LocalDate day) {
      return !day.isBefore(from) && !day.isAfter(to);
    }

    /** Its length in days. */
    public int days() {
      return (int) (to.toEpochDay() - from.toEpochDay()) + 1;
    }
  }

  public DemandTruth {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(campaignPlacement, "campaignPlacement");
    storeWeights = List.copyOf(storeWeights);
    productWeights = List.copyOf(productWeights);
    weekdayFactors = List.copyOf(weekdayFactors);
    seasonSin = List.copyOf(seasonSin);
    seasonCos = List.copyOf(seasonCos);
    productUplift = Collections.unmodifiableMap(new LinkedHashMap<>(productUplift));
    campaignGapDays = List.copyOf(campaignGapDays);
    campaignLengthDays = List.copyOf(campaignLengthDays);
    if (days < 1) {
      throw new IllegalArgumentException("days must be positive, was " + days);
    }
    if (weekdayFactors.size() != 7) {
      throw new IllegalArgumentException(
          "seven weekday factors, Monday first, not " + weekdayFactors);
    }
    if (seasonSin.size() != seasonCos.size()) {
      throw new IllegalArgumentException("as many season sines as cosines");
    }
    if (campaignGapDays.size() != 2 || campaignLengthDays.size() != 2) {
      throw new IllegalArgumentException("campaign gaps and lengths are [least, most]");
    }
    for (int product = 1; product <= productWeights.size(); product++) {
      if (!productUplift.containsKey(product)) {
        throw new IllegalArgumentException("no uplift for product " + product);
      }
    }
    if (!(dispersion > 0)) {
      throw new IllegalArgumentException("dispersion must be positive, was " + dispersion);
    }
    List<Campaign> sorted = new ArrayList<>(campaigns);
    sorted.sort(ORDER);
    for (int i = 0; i < sorted.size(); i++) {
      Campaign c = sorted.get(i);
      if (c.store() < 1 || c.store() > storeWeights.size()) {
        throw new IllegalArgumentException("no store " + c.store() + " for " + c);
      }
      if (c.product() < 1 || c.product() > productWeights.size()) {
        throw new IllegalArgumentException("no product " + c.product() + " for " + c);
      }
      Campaign before = i == 0 ? null : sorted.get(i - 1);
      if (before != null
          && before.store() == c.store()
          && before.product() == c.product()
          && !before.to().isBefore(c.from())) {
        throw new IllegalArgumentException("overlapping campaigns " + before + " and " + c);
      }
    }
    campaigns = List.copyOf(sorted);
  }

  /** The last sale day. */
  public LocalDate end() {
    return start.plusDays(days - 1L);
  }

  public int stores() {
    return storeWeights.size();
  }

  public int products() {
    return productWeights.size();
  }

  /**
   * The mean of the valid sales (units) of {@code store} and {@code product} on {@code day}, as if
   * the store campaigned for the product that day or not: the counterfactual a promotion estimate
   * is after is {@code expectedUnits(s, p, t, true) - expectedUnits(s, p, t, false)}. Defined on
   * any day; sales were drawn from {@link #start()} to {@link #end()}.
   */
  public double expectedUnits(int store, int product, LocalDate day, boolean inCampaign) {
    return mean(
        scale,
        storeWeights.get(store - 1),
        productWeights.get(product - 1),
        dayFactor(day),
        productUplift.get(product),
        inCampaign);
  }

  /**
   * The mean of the units drawn: {@link #expectedUnits(int, int, LocalDate, boolean)} as it was.
   */
  public double expectedUnits(int store, int product, LocalDate day) {
    return expectedUnits(store, product, day, inCampaign(store, product, day));
  }

  /** The variance of a day's units whose mean is {@code expectedUnits}. */
  public double unitsVariance(double expectedUnits) {
    return expectedUnits + expectedUnits * expectedUnits / dispersion;
  }

  /** Whether {@code store} campaigns for {@code product} on {@code day}: a binary search. */
  public boolean inCampaign(int store, int product, LocalDate day) {
    int low = 0;
    int high = campaigns.size() - 1;
    Campaign last = null;
    // the last campaign at or before (store, product, day)
    while (low <= high) {
      int middle = (low + high) >>> 1;
      Campaign c = campaigns.get(middle);
      int order =
          c.store() != store
              ? Integer.compare(c.store(), store)
              : c.product() != product
                  ? Integer.compare(c.product(), product)
                  : c.from().compareTo(day);
      if (order <= 0) {
        last = c;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return last != null
        && last.store() == store
        && last.product() == product
        && !last.to().isBefore(day);
  }

  /** The campaigns of {@code store} for {@code product}, by first day. */
  public List<Campaign> campaigns(int store, int product) {
    return campaigns.stream().filter(c -> c.store() == store && c.product() == product).toList();
  }

  /**
   * Everything of the mean but the store, the product and the campaign: {@code weekday × season ×
   * trend × holiday}.
   */
  public double dayFactor(LocalDate day) {
    return weekdayFactor(day.getDayOfWeek()) * season(day) * trend(day) * holiday(day);
  }

  public double weekdayFactor(DayOfWeek dayOfWeek) {
    return weekdayFactors.get(dayOfWeek.getValue() - 1);
  }

  /**
   * The yearly season, {@code exp(Σ_j a_j sin(2πj·doy/365.25) + b_j cos(2πj·doy/365.25))} with
   * {@code doy} the day of the year, 1 to 366.
   */
  public double season(LocalDate day) {
    return seasonOfDayOfYear(day.getDayOfYear());
  }

  /** The growth since {@link #start()}: {@code exp(g · (day − start) / 365.25)}. */
  public double trend(LocalDate day) {
    return StrictMath.exp(
        trendPerYear * (double) (day.toEpochDay() - start.toEpochDay()) / DAYS_PER_YEAR);
  }

  /** {@link #blackFridayFactor()}, {@link #holidayFactor()} on a national holiday, otherwise 1. */
  public double holiday(LocalDate day) {
    if (BrazilianCalendar.isBlackFriday(day)) {
      return blackFridayFactor;
    }
    return BrazilianCalendar.isNationalHoliday(day) ? holidayFactor : 1;
  }

  /**
   * The season at the edge of the high season: the quarter of days of the year 1 to 365 with the
   * highest {@link #season} have at least this value.
   */
  public double highSeasonThreshold() {
    double[] values = new double[365];
    for (int doy = 1; doy <= values.length; doy++) {
      values[doy - 1] = seasonOfDayOfYear(doy);
    }
    Arrays.sort(values);
    int highDays = (int) (values.length * HIGH_SEASON_SHARE);
    return values[values.length - highDays];
  }

  /**
   * Whether {@code day} is in the high season. It works the threshold out on every call: over many
   * days, compare {@link #season} with {@link #highSeasonThreshold()} instead.
   */
  public boolean inHighSeason(LocalDate day) {
    return season(day) >= highSeasonThreshold();
  }

  private double seasonOfDayOfYear(int doy) {
    double exponent = 0;
    for (int j = 1; j <= seasonSin.size(); j++) {
      double angle = 2 * StrictMath.PI * j * doy / DAYS_PER_YEAR;
      exponent += seasonSin.get(j - 1) * StrictMath.sin(angle);
      exponent += seasonCos.get(j - 1) * StrictMath.cos(angle);
    }
    return StrictMath.exp(exponent);
  }

  /** The one formula of the mean, shared with {@link RetailDemand} so the two agree to the bit. */
  static double mean(
      double scale,
      double storeWeight,
      double productWeight,
      double dayFactor,
      double uplift,
      boolean inCampaign) {
    double mean = scale * storeWeight * productWeight * dayFactor;
    return inCampaign ? mean * (1 + uplift) : mean;
  }

  DemandTruth withScaleAndSales(double scale, long sales) {
    return new DemandTruth(
        seed,
        requestedSales,
        sales,
        start,
        days,
        scale,
        storeWeights,
        productWeights,
        weekdayFactors,
        seasonSin,
        seasonCos,
        trendPerYear,
        holidayFactor,
        blackFridayFactor,
        dispersion,
        uplift,
        productUplift,
        backgroundPromotionShare,
        campaignPlacement,
        campaignGapDays,
        campaignLengthDays,
        campaigns);
  }

  // ---- truth.json ----

  /** Writes {@link #toJson()} to {@code file}, replacing it. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  /** Reads a file {@link #write} wrote. */
  public static DemandTruth read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * The truth as JSON, one parameter per line and one campaign per line, in the order of the
   * record's components; numbers as Java writes them, so the same truth gives the same bytes. The
   * store and product lists are by id ({@code storeWeights[0]} is store 1), the weekday factors
   * Monday first, dates ISO ({@code 2018-01-01}), and {@code productUplift} an object keyed by
   * product id.
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(128 + 72 * campaigns.size());
    json.append("{\n");
    field(json, "format", Integer.toString(FORMAT));
    field(json, "seed", Long.toString(seed));
    field(json, "requestedSales", Long.toString(requestedSales));
    field(json, "sales", Long.toString(sales));
    field(json, "start", quoted(start.toString()));
    field(json, "days", Integer.toString(days));
    field(json, "scale", number(scale));
    field(json, "storeWeights", numbers(storeWeights));
    field(json, "productWeights", numbers(productWeights));
    field(json, "weekdayFactors", numbers(weekdayFactors));
    field(json, "seasonSin", numbers(seasonSin));
    field(json, "seasonCos", numbers(seasonCos));
    field(json, "trendPerYear", number(trendPerYear));
    field(json, "holidayFactor", number(holidayFactor));
    field(json, "blackFridayFactor", number(blackFridayFactor));
    field(json, "dispersion", number(dispersion));
    field(json, "uplift", number(uplift));
    StringBuilder byProduct = new StringBuilder("{");
    productUplift.forEach(
        (product, value) ->
            byProduct
                .append(byProduct.length() > 1 ? ", " : "")
                .append(quoted(product.toString()))
                .append(": ")
                .append(number(value)));
    field(json, "productUplift", byProduct.append('}').toString());
    field(json, "backgroundPromotionShare", number(backgroundPromotionShare));
    field(json, "campaignPlacement", quoted(campaignPlacement.label()));
    field(json, "campaignGapDays", campaignGapDays.toString());
    field(json, "campaignLengthDays", campaignLengthDays.toString());
    json.append("  \"campaigns\": [");
    for (int i = 0; i < campaigns.size(); i++) {
      Campaign c = campaigns.get(i);
      json.append(i == 0 ? "\n" : ",\n")
          .append("    {\"store\": ")
          .append(c.store())
          .append(", \"product\": ")
          .append(c.product())
          .append(", \"from\": ")
          .append(quoted(c.from().toString()))
          .append(", \"to\": ")
          .append(quoted(c.to().toString()))
          .append('}');
    }
    json.append(campaigns.isEmpty() ? "]\n" : "\n  ]\n");
    return json.append("}\n").toString();
  }

  /** Reads {@link #toJson()}'s format; a missing or mistyped field fails naming it. */
  public static DemandTruth fromJson(String text) {
    JsonNode root;
    try {
      root = JsonMapper.shared().readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("truth.json is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("truth.json is not a JSON object");
    }
    long format = integral(root, "format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("truth.json format " + format + ", expected " + FORMAT);
    }
    Map<Integer, Double> productUplift = new LinkedHashMap<>();
    JsonNode byProduct = required(root, "productUplift");
    if (!byProduct.isObject()) {
      throw new IllegalArgumentException("truth.json: productUplift is not an object");
    }
    for (Map.Entry<String, JsonNode> entry : byProduct.properties()) {
      productUplift.put(Integer.parseInt(entry.getKey()), real(entry.getValue(), "productUplift"));
    }
    List<Campaign> campaigns = new ArrayList<>();
    for (JsonNode c : array(root, "campaigns")) {
      campaigns.add(
          new Campaign(
              (int) integral(c, "store"),
              (int) integral(c, "product"),
              date(c, "from"),
              date(c, "to")));
    }
    return new DemandTruth(
        integral(root, "seed"),
        integral(root, "requestedSales"),
        integral(root, "sales"),
        date(root, "start"),
        (int) integral(root, "days"),
        real(required(root, "scale"), "scale"),
        reals(root, "storeWeights"),
        reals(root, "productWeights"),
        reals(root, "weekdayFactors"),
        reals(root, "seasonSin"),
        reals(root, "seasonCos"),
        real(required(root, "trendPerYear"), "trendPerYear"),
        real(required(root, "holidayFactor"), "holidayFactor"),
        real(required(root, "blackFridayFactor"), "blackFridayFactor"),
        real(required(root, "dispersion"), "dispersion"),
        real(required(root, "uplift"), "uplift"),
        productUplift,
        real(required(root, "backgroundPromotionShare"), "backgroundPromotionShare"),
        CampaignPlacement.fromLabel(required(root, "campaignPlacement").asString()),
        integrals(root, "campaignGapDays"),
        integrals(root, "campaignLengthDays"),
        campaigns);
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append("  ").append(quoted(name)).append(": ").append(value).append(",\n");
  }

  private static String quoted(String text) {
    return '"' + text + '"';
  }

  private static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalStateException("JSON has no " + value);
    }
    return Double.toString(value);
  }

  private static String numbers(List<Double> values) {
    StringBuilder text = new StringBuilder("[");
    for (Double value : values) {
      text.append(text.length() > 1 ? ", " : "").append(number(value));
    }
    return text.append(']').toString();
  }

  private static JsonNode required(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("truth.json: no " + name);
    }
    return value;
  }

  private static long integral(JsonNode node, String name) {
    JsonNode value = required(node, name);
    if (!value.isIntegralNumber()) {
      throw new IllegalArgumentException("truth.json: " + name + " is not a whole number");
    }
    return value.longValue();
  }

  private static double real(JsonNode value, String name) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException("truth.json: " + name + " is not a number");
    }
    return value.doubleValue();
  }

  private static LocalDate date(JsonNode node, String name) {
    JsonNode value = required(node, name);
    try {
      return LocalDate.parse(value.asString());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("truth.json: " + name + " is not YYYY-MM-DD", e);
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String name) {
    JsonNode value = required(node, name);
    if (!value.isArray()) {
      throw new IllegalArgumentException("truth.json: " + name + " is not an array");
    }
    return value.values();
  }

  private static List<Double> reals(JsonNode node, String name) {
    List<Double> values = new ArrayList<>();
    for (JsonNode value : array(node, name)) {
      values.add(real(value, name));
    }
    return values;
  }

  private static List<Integer> integrals(JsonNode node, String name) {
    List<Integer> values = new ArrayList<>();
    for (JsonNode value : array(node, name)) {
      if (!value.isIntegralNumber()) {
        throw new IllegalArgumentException("truth.json: " + name + " holds a non-integer");
      }
      values.add(value.intValue());
    }
    return values;
  }
}
