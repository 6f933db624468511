package com.salestech.etl.silver;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code bronze-to-silver} builds silver.
 *
 * @param maxRejectRate a table whose quarantined share of non-empty rows read passes this fails and
 *     publishes nothing
 * @param tables per-table overrides, by table name ({@code produtos}, …)
 * @param keepVersions published versions kept per table; older ones are deleted
 * @param maxPrice upper bound of a product price in reais ({@code 0 < valor <= maxPrice})
 * @param rowsPerFile rows per silver Parquet file before starting the next one
 * @param parallelism tables built at the same time
 * @param maxLineBytes a longer CSV line is quarantined as {@code line_too_long}
 * @param progressRows rows between two progress commits to the job repository
 * @param multilineFields accept line breaks inside quoted fields; off, because the exports never
 *     have them and a stray quote would otherwise swallow the lines after it
 */
@Validated
@ConfigurationProperties("salestech.silver")
public record SilverProperties(
    @DefaultValue("0.2") @DecimalMin("0") @DecimalMax("1") double maxRejectRate,
    @DefaultValue Map<String, @Valid TableSettings> tables,
    @DefaultValue("5") @Min(1) int keepVersions,
    @DefaultValue("100000") @NotNull @DecimalMin(value = "0", inclusive = false)
        BigDecimal maxPrice,
    @DefaultValue("5000000") @Min(1) long rowsPerFile,
    @DefaultValue("2") @Min(1) int parallelism,
    @DefaultValue("1048576") @Min(1024) int maxLineBytes,
    @DefaultValue("500000") @Min(1) long progressRows,
    @DefaultValue("false") boolean multilineFields) {

  /**
   * @param maxRejectRate overrides the global reject rate for this table
   */
  public record TableSettings(@DecimalMin("0") @DecimalMax("1") Double maxRejectRate) {}

  public double maxRejectRate(String table) {
    TableSettings settings = tables.get(table);
    return settings != null && settings.maxRejectRate() != null
        ? settings.maxRejectRate()
        : maxRejectRate;
  }
}
