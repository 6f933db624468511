package com.salestech.query.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the reports. Money is a {@link BigDecimal} with two places (a JSON number such as
 * {@code 1500.00}); shares and relative changes are fractions with four places.
 */
final class Bodies {

  private Bodies() {}

  /** Where every number of a response came from. */
  record Provenance(
      String engine, String snapshot, Instant publishedAt, LocalDate newestSale, boolean cached) {

    Provenance asCached() {
      return new Provenance(engine, snapshot, publishedAt, newestSale, true);
    }
  }

  /** A report's data and its provenance. */
  record Envelope<T extends Tabular>(String report, T data, Provenance provenance) {}

  /** A report as rows, for {@code text/csv}. */
  interface Tabular {
    List<String> csvHeader();

    List<List<Object>> csvRows();

    /** What a CSV answer says in headers beside the provenance's ({@code X-…}). */
    default Map<String, String> csvHeaders() {
      return Map.of();
    }
  }

  static BigDecimal money(BigDecimal value) {
    return (value == null ? BigDecimal.ZERO : value).setScale(2, RoundingMode.HALF_UP);
  }

  static BigDecimal ratio(BigDecimal part, long whole, int scale) {
    return whole == 0 ? null : part.divide(BigDecimal.valueOf(whole), scale, RoundingMode.HALF_UP);
  }

  static BigDecimal ratio(long part, long whole) {
    return ratio(BigDecimal.valueOf(part), whole, 4);
  }

  record Kpis(
      long sales,
      long units,
      BigDecimal revenue,
      BigDecimal averageTicket,
      BigDecimal promotionShare,
      BigDecimal paidShare) {

    static Kpis of(long sales, long units, BigDecimal revenue, long promoted, long paid) {
      BigDecimal money = money(revenue);
      return new Kpis(
          sales, units, money, ratio(money, sales, 2), ratio(promoted, sales), ratio(paid, sales));
    }

    List<Object> row(String series, Range range) {
      return List.of(
          series,
          range.from(),
          range.to(),
          sales,
          units,
          revenue,
          orEmpty(averageTicket),
          orEmpty(promotionShare),
          orEmpty(paidShare));
    }
  }

  static Object orEmpty(Object value) {
    return value == null ? "" : value;
  }

  /** How much a figure changed: the difference, and the difference over the old value. */
  record Delta(BigDecimal absolute, BigDecimal relative) {

    static Delta of(BigDecimal current, BigDecimal base) {
      if (current == null || base == null) {
        return new Delta(null, null);
      }
      BigDecimal absolute = current.subtract(base);
      BigDecimal relative =
          base.signum() == 0 ? null : absolute.divide(base.abs(), 4, RoundingMode.HALF_UP);
      return new Delta(absolute, relative);
    }

    static Delta of(long current, long base) {
      return of(BigDecimal.valueOf(current), BigDecimal.valueOf(base));
    }
  }

  record KpiDelta(
      Delta sales,
      Delta units,
      Delta revenue,
      Delta averageTicket,
      Delta promotionShare,
      Delta paidShare) {

    static KpiDelta of(Kpis current, Kpis base) {
      return new KpiDelta(
          Delta.of(current.sales(), base.sales()),
          Delta.of(current.units(), base.units()),
          Delta.of(current.revenue(), base.revenue()),
          Delta.of(current.averageTicket(), base.averageTicket()),
          Delta.of(current.promotionShare(), base.promotionShare()),
          Delta.of(current.paidShare(), base.paidShare()));
    }
  }

