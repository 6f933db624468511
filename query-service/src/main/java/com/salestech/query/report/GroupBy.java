package com.salestech.query.report;

/**
 * The groupings of the revenue report, each with its SQL key and label over {@code wide_vendas}.
 */
enum GroupBy implements Choice {
  DAY("day", "CAST(dt_venda AS VARCHAR)", "CAST(NULL AS VARCHAR)", "dt_venda"),
  WEEK(
      "week",
      "CAST(CAST(date_trunc('week', dt_venda) AS DATE) AS VARCHAR)",
      "CAST(NULL AS VARCHAR)",
      "date_trunc('week', dt_venda)"),
  MONTH("month", "mes_venda", "CAST(NULL AS VARCHAR)", "mes_venda"),
  STORE("store", "CAST(id_loja AS VARCHAR)", "max(cidade)", "id_loja"),
  PRODUCT("product", "CAST(id_produto AS VARCHAR)", "max(produto)", "id_produto"),
  // the label is an aggregate so that two output columns are not both named cidade (Trino refuses
  // ORDER BY an ambiguous name)
  CITY("city", "cidade", "max(cidade)", "cidade");

  private final String wire;
  final String key;
  final String label;

  /** What the rows are grouped and sorted by (ids sort as numbers, not as their text). */
  final String group;

  GroupBy(String wire, String key, String label, String group) {
    this.wire = wire;
    this.key = key;
    this.label = label;
    this.group = group;
  }

  @Override
  public String wire() {
    return wire;
  }
}
