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
 * check publishes nothing and fails the run; a failed {@code warn} check is reported only.
 */
final class QualityChecks {

  /**
   * One check's outcome.
   *
   * @param status PASSED, WARNED or FAILED
   */
  record Result(String check, String action, String status, String detail) {

    boolean blocks() {
      return status.equals("FAILED");
    }
  }

  private QualityChecks() {}

  static List<Result> evaluate(GoldBuild build, GoldProperties settings, Clock clock) {
    List<Result> results = new ArrayList<>();
    results.add(
        result(
            "row-count",
            settings.action("row-count", CheckAction.FAIL),
            build.silverSales() == build.goldSales() + build.quarantined()
                && build.rows(GoldTable.WIDE_VENDAS) == build.goldSales(),
            String.format(
                "silver sales %d = gold sales %d + quarantined %d; wide_vendas files hold %d",
                build.silverSales(),
                build.goldSales(),
                build.quarantined(),
                build.rows(GoldTable.WIDE_VENDAS))));
    long wide = build.receitaCents().get(GoldTable.WIDE_VENDAS);
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<GoldTable, Long> entry : build.receitaCents().entrySet()) {
      if (entry.getValue() != wide) {
        mismatches.add(entry.getKey().tableName() + " " + BigDecimal.valueOf(entry.getValue(), 2));
      }
    }
    results.add(
        result(
            "revenue",
            settings.action("revenue", CheckAction.FAIL),
            mismatches.isEmpty(),
            "wide_vendas receita "
                + BigDecimal.valueOf(wide, 2)
                + (mismatches.isEmpty()
                    ? " = every aggregate's receita"
                    : ", but " + String.join(", ", mismatches))));
    results.add(
        result(
            "unique-id-venda",
            settings.action("unique-id-venda", CheckAction.FAIL),
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
            "freshness",
            settings.action("freshness", CheckAction.WARN),
            stale.isEmpty(),
            stale.isEmpty()
                ? "every source has an export newer than " + settings.freshnessMaxAge()
                : "newest export older than " + settings.freshnessMaxAge() + ": " + stale));
    return results;
  }

  private static Result result(String check, CheckAction action, boolean passed, String detail) {
    String status = passed ? "PASSED" : action == CheckAction.FAIL ? "FAILED" : "WARNED";
    return new Result(check, action.code(), status, detail);
  }
}
