package com.salestech.lake.catalog;

/**
 * A column of a published table as a SQL catalog declares it.
 *
 * @param name the column's name, as in the data files
 * @param hiveType its Hive type, as Glue and Athena DDL spell it ({@code bigint}, {@code string},
 *     {@code decimal(12,2)}, {@code date}, …)
 * @param comment the field's documentation in the Avro schema, or null
 */
public record CatalogColumn(String name, String hiveType, String comment) {

  /**
   * The same type as Trino spells it in {@code CREATE TABLE} of its Hive connector: Hive's {@code
   * string}, {@code int} and {@code float} are Trino's {@code varchar}, {@code integer} and {@code
   * real}; the other types share their name.
   */
  public String trinoType() {
    return switch (hiveType) {
      case "string" -> "varchar";
      case "int" -> "integer";
      case "float" -> "real";
      default -> hiveType;
    };
  }
}
