package com.salestech.etl.gold;

import com.fasterxml.jackson.annotation.JsonValue;
import com.salestech.etl.gold.GoldProperties.CheckAction;
import java.util.Locale;

/** The data-quality checks run before gold is published, by their configuration names. */
public enum QualityCheck {
  /** Silver sales read = the pinned silver files' rows = gold rows + quarantined rows, in files. */
  ROW_COUNT(CheckAction.FAIL),
  /** Every aggregate's {@code receita}, summed from its files, equals {@code wide_vendas}'. */
  REVENUE(CheckAction.FAIL),
  /** No {@code id_venda} twice in silver. */
  UNIQUE_ID_VENDA(CheckAction.FAIL),
  /** Every silver table has an export newer than {@code salestech.gold.freshness-max-age}. */
  FRESHNESS(CheckAction.WARN),
  /**
   * {@code vendas_diarias} holds pairs × days rows, the pairs and days of sale read from the {@code
   * wide_vendas} files; {@code calendario} runs from the first day of sale to a year after the
   * last.
   */
  DENSE_DAYS(CheckAction.FAIL);

  private final CheckAction byDefault;

  QualityCheck(CheckAction byDefault) {
    this.byDefault = byDefault;
  }

  public CheckAction byDefault() {
    return byDefault;
  }

  /** The name in configuration and reports: {@code row-count}, {@code unique-id-venda}, … */
  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A check's outcome. */
  public enum Status {
    PASSED,
    WARNED,
    FAILED
  }
}
