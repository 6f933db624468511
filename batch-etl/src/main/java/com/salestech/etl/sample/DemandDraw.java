package com.salestech.etl.sample;

import java.time.LocalDate;

/**
 * One draw of the retail demand model: for every store, product and day, how many valid sales there
 * are and how many of them are flagged promoted, with the {@link DemandTruth} they were drawn from.
 * {@link SampleDataGenerator} writes exactly these counts (sale ids in order of day, store, then
 * product), so gold built from the files must count the same, and {@link RetailDemand#simulate}
 * gives them without writing anything.
 *
 * <p>Days are indexes from 0 ({@link DemandTruth#start()}) to {@code days() - 1}; stores and
 * products are ids from 1.
 */
public final class DemandDraw {

  private final DemandTruth truth;
  private final int stores;
  private final int products;
  private final int[] units;
  private final int[] promoted;
  private final double[] means;
  private final long totalUnits;
  private final long totalPromoted;

  /** Arrays indexed by {@link #cell}, taken as they are. */
  DemandDraw(DemandTruth truth, int[] units, int[] promoted, double[] means) {
    this.truth = truth;
    this.stores = truth.stores();
    this.products = truth.products();
    this.units = units;
    this.promoted = promoted;
    this.means = means;
    long sum = 0;
    long sumPromoted = 0;
    for (int i = 0; i < units.length; i++) {
      sum += units[i];
      sumPromoted += promoted[i];
    }
    this.totalUnits = sum;
    this.totalPromoted = sumPromoted;
  }

  public DemandTruth truth() {
    return truth;
  }

  public int days() {
    return truth.days();
  }

  /** The date of day index {@code day}. */
  public LocalDate day(int day) {
    return truth.start().plusDays(day);
  }

  /** Valid sales of {@code product} in {@code store} on day index {@code day}. */
  public int units(int store, int product, int day) {
    return units[cell(store, product, day)];
  }

  /** The same on {@code date}; 0 outside the days drawn. */
  public int units(int store, int product, LocalDate date) {
    long day = date.toEpochDay() - truth.start().toEpochDay();
    return day < 0 || day >= days() ? 0 : units(store, product, (int) day);
  }

  /** How many of {@link #units(int, int, int)} are flagged promoted in venda_promocao. */
  public int promotedUnits(int store, int product, int day) {
    return promoted[cell(store, product, day)];
  }

  /**
   * The mean the units were drawn with: {@link DemandTruth#expectedUnits(int, int, LocalDate)} of
   * that day, to the bit.
   */
  public double expectedUnits(int store, int product, int day) {
    return means[cell(store, product, day)];
  }

  /** Whether the store campaigned for the product that day. */
  public boolean inCampaign(int store, int product, int day) {
    return truth.inCampaign(store, product, day(day));
  }

  /** Day by day units of one store and product: a series to forecast. */
  public int[] unitsSeries(int store, int product) {
    int[] series = new int[days()];
    for (int day = 0; day < series.length; day++) {
      series[day] = units(store, product, day);
    }
    return series;
  }

  /** All valid sales: {@link DemandTruth#sales()}. */
  public long totalUnits() {
    return totalUnits;
  }

  /** All valid sales flagged promoted: the manifest's {@code promotedSales}. */
  public long totalPromotedUnits() {
    return totalPromoted;
  }

  // ---- by cell, for the writer: cells run through days, then stores, then products ----

  int cells() {
    return units.length;
  }

  int unitsAt(int cell) {
    return units[cell];
  }

  int promotedAt(int cell) {
    return promoted[cell];
  }

  int storeOf(int cell) {
    return cell / products % stores + 1;
  }

  int productOf(int cell) {
    return cell % products + 1;
  }

  int dayOf(int cell) {
    return cell / (products * stores);
  }

  private int cell(int store, int product, int day) {
    if (store < 1 || store > stores || product < 1 || product > products) {
      throw new IndexOutOfBoundsException("no store " + store + " or product " + product);
    }
    if (day < 0 || day >= days()) {
      throw new IndexOutOfBoundsException("day " + day + " is not in 0.." + (days() - 1));
    }
    return (day * stores + store - 1) * products + product - 1;
  }
}
