package com.salestech.etl.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where published tables are registered for SQL engines.
 *
 * @param type {@code local}: nothing to register, readers resolve {@code _current.json} (the Athena
 *     DDL is still rendered into the lake for review); {@code glue}: create or update the tables in
 *     the AWS Glue Data Catalog, which Athena and QuickSight read
 * @param goldDatabase the Glue database of the gold tables
 * @param silverDatabase the Glue database of the silver tables
 * @param firstMonth the first {@code mes_venda} partition projection covers ({@code yyyy-MM}); the
 *     last is the current month
 */
@Validated
@ConfigurationProperties("salestech.catalog")
public record CatalogProperties(
    @DefaultValue("local") @Pattern(regexp = "local|glue") String type,
    @DefaultValue("sales_tech_gold") @NotBlank String goldDatabase,
    @DefaultValue("sales_tech_silver") @NotBlank String silverDatabase,
    @DefaultValue("2015-01") @Pattern(regexp = "\\d{4}-\\d{2}") String firstMonth) {

  public boolean glue() {
    return type.equals("glue");
  }
}
