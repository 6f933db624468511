package com.salestech.query.report;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The filters every report takes: an inclusive date range and optional stores, products, promotion
 * flags and paid flags (each several values, any of which matches).
 */
record Filters(
    LocalDate from,
    LocalDate to,
    List<Integer> stores,
    List<Integer> products,
    List<Boolean> promotion,
    List<Boolean> paid) {

  static final Set<String> NAMES =
      Set.of("from", "to", "storeId", "productId", "promotion", "paid");

  /** The longest range a report covers. */
  static final int MAX_YEARS = 10;

  enum Filter {
    STORE,
    PRODUCT,
    PROMOTION,
    PAID
  }

  Filters {
    stores = List.copyOf(stores);
    products = List.copyOf(products);
    promotion = List.copyOf(promotion);
    paid = List.copyOf(paid);
  }

  static Filters parse(Params params) {
    LocalDate from = params.date("from", true);
    LocalDate to = params.date("to", true);
    if (from != null && to != null) {
      if (from.isAfter(to)) {
        params.error("from", "is after to (" + from + " > " + to + ")");
      } else if (!to.isBefore(from.plusYears(MAX_YEARS))) {
        params.error("to", "the range from " + from + " covers more than " + MAX_YEARS + " years");
      }
    }
    return new Filters(
        from,
        to,
        params.ids("storeId"),
        params.ids("productId"),
        params.flags("promotion"),
        params.flags("paid"));
  }

  Filters range(LocalDate newFrom, LocalDate newTo) {
    return new Filters(newFrom, newTo, stores, products, promotion, paid);
  }

  long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** Whether the range is whole calendar months, so monthly aggregates cover it exactly. */
  boolean wholeMonths() {
    return from.getDayOfMonth() == 1 && to.equals(YearMonth.from(to).atEndOfMonth());
  }

  /** Whether no filter outside {@code allowed} is set. */
  boolean onlyFilters(Set<Filter> allowed) {
    return (stores.isEmpty() || allowed.contains(Filter.STORE))
        && (products.isEmpty() || allowed.contains(Filter.PRODUCT))
        && (promotion.isEmpty() || allowed.contains(Filter.PROMOTION))
        && (paid.isEmpty() || allowed.contains(Filter.PAID));
  }

  /** The conditions on {@code wide_vendas}. */
  Sql whereWide(Sql sql) {
    sql.add(" WHERE dt_venda >= ? AND dt_venda <= ?", from, to);
    return andWide(sql);
  }

  /** The filters other than the range on {@code wide_vendas}, each as {@code AND …}. */
  Sql andWide(Sql sql) {
    return sql.andIn("id_loja", stores)
        .andIn("id_produto", products)
        .andIn("promocao", promotion)
        .andIn("pago", paid);
  }

  /**
   * The conditions on a monthly aggregate ({@code mes} is {@code YYYY-MM}, which sorts as text),
   * with the column of each filter the aggregate has; callers check {@link #onlyFilters} first.
   */
  Sql whereMonthly(
      Sql sql,
      String storeColumn,
      String productColumn,
      String promotionColumn,
      String paidColumn) {
    sql.add(
        " WHERE mes >= ? AND mes <= ?",
        YearMonth.from(from).toString(),
        YearMonth.from(to).toString());
    if (storeColumn != null) {
      sql.andIn(storeColumn, stores);
    }
    if (productColumn != null) {
      sql.andIn(productColumn, products);
    }
    if (promotionColumn != null) {
      sql.andIn(promotionColumn, promotion);
    }
    if (paidColumn != null) {
      sql.andIn(paidColumn, paid);
    }
    return sql;
  }

  /** A canonical text of the filters, for cache keys. */
  String key() {
    return from + ".." + to + "|s" + stores + "|p" + products + "|pr" + promotion + "|pg" + paid;
  }
}
