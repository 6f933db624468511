package com.salestech.query.report;

import static com.salestech.query.report.Bodies.money;
import static com.salestech.query.report.Bodies.ratio;

import com.salestech.query.engine.QueryEngine;
import com.salestech.query.report.Bodies.Contribution;
import com.salestech.query.report.Bodies.CustomerRow;
import com.salestech.query.report.Bodies.Group;
import com.salestech.query.report.Bodies.Kpis;
import com.salestech.query.report.Bodies.PaymentRow;
import com.salestech.query.report.Bodies.PromotionRow;
import com.salestech.query.report.Bodies.Sale;
import com.salestech.query.report.Bodies.TopProduct;
import com.salestech.query.report.Filters.Filter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The SQL of every report, in the dialect DuckDB and Trino/Athena share (STACK-NOTES): no {@code
 * ::}, no {@code avg} of decimals, no integer division, {@code count_if}, {@code date_trunc},
 * {@code OFFSET m ROWS FETCH NEXT n ROWS ONLY}. Sums come back exact; the ratios (average ticket,
 * shares, average days to pay) are divided here, in {@link BigDecimal} half up, so every engine
 * gives the same digits. A report reads a monthly aggregate when its range is whole months and it
 * has no filter the aggregate lacks, and {@code wide_vendas} otherwise.
 */
final class ReportQueries {

  static final String WIDE = "wide_vendas";
  static final String PRODUCT_MONTH = "receita_produto_mes";
  static final String PROMOTION_MONTH = "efeito_promocao";
  static final String PAYMENT_MONTH = "status_pagamento";

  private ReportQueries() {}

  /** The figures of one range, and the tables that gave them. */
  record Figures(Kpis kpis, String source) {}

  static LocalDate newestSale(QueryEngine.Reading reading) {
    LocalDate[] newest = new LocalDate[1];
    reading.query(
        "SELECT max(dt_venda) FROM wide_vendas", List.of(), row -> newest[0] = row.date(1));
    return newest[0];
  }

  static Figures kpis(QueryEngine.Reading reading, Filters f) {
    Sql sql = new Sql();
    String source;
    if (f.wholeMonths() && f.onlyFilters(Set.of())) {
      source = PRODUCT_MONTH + "," + PROMOTION_MONTH + "," + PAYMENT_MONTH;
      sql.add(
          "SELECT p.n_vendas, p.quantidade, p.receita, e.n_promocao, s.n_pago FROM"
              + " (SELECT sum(n_vendas) AS n_vendas, sum(quantidade) AS quantidade,"
              + " sum(receita) AS receita FROM receita_produto_mes");
      f.whereMonthly(sql, null, null, null, null);
      sql.add(
          ") p CROSS JOIN (SELECT sum(CASE WHEN promocao THEN n_vendas ELSE 0 END) AS n_promocao"
              + " FROM efeito_promocao");
      f.whereMonthly(sql, null, null, null, null);
      sql.add(
          ") e CROSS JOIN (SELECT sum(CASE WHEN pago THEN n_vendas ELSE 0 END) AS n_pago"
              + " FROM status_pagamento");
      f.whereMonthly(sql, null, null, null, null);
      sql.add(") s");
    } else {
      source = WIDE;
      sql.add(
          "SELECT count(*), sum(quantidade), sum(receita), count_if(promocao), count_if(pago)"
              + " FROM wide_vendas");
      f.whereWide(sql);
    }
    Kpis[] kpis = new Kpis[1];
    reading.query(
        sql.text(),
        sql.values(),
        row ->
            kpis[0] =
                Kpis.of(
                    zero(row.longValue(1)),
                    zero(row.longValue(2)),
                    row.decimal(3),
                    zero(row.longValue(4)),
                    zero(row.longValue(5))));
    return new Figures(kpis[0], source);
  }

  record Groups(List<Group> rows, String source) {}

