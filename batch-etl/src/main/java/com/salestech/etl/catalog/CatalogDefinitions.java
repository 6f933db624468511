package com.salestech.etl.catalog;

import com.salestech.lake.table.CurrentPointer;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Derives a table's catalog definition from what was published: the Avro schema of its files (kept
 * in {@code _current.json}) gives the columns and types, the pointer the version and partition
 * columns. Partitions are never registered one by one: {@code mes_venda} is declared by partition
 * projection over the version's folder.
 */
public final class CatalogDefinitions {

  private CatalogDefinitions() {}

  public static TableDefinition of(
      Layer layer,
      CurrentPointer pointer,
      LakeLayout layout,
      CatalogProperties settings,
      String lastMonth) {
    Schema schema = new Schema.Parser().parse(pointer.schema().toString());
    List<TableDefinition.Column> columns = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      columns.add(new TableDefinition.Column(field.name(), hiveType(field.schema()), field.doc()));
    }
    List<TableDefinition.Column> partitionKeys = new ArrayList<>();
    for (String partition : pointer.partitionColumns()) {
      partitionKeys.add(new TableDefinition.Column(partition, "string", "yyyy-MM, from the path"));
    }
    String root = "s3://" + layout.root(layer).bucket() + "/";
    String location = root + layout.versionPrefix(layer, pointer.table(), pointer.version());
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("classification", "parquet");
    parameters.put("parquet.compression", "ZSTD");
    parameters.put("salestech.version", pointer.version());
    for (String partition : pointer.partitionColumns()) {
      parameters.put("projection.enabled", "true");
      parameters.put("projection." + partition + ".type", "date");
      parameters.put("projection." + partition + ".format", "yyyy-MM");
      parameters.put("projection." + partition + ".range", settings.firstMonth() + "," + lastMonth);
      parameters.put("projection." + partition + ".interval", "1");
      parameters.put("projection." + partition + ".interval.unit", "MONTHS");
      parameters.put("storage.location.template", location + partition + "=${" + partition + "}/");
    }
    return new TableDefinition(
        layer == Layer.GOLD ? settings.goldDatabase() : settings.silverDatabase(),
        pointer.table(),
        schema.getDoc(),
        columns,
        partitionKeys,
        location,
        parameters);
  }

  /** The Hive (Athena, Glue) type of an Avro schema; a nullable union is its non-null branch. */
  static String hiveType(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() != Schema.Type.NULL) {
          return hiveType(branch);
        }
      }
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    if (logical instanceof LogicalTypes.Date) {
      return "date";
    }
    return switch (schema.getType()) {
      case LONG -> "bigint";
      case INT -> "int";
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case DOUBLE -> "double";
      case FLOAT -> "float";
      default -> throw new IllegalArgumentException("no catalog type for Avro " + schema.getType());
    };
  }
}