  /**
   * @param incomplete the range runs past the newest sale, so its last days have no data yet
   * @param source the gold table(s) that answered
   */
  record KpiReport(
      Range range, boolean incomplete, String source, Kpis figures, KpiComparison comparison)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of(
          "series",
          "from",
          "to",
          "sales",
          "units",
          "revenue",
          "average_ticket",
          "promotion_share",
          "paid_share");
    }

    @Override
    public List<List<Object>> csvRows() {
      List<List<Object>> rows = new ArrayList<>();
      rows.add(figures.row("current", range));
      if (comparison != null) {
        rows.add(comparison.figures().row(comparison.compare(), comparison.range()));
      }
      return rows;
    }
  }

  /** The comparison range, cut to as many days as the range has data for. */
  record KpiComparison(String compare, Range range, String source, Kpis figures, KpiDelta change) {}

  record Group(String key, String label, long sales, long units, BigDecimal revenue) {}

  record RevenueReport(
      String groupBy,
      Range range,
      boolean incomplete,
      String source,
      List<Group> rows,
      RevenueComparison comparison)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("series", "key", "label", "sales", "units", "revenue");
    }

    @Override
    public List<List<Object>> csvRows() {
      List<List<Object>> out = new ArrayList<>();
      rows.forEach(g -> out.add(row("current", g)));
      if (comparison != null) {
        comparison.rows().forEach(g -> out.add(row(comparison.compare(), g)));
      }
      return out;
    }

    private static List<Object> row(String series, Group g) {
      return List.of(series, g.key(), orEmpty(g.label()), g.sales(), g.units(), g.revenue());
    }
  }

  record RevenueComparison(String compare, Range range, String source, List<Group> rows) {}

  record TopProduct(
      int rank, int productId, String product, long sales, long units, BigDecimal revenue) {}

  record TopProductsReport(Range range, String by, int limit, String source, List<TopProduct> rows)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("rank", "product_id", "product", "sales", "units", "revenue");
    }

    @Override
    public List<List<Object>> csvRows() {
      return rows.stream()
          .map(
              t ->
                  List.<Object>of(
                      t.rank(),
                      t.productId(),
                      orEmpty(t.product()),
                      t.sales(),
                      t.units(),
                      t.revenue()))
          .toList();
    }
  }

  record PromotionRow(
      boolean promotion, long sales, BigDecimal revenue, BigDecimal averageTicket) {}

  record PromotionsReport(Range range, String source, List<PromotionRow> rows) implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("promotion", "sales", "revenue", "average_ticket");
    }

    @Override
    public List<List<Object>> csvRows() {
      return rows.stream()
          .map(
              r ->
                  List.<Object>of(
                      r.promotion(), r.sales(), r.revenue(), orEmpty(r.averageTicket())))
          .toList();
    }
  }

  /**
   * @param averageDaysToPay over the paid sales; null for unpaid ones
   */
  record PaymentRow(boolean paid, long sales, BigDecimal revenue, BigDecimal averageDaysToPay) {}

  record PaymentsReport(Range range, String source, List<PaymentRow> rows) implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("paid", "sales", "revenue", "average_days_to_pay");
    }

    @Override
    public List<List<Object>> csvRows() {
      return rows.stream()
          .map(
              r -> List.<Object>of(r.paid(), r.sales(), r.revenue(), orEmpty(r.averageDaysToPay())))
          .toList();
    }
  }

  /**
   * @param sex {@code M}, {@code F} or null (unknown)
   */
  record CustomerRow(String ageBand, String sex, long customers, long sales, BigDecimal revenue) {}

  record CustomersReport(Range range, String source, List<CustomerRow> rows) implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("age_band", "sex", "customers", "sales", "revenue");
    }

    @Override
    public List<List<Object>> csvRows() {
      return rows.stream()
          .map(
              r ->
                  List.<Object>of(
                      r.ageBand(), orEmpty(r.sex()), r.customers(), r.sales(), r.revenue()))
          .toList();
    }
  }

  record Contribution(
      String key, String label, BigDecimal current, BigDecimal base, BigDecimal change) {}

  /**
   * @param contributions by dimension ({@code store}, {@code product}, {@code promotion}, {@code
   *     payment}): each dimension's changes add up to {@code change}
   */
  record ChangeReport(
      Range range,
      boolean incomplete,
      String compare,
      Range baseRange,
      BigDecimal current,
      BigDecimal base,
      BigDecimal change,
      Map<String, List<Contribution>> contributions)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("dimension", "key", "label", "current", "base", "change");
    }

    @Override
    public List<List<Object>> csvRows() {
      List<List<Object>> out = new ArrayList<>();
      contributions.forEach(
          (dimension, list) ->
              list.forEach(
                  c ->
                      out.add(
                          List.of(
                              dimension,
                              c.key(),
                              orEmpty(c.label()),
                              c.current(),
                              c.base(),
                              c.change()))));
      return out;
    }
  }

  record Sale(
      long saleId,
      LocalDate date,
      int storeId,
      String city,
      int productId,
      String product,
      Long customerId,
      long units,
      BigDecimal price,
      BigDecimal revenue,
      boolean promotion,
      boolean paid,
      LocalDate paidOn,
      Long daysToPay,
      String channel) {

    static final List<String> HEADER =
        List.of(
            "sale_id",
            "date",
            "store_id",
            "city",
            "product_id",
            "product",
            "customer_id",
            "units",
            "price",
            "revenue",
            "promotion",
            "paid",
            "paid_on",
            "days_to_pay",
            "channel");

    List<Object> row() {
      return java.util.Arrays.asList(
          saleId,
          date,
          storeId,
          city,
          productId,
          product,
          customerId,
          units,
          price,
          revenue,
          promotion,
          paid,
          paidOn,
          daysToPay,
          channel);
    }
  }

  /**
   * @param next the {@code after} of the next page; null on the last page
   */
  record SalesPage(Range range, int limit, Long after, List<Sale> rows, Long next)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return Sale.HEADER;
    }

    @Override
    public List<List<Object>> csvRows() {
      return rows.stream().map(Sale::row).toList();
    }
  }

  record Freshness(
      String snapshot, Instant publishedAt, LocalDate newestSale, Map<String, String> tables)
      implements Tabular {

    @Override
    public List<String> csvHeader() {
      return List.of("snapshot", "published_at", "newest_sale");
    }

    @Override
    public List<List<Object>> csvRows() {
      return List.of(List.of(snapshot, publishedAt, orEmpty(newestSale)));
    }
  }
}