  static Groups revenue(QueryEngine.Reading reading, Filters f, GroupBy groupBy) {
    Sql sql = new Sql();
    String source;
    boolean monthly =
        (groupBy == GroupBy.MONTH || groupBy == GroupBy.PRODUCT)
            && f.wholeMonths()
            && f.onlyFilters(Set.of(Filter.PRODUCT));
    if (monthly) {
      source = PRODUCT_MONTH;
      String key = groupBy == GroupBy.MONTH ? "mes" : "CAST(id_produto AS VARCHAR)";
      String label = groupBy == GroupBy.MONTH ? "CAST(NULL AS VARCHAR)" : "max(produto)";
      String group = groupBy == GroupBy.MONTH ? "mes" : "id_produto";
      sql.add("SELECT " + key + ", " + label + ", sum(n_vendas), sum(quantidade), sum(receita)")
          .add(" FROM receita_produto_mes");
      f.whereMonthly(sql, null, "id_produto", null, null);
      sql.add(" GROUP BY " + group + " ORDER BY " + group);
    } else {
      source = WIDE;
      sql.add(
              "SELECT "
                  + groupBy.key
                  + ", "
                  + groupBy.label
                  + ", count(*), sum(quantidade), sum(receita)")
          .add(" FROM wide_vendas");
      f.whereWide(sql);
      sql.add(" GROUP BY " + groupBy.group + " ORDER BY " + groupBy.group);
    }
    List<Group> rows = new ArrayList<>();
    reading.query(
        sql.text(),
        sql.values(),
        row ->
            rows.add(
                new Group(
                    row.string(1),
                    row.string(2),
                    zero(row.longValue(3)),
                    zero(row.longValue(4)),
                    money(row.decimal(5)))));
    return new Groups(rows, source);
  }

  enum By implements Choice {
    REVENUE("revenue", "sum(receita)"),
    UNITS("units", "sum(quantidade)");

    private final String wire;
    final String order;

