package com.salestech.etl.gold;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of one {@code silver-to-gold} run, written under {@code <gold
 * root>/_reports/silver-to-gold/}.
 *
 * @param silver the silver version read, per table
 * @param tables what each gold table's new version holds (published or not, see {@code status})
 * @param orphanPromotions promotion rows naming no sale ({@code orphan_promotion})
 * @param orphanPayments payment rows naming no sale ({@code orphan_payment})
 * @param rebuiltMonths {@code wide_vendas} months written by this run
 * @param copiedMonths months whose rows did not change, copied from the previous version
 * @param vendasDiariasRebuiltMonths {@code vendas_diarias} months written by this run
 * @param vendasDiariasCopiedMonths {@code vendas_diarias} months whose rows did not change, copied
 * @param salePairs the store × product pairs of {@code wide_vendas}, the series of {@code
 *     vendas_diarias}
 * @param firstSale the first day of sale, where {@code vendas_diarias} and {@code calendario} start
 * @param lastSale the last day of sale, where {@code vendas_diarias} ends
 * @param checks the data-quality checks and their outcome
 */
public record GoldRunReport(
    String job,
    String runId,
    long executionId,
    String status,
    String exitCode,
    Instant startedAt,
    Instant finishedAt,
    long durationMs,
    Map<String, String> silver,
    long silverSales,
    long goldSales,
    Map<String, Long> quarantinedByReason,
    long orphanPromotions,
    long orphanPayments,
    BigDecimal receita,
    List<Table> tables,
    List<String> rebuiltMonths,
    List<String> copiedMonths,
    List<String> vendasDiariasRebuiltMonths,
    List<String> vendasDiariasCopiedMonths,
    long salePairs,
    LocalDate firstSale,
    LocalDate lastSale,
    List<QualityChecks.Result> checks) {

  /** One gold table in the run. */
  public record Table(String table, String version, long rows, int files, long bytes) {}

  String summary() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s run %s %s in %.1f s: %d sales read, %d in gold, quarantined %s, %d promotion"
                + " and %d payment rows of no sale, receita R$ %s%n",
            job,
            runId,
            exitCode,
            durationMs / 1000.0,
            silverSales,
            goldSales,
            quarantinedByReason,
            orphanPromotions,
            orphanPayments,
            receita == null ? "-" : receita.toPlainString()));
    text.append(
        String.format(
            Locale.ROOT,
            "  wide_vendas months: %d rebuilt %s, %d unchanged and copied%n",
            rebuiltMonths.size(),
            rebuiltMonths.size() <= 12 ? rebuiltMonths : "",
            copiedMonths.size()));
    text.append(
        String.format(
            Locale.ROOT,
            "  vendas_diarias months: %d rebuilt %s, %d unchanged and copied; %d store x product"
                + " pairs, %s to %s%n",
            vendasDiariasRebuiltMonths.size(),
            vendasDiariasRebuiltMonths.size() <= 12 ? vendasDiariasRebuiltMonths : "",
            vendasDiariasCopiedMonths.size(),
            salePairs,
            firstSale == null ? "-" : firstSale,
            lastSale == null ? "-" : lastSale));
    for (Table t : tables) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-20s %10d rows %5d files %12d bytes  version %s%n",
              t.table(),
              t.rows(),
              t.files(),
              t.bytes(),
              t.version()));
    }
    for (QualityChecks.Result check : checks) {
      text.append(
          String.format(
              Locale.ROOT,
              "  check %-16s %-7s (%s) %s%n",
              check.check().code(),
              check.status(),
              check.action().code(),
              check.detail()));
    }
    return text.toString().stripTrailing();
  }
}
