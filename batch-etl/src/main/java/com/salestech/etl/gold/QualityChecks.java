package com.salestech.etl.gold;

import com.salestech.etl.gold.GoldProperties.CheckAction;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data-quality checks run before gold is published, each with its action: a failed {@code fail}
 * check publishes nothing and fails the run; a failed {@code warn} check is reported only. Counts
 * and sums come from the files the run wrote ({@link GoldAudit}), compared with what it counted
 * while writing them.
 */
final class QualityChecks {

  /** One check's outcome. */
  record Result(QualityCheck check, CheckAction action, QualityCheck.Status status, String detail) {

    boolean blocks() {
      return status == QualityCheck.Status.FAILED;
    }
  }

  private QualityChecks() {}

  static List<Result> evaluate(
      GoldBuild build, GoldAudit.Facts lake, GoldProperties settings, Clock clock) {
    List<Result> results = new ArrayList<>();
    long dropped = build.quarantinedByReason().values().stream().mapToLong(Long::longValue).sum();
    results.add(
        result(
            QualityCheck.ROW_COUNT,
            settings,
            build.silverSales() == lake.silverRows()
                && lake.silverRows() == lake.wideRows() + lake.quarantineRows()
                && lake.wideRows() == build.goldSales()
                && lake.quarantineRows() == dropped,
            String.format(
                "silver vendas files hold %d rows (read %d) = wide_vendas files %d (written %d)"
                    + " + quarantine files %d (dropped %d)",
                lake.silverRows(),
                build.silverSales(),
                lake.wideRows(),
                build.goldSales(),
                lake.quarantineRows(),
                dropped)));
    long wide = lake.receitaCents().get(GoldTable.WIDE_VENDAS);
    long counted = build.receitaCents().get(GoldTable.WIDE_VENDAS);
    List<String> mismatches = new ArrayList<>();
    if (wide != counted) {
      mismatches.add("wide_vendas counted while writing " + BigDecimal.valueOf(counted, 2));
    }
    for (Map.Entry<GoldTable, Long> entry : lake.receitaCents().entrySet()) {
      if (entry.getValue() != wide) {
        mismatches.add(entry.getKey().tableName() + " " + BigDecimal.valueOf(entry.getValue(), 2));
      }
    }
    results.add(
        result(
            QualityCheck.REVENUE,
            settings,
            mismatches.isEmpty(),
            "receita summed from the wide_vendas files "
                + BigDecimal.valueOf(wide, 2)
                + (mismatches.isEmpty()
                    ? " = every aggregate's files"
                    : ", but " + String.join(", ", mismatches))));
    results.add(
        result(
            QualityCheck.UNIQUE_ID_VENDA,
            settings,
            build.duplicateSales() == 0,
            build.duplicateSales() + " id_venda seen more than once"));
    LocalDate oldestAllowed = LocalDate.now(clock).minusDays(settings.freshnessMaxAge().toDays());
    List<String> stale = new ArrayList<>();
    for (Table table : Table.values()) {
      LocalDate newest = build.newestIngest().get(table);
      if (newest == null || newest.isBefore(oldestAllowed)) {
        stale.add(table.tableName() + " " + (newest == null ? "never" : newest));
      }
    }
    results.add(
        result(
            QualityCheck.FRESHNESS,
            settings,
            stale.isEmpty(),
            stale.isEmpty()
                ? "every source has an export newer than " + settings.freshnessMaxAge()
                : "newest export older than " + settings.freshnessMaxAge() + ": " + stale));
    results.add(denseDays(build, lake, settings));
    return results;
  }

  /**
   * {@code vendas_diarias}' files hold a row per pair and day of the {@code wide_vendas} files'
   * range, {@code calendario}'s a row per day from their first sale to {@link CalendarTable#AHEAD}
   * days after the last; without sales, both are empty. The pairs are also those counted while
   * building.
   */
  private static Result denseDays(GoldBuild build, GoldAudit.Facts lake, GoldProperties settings) {
    long days =
        lake.firstSale() == null
            ? 0
            : lake.lastSale().toEpochDay() - lake.firstSale().toEpochDay() + 1;
    long dailyExpected = lake.salePairs() * days;
    long calendarExpected = days == 0 ? 0 : days + CalendarTable.AHEAD;
    boolean calendarSpan =
        days == 0
            ? lake.calendarFirst() == null
            : lake.firstSale().equals(lake.calendarFirst())
                && lake.lastSale().plusDays(CalendarTable.AHEAD).equals(lake.calendarLast());
    return result(
        QualityCheck.DENSE_DAYS,
        settings,
        lake.dailyRows() == dailyExpected
            && lake.salePairs() == build.salePairs()
            && lake.calendarRows() == calendarExpected
            && calendarSpan,
        String.format(
            "vendas_diarias files hold %d rows (%d store x product pairs (counted %d) x %d days of"
                + " wide_vendas, %s to %s: %d); calendario files hold %d rows, %s to %s (%d"
                + " expected)",
            lake.dailyRows(),
            lake.salePairs(),
            build.salePairs(),
            days,
            lake.firstSale(),
            lake.lastSale(),
            dailyExpected,
            lake.calendarRows(),
            lake.calendarFirst(),
            lake.calendarLast(),
            calendarExpected));
  }

  private static Result result(
      QualityCheck check, GoldProperties settings, boolean passed, String detail) {
    CheckAction action = settings.action(check);
    QualityCheck.Status status =
        passed
            ? QualityCheck.Status.PASSED
            : action == CheckAction.FAIL ? QualityCheck.Status.FAILED : QualityCheck.Status.WARNED;
    return new Result(check, action, status, detail);
  }
}
