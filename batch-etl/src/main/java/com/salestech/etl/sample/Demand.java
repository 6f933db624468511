package com.salestech.etl.sample;

import java.time.LocalDate;
import java.util.Objects;

/**
 * How the sample generator spreads its valid sales over stores, products and days ({@code
 * --demand}).
 *
 * <p>{@link #UNIFORM}, the default, spreads them evenly over the ten stores, the ten products and
 * the days of 2018-01-01 to 2020-09-30, with promotion flags that mean nothing: enough to exercise
 * the pipeline, not a forecast. {@link Retail} draws them from {@link RetailDemand}'s model, with
 * store and product weights, weekly and yearly seasons, a trend, holidays and campaigns, and writes
 * the model's parameters as {@code truth.json} so forecasts and promotion estimates can be scored
 * against what really drove the numbers.
 */
public sealed interface Demand permits Demand.Uniform, Demand.Retail {

  /**
   * Every store, product and day equally likely; the output of the generator before it had {@link
   * Retail}.
   */
  Uniform UNIFORM = new Uniform();

  /** The choice as named on the command line: {@code uniform} or {@code retail}. */
  String label();

  /** Even sales; there is nothing to configure. */
  record Uniform() implements Demand {
    @Override
    public String label() {
      return "uniform";
    }
  }

  /**
   * Sales drawn from the retail demand model.
   *
   * @param start the first sale day ({@code --start})
   * @param days how many days have sales, from {@code start} ({@code --days})
   * @param uplift the campaign effect: a store sells {@code 1 + uplift} times its usual units of a
   *     product on the days it campaigns for it ({@code --uplift}); 0 means campaigns sell nothing
   *     extra
   * @param campaigns when campaigns run ({@code --campaigns})
   */
  record Retail(LocalDate start, int days, double uplift, CampaignPlacement campaigns)
      implements Demand {

    public static final LocalDate DEFAULT_START = LocalDate.of(2018, 1, 1);
    public static final int DEFAULT_DAYS = 730;
    public static final double DEFAULT_UPLIFT = 0.3;

    /** Ten years of days; longer buys nothing and only grows the per-day arrays. */
    public static final int MAX_DAYS = 3660;

    public static final double MAX_UPLIFT = 10;

    /** The sale and payment dates stay four-digit years the export's date rule reads. */
    private static final LocalDate EARLIEST_START = LocalDate.of(1900, 1, 1);

    private static final LocalDate LATEST_START = LocalDate.of(2999, 12, 31);

    /**
     * Two years from 2018: enough for a yearly season to be seen twice. Declared last, after the
     * bounds it is checked against.
     */
    public static final Retail DEFAULT =
        new Retail(DEFAULT_START, DEFAULT_DAYS, DEFAULT_UPLIFT, CampaignPlacement.RANDOM);

    public Retail {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(campaigns, "campaigns");
      if (start.isBefore(EARLIEST_START) || start.isAfter(LATEST_START)) {
        throw new IllegalArgumentException(
            "start must be between " + EARLIEST_START + " and " + LATEST_START + ", was " + start);
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new IllegalArgumentException(
            "days must be between 1 and " + MAX_DAYS + ", was " + days);
      }
      if (!(uplift >= 0 && uplift <= MAX_UPLIFT)) {
        throw new IllegalArgumentException(
            "uplift must be between 0 and " + (int) MAX_UPLIFT + ", was " + uplift);
      }
    }

    @Override
    public String label() {
      return "retail";
    }

    /** The last sale day. */
    public LocalDate end() {
      return start.plusDays(days - 1L);
    }

    public Retail withStart(LocalDate start) {
      return new Retail(start, days, uplift, campaigns);
    }

    public Retail withDays(int days) {
      return new Retail(start, days, uplift, campaigns);
    }

    public Retail withUplift(double uplift) {
      return new Retail(start, days, uplift, campaigns);
    }

    public Retail withCampaigns(CampaignPlacement campaigns) {
      return new Retail(start, days, uplift, campaigns);
    }
  }
}
