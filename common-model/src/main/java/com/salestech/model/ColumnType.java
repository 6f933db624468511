package com.salestech.model;

/** How a column of an export is read; each type has one parser in {@code rules.ColumnRules}. */
public enum ColumnType {
  /** An integer greater than zero. */
  ID,
  /** Free text, trimmed. */
  TEXT,
  /** Money in whole reais with optional cents: {@code 1500}, {@code 1500.0}, {@code 1.500,00}. */
  PRICE,
  /** {@code M} or {@code F} in any case. */
  SEX,
  /** A calendar date written month first: {@code 4/16/1978}. */
  DATE_MONTH_FIRST,
  /** A calendar date written day first: {@code 16/04/1978}. */
  DATE_DAY_FIRST,
  /** A yes/no flag: {@code 1/0}, {@code true/false}, {@code sim/não}, {@code s/n}. */
  FLAG
}
