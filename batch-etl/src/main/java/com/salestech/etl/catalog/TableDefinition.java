package com.salestech.etl.catalog;

import java.util.List;
import java.util.Map;

/**
 * A published table as a SQL catalog sees it: the columns with Hive/Athena types, the partition
 * keys, the location of the published version and the table properties (partition projection).
 */
public record TableDefinition(
    String database,
    String name,
    String description,
    List<Column> columns,
    List<Column> partitionKeys,
    String location,
    Map<String, String> parameters) {

  /** A column with its Hive type ({@code bigint}, {@code decimal(12,2)}, {@code date}, …). */
  public record Column(String name, String type, String comment) {}
}
