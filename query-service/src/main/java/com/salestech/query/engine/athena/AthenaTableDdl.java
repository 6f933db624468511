package com.salestech.query.engine.athena;

import com.salestech.query.engine.catalog.VersionedTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Athena (Hive) DDL of a versioned gold table. Partitions are never added one by one: the
 * partition column is declared by partition projection over the version's folder, its range the
 * months the version's files hold.
 */
final class AthenaTableDdl {

  private AthenaTableDdl() {}

  static String createDatabase(String database) {
    return "CREATE DATABASE IF NOT EXISTS `" + database + "`";
  }

  static String create(VersionedTable table, String database, String scheme) {
    String location = table.location(scheme);
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS `")
        .append(database)
        .append("`.`")
        .append(table.name())
        .append("` (\n");
    sql.append(
        table.columns().stream()
            .map(c -> "  `" + c.name() + "` " + c.hiveType())
            .collect(Collectors.joining(",\n")));
    sql.append("\n)\n");
    if (!table.partitionColumns().isEmpty()) {
      sql.append(
          table.partitionColumns().stream()
              .map(p -> "`" + p + "` string")
              .collect(Collectors.joining(", ", "PARTITIONED BY (", ")\n")));
    }
    sql.append("STORED AS PARQUET\n");
    sql.append("LOCATION '").append(quote(location)).append("'\n");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("classification", "parquet");
    properties.put("salestech.table", table.table());
    properties.put("salestech.version", table.version());
    for (String partition : table.partitionColumns()) {
      if (table.partitionValues().isEmpty()) {
        // no files, no partitions: the table reads as empty, as the version is
        continue;
      }
      String first = table.partitionValues().get(0);
      String last = table.partitionValues().get(table.partitionValues().size() - 1);
      properties.put("projection.enabled", "true");
      properties.put("projection." + partition + ".type", "date");
      properties.put("projection." + partition + ".format", "yyyy-MM");
      properties.put("projection." + partition + ".range", first + "," + last);
      properties.put("projection." + partition + ".interval", "1");
      properties.put("projection." + partition + ".interval.unit", "MONTHS");
      properties.put("storage.location.template", location + partition + "=${" + partition + "}/");
    }
    sql.append(
        properties.entrySet().stream()
            .map(e -> "  '" + quote(e.getKey()) + "' = '" + quote(e.getValue()) + "'")
            .collect(Collectors.joining(",\n", "TBLPROPERTIES (\n", "\n)")));
    return sql.toString();
  }

  static String drop(String database, String name) {
    return "DROP TABLE IF EXISTS `" + database + "`.`" + name + "`";
  }

  private static String quote(String text) {
    return text.replace("'", "''");
  }
}
