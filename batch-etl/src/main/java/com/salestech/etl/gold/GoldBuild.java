package com.salestech.etl.gold;

import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one gold build wrote, put together from the workers' shares when the run publishes.
 *
 * @param files the data files of each table's new version
 * @param receitaCents the revenue each table adds up to, in cents
 * @param silverSales sales read from silver
 * @param goldSales sales written to {@code wide_vendas}
 * @param quarantined sales dropped (orphans)
 * @param quarantineFiles the files of the sales dropped
 * @param orphanPromotions promotion rows naming no sale of silver
 * @param orphanPayments payment rows naming no sale of silver
 * @param duplicateSales sales whose {@code id_venda} was seen before
 * @param newestIngest newest export read, per silver table
 * @param months each {@code wide_vendas} month: its fingerprint, its files, and whether they were
 *     copied unchanged from the previous version instead of rebuilt
 * @param dailyMonths each {@code vendas_diarias} month, the same way
 * @param salePairs the store × product pairs of {@code wide_vendas}: the series of {@code
 *     vendas_diarias}
 * @param firstSale the first day of sale of {@code wide_vendas}, null without sales
 * @param lastSale its last day of sale, null without sales
 */
public record GoldBuild(
    String runId,
    Map<GoldTable, List<DataFile>> files,
    Map<GoldTable, Long> receitaCents,
    long silverSales,
    long goldSales,
    long quarantined,
    List<DataFile> quarantineFiles,
    Map<String, Long> quarantinedByReason,
    long orphanPromotions,
    long orphanPayments,
    long duplicateSales,
    Map<Table, LocalDate> newestIngest,
    Map<String, Month> months,
    Map<String, Month> dailyMonths,
    long salePairs,
    LocalDate firstSale,
    LocalDate lastSale) {

  /** A {@code wide_vendas} partition: the fingerprint of its rows and the files holding them. */
  public record Month(long rows, long hash, List<DataFile> files, boolean copied) {}

  /** The {@code wide_vendas} months this run wrote. */
  public List<String> rebuiltMonths() {
    return copied(months, false);
  }

  /** The {@code wide_vendas} months copied unchanged from the previous version. */
  public List<String> copiedMonths() {
    return copied(months, true);
  }

  /** The {@code vendas_diarias} months this run wrote. */
  public List<String> dailyRebuiltMonths() {
    return copied(dailyMonths, false);
  }

  /** The {@code vendas_diarias} months copied unchanged from the previous version. */
  public List<String> dailyCopiedMonths() {
    return copied(dailyMonths, true);
  }

  private static List<String> copied(Map<String, Month> months, boolean copied) {
    return months.entrySet().stream()
        .filter(e -> e.getValue().copied() == copied)
        .map(Map.Entry::getKey)
        .toList();
  }

  public long rows(GoldTable table) {
    return files.get(table).stream().mapToLong(DataFile::rows).sum();
  }

  public long bytes(GoldTable table) {
    return files.get(table).stream().mapToLong(DataFile::bytes).sum();
  }
}
