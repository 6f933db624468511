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
    Map<String, Month> months) {

  /** A {@code wide_vendas} partition: the fingerprint of its rows and the files holding them. */
  public record Month(long rows, long hash, List<DataFile> files, boolean copied) {}

  public List<String> rebuiltMonths() {
    return months.entrySet().stream()
        .filter(e -> !e.getValue().copied())
        .map(Map.Entry::getKey)
        .toList();
  }

  public List<String> copiedMonths() {
    return months.entrySet().stream()
        .filter(e -> e.getValue().copied())
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
