package com.salestech.etl.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link TableDefinition} as the Athena DDL that creates it, for review. */
public final class AthenaDdl {

  private AthenaDdl() {}

  public static String render(TableDefinition table) {
    StringBuilder sql = new StringBuilder();
    sql.append("-- ")
        .append(table.description() == null ? table.name() : table.description())
        .append('\n');
    sql.append("CREATE EXTERNAL TABLE IF NOT EXISTS `")
        .append(table.database())
        .append("`.`")
        .append(table.name())
        .append("` (\n");
    sql.append(columns(table.columns()));
    sql.append("\n)\n");
    if (!table.partitionKeys().isEmpty()) {
      sql.append("PARTITIONED BY (\n").append(columns(table.partitionKeys())).append("\n)\n");
    }
    sql.append("STORED AS PARQUET\n");
    sql.append("LOCATION '").append(table.location()).append("'\n");
    sql.append("TBLPROPERTIES (\n");
    sql.append(
        table.parameters().entrySet().stream()
            .map(e -> "  '" + e.getKey() + "' = '" + e.getValue() + "'")
            .collect(Collectors.joining(",\n")));
    sql.append("\n);\n");
    return sql.toString();
  }

  private static String columns(List<TableDefinition.Column> columns) {
    return columns.stream()
        .map(
            c ->
                "  `"
                    + c.name()
                    + "` "
                    + c.type()
                    + (c.comment() == null
                        ? ""
                        : " COMMENT '" + c.comment().replace("'", "''") + "'"))
        .collect(Collectors.joining(",\n"));
  }
}
