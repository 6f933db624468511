package com.salestech.lake.catalog;

import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import tools.jackson.databind.JsonNode;

/**
 * The catalog columns of a published table, derived from the Avro schema of its files (kept in its
 * pointer): one mapping for every catalog that reads the lake (Glue and Athena DDL in batch-etl,
 * the versioned tables the query service registers on Athena and Trino), so that they all type
 * money as {@code decimal} and dates as {@code date} the same way.
 */
public final class CatalogColumns {

  private CatalogColumns() {}

  /** The columns of the files, in schema order; partition columns live in the path, not here. */
  public static List<CatalogColumn> of(Schema schema) {
    return schema.getFields().stream()
        .map(f -> new CatalogColumn(f.name(), hiveType(f.schema()), f.doc()))
        .toList();
  }

  /** {@link #of(Schema)} of a schema kept as JSON, as in {@code _current.json}. */
  public static List<CatalogColumn> of(JsonNode schema) {
    return of(new Schema.Parser().parse(schema.toString()));
  }

  /** The Hive (Athena, Glue) type of an Avro schema; a nullable union is its non-null branch. */
  public static String hiveType(Schema schema) {
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
