package com.salestech.etl.catalog;

import com.salestech.lake.catalog.CatalogColumn;
import com.salestech.lake.catalog.CatalogColumns;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    for (CatalogColumn column : CatalogColumns.of(schema)) {
      columns.add(new TableDefinition.Column(column.name(), column.hiveType(), column.comment()));
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
}
