package com.salestech.etl.silver;

import com.salestech.model.Table;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code bronze-to-silver} builds silver.
 *
 * @param maxRejectRate a table whose quarantined share of non-empty rows read passes this fails and
 *     publishes nothing
 * @param tables per-table overrides, by table name ({@code produtos}, {@code venda_promocao} or
 *     {@code venda-promocao}); a name of no table fails the start
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
    @DefaultValue("false") boolean multilineFields)
    implements Validator {

  public SilverProperties {
    tables = byTableName(tables == null ? Map.of() : tables);
  }

  /**
   * The overrides under the tables' own names: a property key loses its underscores unless
   * bracketed ({@code tables.venda_promocao} binds as {@code vendapromocao}), and may be dashed.
   */
  private static Map<String, TableSettings> byTableName(Map<String, TableSettings> tables) {
    Map<String, TableSettings> named = new LinkedHashMap<>();
    tables.forEach(
        (key, settings) -> {
          String bare = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
          String name =
              Arrays.stream(Table.values())
                  .map(Table::tableName)
                  .filter(t -> t.replace("_", "").equals(bare))
                  .findFirst()
                  .orElse(key);
          named.put(name, settings);
        });
    return Collections.unmodifiableMap(named);
  }

  @Override
  public boolean supports(Class<?> type) {
    return SilverProperties.class.isAssignableFrom(type);
  }

  /** Refuses settings of no table, naming the property: a typo would otherwise go unnoticed. */
  @Override
  public void validate(Object target, Errors errors) {
    String names =
        Arrays.stream(Table.values()).map(Table::tableName).collect(Collectors.joining(", "));
    for (String key : ((SilverProperties) target).tables().keySet()) {
      if (Table.fromName(key).isEmpty()) {
        errors.rejectValue("tables." + key, "unknownTable", "unknown table; tables: " + names);
      }
    }
  }

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
