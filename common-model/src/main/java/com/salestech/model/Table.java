package com.salestech.model;

import static com.salestech.model.Column.optional;
import static com.salestech.model.Column.required;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The six tables of the retailer's exports, with the columns DATA-CONTRACT §1.1 names. */
public enum Table {
  CLIENTES(
      required("id", ColumnType.ID),
      optional("nome", ColumnType.TEXT),
      optional("sexo", ColumnType.SEX),
      optional("dt_nasc", ColumnType.DATE_MONTH_FIRST)),
  LOJAS(required("id", ColumnType.ID), required("cidade", ColumnType.TEXT)),
  PRODUTOS(
      required("id", ColumnType.ID),
      required("produto", ColumnType.TEXT),
      required("valor", ColumnType.PRICE)),
  VENDAS(
      required("id", ColumnType.ID),
      required("id_cliente", ColumnType.ID),
      required("id_loja", ColumnType.ID),
      required("id_produto", ColumnType.ID),
      required("dt_venda", ColumnType.DATE_DAY_FIRST)),
  PAGAMENTOS(
      required("id", ColumnType.ID),
      required("id_venda", ColumnType.ID),
      required("dt_pgto", ColumnType.DATE_DAY_FIRST)),
  VENDA_PROMOCAO(required("id_venda", ColumnType.ID), required("promocao", ColumnType.FLAG));

  private final List<Column> columns;

  Table(Column... columns) {
    this.columns = List.of(columns);
  }

  /** The name used in the lake and in file names: {@code venda_promocao}. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public List<Column> columns() {
    return columns;
  }

  /** The primary key: the first column ({@code id}, or {@code id_venda} for promotions). */
  public Column keyColumn() {
    return columns.get(0);
  }

  public static Optional<Table> fromName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.tableName().equals(wanted)).findFirst();
  }

  /**
   * Recognises the table from an export's file name: {@code caso_estudo_vendas.csv} is {@code
   * vendas}. The longest table name that ends the base name wins, so {@code venda_promocao} is not
   * mistaken for anything shorter.
   */
  public static Optional<Table> fromFileName(String fileName) {
    String base = fileName;
    int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
    base = base.substring(slash + 1).toLowerCase(Locale.ROOT);
    int dot = base.indexOf('.');
    if (dot >= 0) {
      base = base.substring(0, dot);
    }
    String stem = base;
    return Arrays.stream(values())
        .filter(t -> stem.equals(t.tableName()) || stem.endsWith("_" + t.tableName()))
        .max((a, b) -> Integer.compare(a.tableName().length(), b.tableName().length()));
  }
}
