package com.salestech.etl.gold;

import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.time.LocalDate;
import java.util.Map;

/**
 * One worker's share of a gold build, kept in the lake until the run publishes.
 *
 * @param months the worker's {@code wide_vendas} months
 * @param aggregates the worker's file of each aggregate table (its groups are the worker's months)
 * @param receitaCents the revenue of each of the worker's files, in cents
 * @param goldSales sales the worker wrote
 * @param quarantine the worker's orphan sales, or null
 * @param leader what only worker 0 counts, over every sale; null for the others
 * @param dailyMonths the worker's {@code vendas_diarias} months, each fingerprinted like {@code
 *     wide_vendas}' ({@code rows} its pairs × days)
 */
public record GoldPart(
    int worker,
    Map<String, GoldBuild.Month> months,
    Map<GoldTable, DataFile> aggregates,
    Map<GoldTable, Long> receitaCents,
    long goldSales,
    DataFile quarantine,
    Map<String, Long> quarantinedByReason,
    Leader leader,
    Map<String, GoldBuild.Month> dailyMonths) {

  /**
   * @param orphanPromotions promotion rows naming no sale of silver
   * @param orphanPayments payment rows naming no sale of silver
   * @param salePairs the store × product pairs of {@code wide_vendas}, its daily series
   * @param firstSale the first day of sale of {@code wide_vendas}, null without sales
   * @param lastSale the last day of sale, null without sales
   */
  public record Leader(
      long silverSales,
      long duplicateSales,
      long orphanPromotions,
      long orphanPayments,
      Map<Table, LocalDate> newestIngest,
      long salePairs,
      LocalDate firstSale,
      LocalDate lastSale) {}
}