    By(String wire, String order) {
      this.wire = wire;
      this.order = order;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  record Top(List<TopProduct> rows, String source) {}

  static Top topProducts(QueryEngine.Reading reading, Filters f, By by, int limit) {
    Sql sql = new Sql();
    String source;
    sql.add("SELECT id_produto, produto, n_vendas, quantidade, receita, rank_no FROM (SELECT");
    if (f.wholeMonths() && f.onlyFilters(Set.of(Filter.PRODUCT))) {
      source = PRODUCT_MONTH;
      sql.add(
          " id_produto, max(produto) AS produto, sum(n_vendas) AS n_vendas,"
              + " sum(quantidade) AS quantidade, sum(receita) AS receita, row_number() OVER"
              + " (ORDER BY "
              + by.order
              + " DESC, id_produto) AS rank_no FROM receita_produto_mes");
      f.whereMonthly(sql, null, "id_produto", null, null);
    } else {
      source = WIDE;
      sql.add(
          " id_produto, max(produto) AS produto, count(*) AS n_vendas,"
              + " sum(quantidade) AS quantidade, sum(receita) AS receita, row_number() OVER"
              + " (ORDER BY "
              + by.order
              + " DESC, id_produto) AS rank_no FROM wide_vendas");
      f.whereWide(sql);
    }
    sql.add(" GROUP BY id_produto) ranked WHERE rank_no <= ? ORDER BY rank_no", (long) limit);
    List<TopProduct> rows = new ArrayList<>();
    reading.query(
        sql.text(),
        sql.values(),
        row ->
            rows.add(
                new TopProduct(
                    row.longValue(6).intValue(),
                    row.longValue(1).intValue(),
                    row.string(2),
                    zero(row.longValue(3)),
                    zero(row.longValue(4)),
                    money(row.decimal(5)))));
    return new Top(rows, source);
  }

  record Promotions(List<PromotionRow> rows, String source) {}

  static Promotions promotions(QueryEngine.Reading reading, Filters f) {
    Sql sql = new Sql();
    String source;
    if (f.wholeMonths() && f.onlyFilters(Set.of(Filter.PROMOTION))) {
      source = PROMOTION_MONTH;
      sql.add("SELECT promocao, sum(n_vendas), sum(receita) FROM efeito_promocao");
      f.whereMonthly(sql, null, null, "promocao", null);
    } else {
      source = WIDE;
      sql.add("SELECT promocao, count(*), sum(receita) FROM wide_vendas");
      f.whereWide(sql);
    }
    sql.add(" GROUP BY promocao ORDER BY promocao");
    List<PromotionRow> rows = new ArrayList<>();
    reading.query(
        sql.text(),
        sql.values(),
        row -> {
          long sales = zero(row.longValue(2));
          BigDecimal revenue = money(row.decimal(3));
          rows.add(new PromotionRow(row.bool(1), sales, revenue, ratio(revenue, sales, 2)));
        });
    return new Promotions(rows, source);
  }

  record Payments(List<PaymentRow> rows, String source) {}

  /**
   * From {@code wide_vendas} always: the aggregate's monthly averages of days to pay are rounded,
   * so no range longer than a month could be averaged exactly from them.
   */
  static Payments payments(QueryEngine.Reading reading, Filters f) {
    Sql sql =
        new Sql()
            .add(
                "SELECT pago, count(*), sum(receita), sum(dias_para_pagamento),"
                    + " count(dias_para_pagamento) FROM wide_vendas");
    f.whereWide(sql);
    sql.add(" GROUP BY pago ORDER BY pago");
    List<PaymentRow> rows = new ArrayList<>();
    reading.query(
        sql.text(),
        sql.values(),
        row -> {
          Long days = row.longValue(4);
          long counted = zero(row.longValue(5));
          rows.add(
              new PaymentRow(
                  row.bool(1),
                  zero(row.longValue(2)),
                  money(row.decimal(3)),
                  days == null ? null : ratio(BigDecimal.valueOf(days), counted, 2)));
        });
    return new Payments(rows, WIDE);
  }

  static final String AGE_BAND =
      "CASE WHEN idade_na_venda IS NULL THEN 'unknown' WHEN idade_na_venda < 25 THEN '<25'"
          + " WHEN idade_na_venda <= 34 THEN '25-34' WHEN idade_na_venda <= 44 THEN '35-44'"
          + " WHEN idade_na_venda <= 54 THEN '45-54' WHEN idade_na_venda <= 64 THEN '55-64'"
          + " ELSE '65+' END";

  record Customers(List<CustomerRow> rows, String source) {}

  /**
   * From {@code wide_vendas}: {@code perfil_clientes} covers all time, and distinct customers of a
   * shorter range cannot be added up from it.
   */
  static Customers customers(QueryEngine.Reading reading, Filters f) {
    Sql sql =
        new Sql()
            .add(
                "SELECT "
                    + AGE_BAND
                    + " AS faixa_etaria, sexo_cliente, count(DISTINCT id_cliente), count(*),"
                    + " sum(receita) FROM wide_vendas");
    f.whereWide(sql);
    sql.add(" GROUP BY 1, 2 ORDER BY 1, 2");
    List<CustomerRow> rows = new ArrayList<>();
    reading.query(
        sql.text(),
        sql.values(),
        row ->
            rows.add(
                new CustomerRow(
                    row.string(1),
                    row.string(2),
                    zero(row.longValue(3)),
                    zero(row.longValue(4)),
                    money(row.decimal(5)))));
    return new Customers(rows, WIDE);
  }

  /** The dimensions of the change report, each as the key, label and grouping of its branch. */
  enum Dimension {
    STORE("store", "CAST(id_loja AS VARCHAR)", "max(cidade)", "id_loja"),
    PRODUCT("product", "CAST(id_produto AS VARCHAR)", "max(produto)", "id_produto"),
    PROMOTION("promotion", "CAST(promocao AS VARCHAR)", "CAST(NULL AS VARCHAR)", "promocao"),
    PAYMENT(
        "payment", "CASE WHEN pago THEN 'paid' ELSE 'unpaid' END", "CAST(NULL AS VARCHAR)", "pago");

    final String wire;
    final String key;
    final String label;
    final String group;

    Dimension(String wire, String key, String label, String group) {
      this.wire = wire;
      this.key = key;
      this.label = label;
      this.group = group;
    }
  }

  /** Revenue of each store, product, promotion flag and payment status in both ranges. */
  static Map<String, List<Contribution>> contributions(
      QueryEngine.Reading reading, Filters current, Range base) {
    Sql sql = new Sql();
    Dimension[] dimensions = Dimension.values();
    for (int i = 0; i < dimensions.length; i++) {
      Dimension d = dimensions[i];
      sql.add(i == 0 ? "" : " UNION ALL ")
          .add(
              "SELECT '"
                  + d.wire
                  + "' AS dimension, "
                  + d.key
                  + " AS k, "
                  + d.label
                  + " AS label, sum(CASE WHEN dt_venda >= ? AND dt_venda <= ? THEN receita END),"
                  + " sum(CASE WHEN dt_venda >= ? AND dt_venda <= ? THEN receita END)"
                  + " FROM wide_vendas WHERE ((dt_venda >= ? AND dt_venda <= ?)"
                  + " OR (dt_venda >= ? AND dt_venda <= ?))",
              current.from(),
              current.to(),
              base.from(),
              base.to(),
              current.from(),
              current.to(),
              base.from(),
              base.to());
      current.andWide(sql);
      sql.add(" GROUP BY " + d.group);
    }
    Map<String, List<Contribution>> out = new LinkedHashMap<>();
    for (Dimension d : dimensions) {
      out.put(d.wire, new ArrayList<>());
    }
    reading.query(
        sql.text(),
        sql.values(),
        row -> {
          BigDecimal now = money(row.decimal(4));
          BigDecimal then = money(row.decimal(5));
          out.get(row.string(1))
              .add(new Contribution(row.string(2), row.string(3), now, then, now.subtract(then)));
        });
    out.values().forEach(list -> list.sort(KEY_ORDER));
    return out;
  }

  /** Ids as numbers, anything else as text. */
  static final Comparator<Contribution> KEY_ORDER =
      Comparator.comparing((Contribution c) -> !c.key().matches("\\d+"))
          .thenComparing(c -> c.key().matches("\\d+") ? Long.parseLong(c.key()) : 0L)
          .thenComparing(Contribution::key);

  static final String SALE_COLUMNS =
      "SELECT id_venda, dt_venda, id_loja, cidade, id_produto, produto, id_cliente, quantidade,"
          + " valor, receita, promocao, pago, dt_pgto, dias_para_pagamento, canal FROM wide_vendas";

  /** The most rows a page fetches: the largest page, plus one to tell whether more follow. */
  static final long MAX_PAGE_FETCH = 1001;

  /**
   * Sale rows after {@code after}, by id, at most {@code limit} ({@link Long#MAX_VALUE}: all of
   * them): keyset pagination.
   */
  static void sales(
      QueryEngine.Reading reading, Filters f, long after, long limit, Consumer<Sale> rows) {
    Sql sql = new Sql().add(SALE_COLUMNS);
    f.whereWide(sql);
    sql.add(" AND id_venda > ?", after).add(" ORDER BY id_venda");
    if (limit != Long.MAX_VALUE) {
      if (limit < 1 || limit > MAX_PAGE_FETCH) {
        throw new IllegalArgumentException("page size out of range: " + limit);
      }
      // Athena binds values in WHERE only; the page size is a number the service checked against
      // a closed range, never text from the request
      sql.add(" OFFSET 0 ROWS FETCH NEXT " + limit + " ROWS ONLY");
    }
    reading.query(
        sql.text(),
        sql.values(),
        row ->
            rows.accept(
                new Sale(
                    row.longValue(1),
                    row.date(2),
                    row.longValue(3).intValue(),
                    row.string(4),
                    row.longValue(5).intValue(),
                    row.string(6),
                    row.longValue(7),
                    zero(row.longValue(8)),
                    row.decimal(9),
                    money(row.decimal(10)),
                    Boolean.TRUE.equals(row.bool(11)),
                    Boolean.TRUE.equals(row.bool(12)),
                    row.date(13),
                    row.longValue(14),
                    row.string(15))));
  }

  static long zero(Long value) {
    return value == null ? 0 : value;
  }
}
