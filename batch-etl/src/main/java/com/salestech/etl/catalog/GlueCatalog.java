package com.salestech.etl.catalog;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Creates or updates tables in the AWS Glue Data Catalog, so Athena (and QuickSight through it)
 * query the published version with no manual step.
 */
public final class GlueCatalog {

  private static final Logger log = LoggerFactory.getLogger(GlueCatalog.class);

  static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  static final String PARQUET_INPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String PARQUET_OUTPUT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

  private final GlueClient glue;

  public GlueCatalog(GlueClient glue) {
    this.glue = glue;
  }

  /** The Glue {@code TableInput} of a definition: Parquet SerDe, external, projected partitions. */
  public static TableInput tableInput(TableDefinition table) {
    return TableInput.builder()
        .name(table.name())
        .description(table.description())
        .tableType("EXTERNAL_TABLE")
        .parameters(table.parameters())
        .partitionKeys(columns(table.partitionKeys()))
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(columns(table.columns()))
                .location(table.location())
                .inputFormat(PARQUET_INPUT)
                .outputFormat(PARQUET_OUTPUT)
                .compressed(true)
                .serdeInfo(
                    SerDeInfo.builder()
                        .serializationLibrary(PARQUET_SERDE)
                        .parameters(java.util.Map.of("serialization.format", "1"))
                        .build())
                .build())
        .build();
  }

  private static List<Column> columns(List<TableDefinition.Column> columns) {
    return columns.stream()
        .map(c -> Column.builder().name(c.name()).type(c.type()).comment(c.comment()).build())
        .toList();
  }

  /** Creates the database when missing, then creates or updates the table. */
  public void register(TableDefinition table) {
    try {
      glue.getDatabase(r -> r.name(table.database()));
    } catch (EntityNotFoundException e) {
      try {
        glue.createDatabase(
            r ->
                r.databaseInput(
                    d -> d.name(table.database()).description("Sales Tech lake, by salestech")));
        log.info("Created Glue database {}", table.database());
      } catch (AlreadyExistsException raced) {
        // another run created it meanwhile
      }
    }
    TableInput input = tableInput(table);
    try {
      glue.getTable(r -> r.databaseName(table.database()).name(table.name()));
      glue.updateTable(r -> r.databaseName(table.database()).tableInput(input));
      log.info("Updated Glue table {}.{} -> {}", table.database(), table.name(), table.location());
    } catch (EntityNotFoundException e) {
      glue.createTable(r -> r.databaseName(table.database()).tableInput(input));
      log.info("Created Glue table {}.{} -> {}", table.database(), table.name(), table.location());
    }
  }
}
