package com.salestech.query.engine.catalog;

import com.salestech.lake.catalog.CatalogColumn;
import com.salestech.lake.catalog.CatalogColumns;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.List;
import java.util.TreeSet;

/**
 * One version of a gold table as a catalog table of its own: a catalog table has one location, and
 * a version's files never change, so a table registered for a version is good for as long as the
 * version exists.
 *
 * @param table the gold table ({@code wide_vendas}, …)
 * @param version the published version
 * @param name the catalog table's name, {@link GoldTableNames#versioned}
 * @param columns the columns of the files, from the version's Avro schema
 * @param partitionColumns columns taken from the path ({@code mes_venda}), typed string
 * @param partitionValues the values of the (single) partition column found in the version's files,
 *     sorted; empty for an unpartitioned table
 * @param bucket the gold bucket
 * @param prefix the key prefix of the version's folder, ending with {@code /}
 */
public record VersionedTable(
    String table,
    String version,
    String name,
    List<CatalogColumn> columns,
    List<String> partitionColumns,
    List<String> partitionValues,
    String bucket,
    String prefix) {

  public VersionedTable {
    columns = List.copyOf(columns);
    partitionColumns = List.copyOf(partitionColumns);
    partitionValues = List.copyOf(partitionValues);
  }

  /** The catalog table of a version, from its pointer (schema, files, partition columns). */
  public static VersionedTable of(CurrentPointer pointer, LakeLayout layout) {
    String prefix = layout.versionPrefix(Layer.GOLD, pointer.table(), pointer.version());
    TreeSet<String> values = new TreeSet<>();
    if (pointer.partitionColumns().size() > 1) {
      throw new IllegalArgumentException(
          "gold table "
              + pointer.table()
              + "@"
              + pointer.version()
              + " has partition columns "
              + pointer.partitionColumns()
              + "; one at most is supported");
    }
    for (String column : pointer.partitionColumns()) {
      String marker = column + "=";
      for (DataFile file : pointer.files()) {
        String rest = file.key().startsWith(prefix) ? file.key().substring(prefix.length()) : "";
        if (rest.startsWith(marker) && rest.indexOf('/') > marker.length()) {
          values.add(rest.substring(marker.length(), rest.indexOf('/')));
        }
      }
    }
    return new VersionedTable(
        pointer.table(),
        pointer.version(),
        GoldTableNames.versioned(pointer.table(), pointer.version()),
        CatalogColumns.of(pointer.schema()),
        pointer.partitionColumns(),
        List.copyOf(values),
        layout.gold().bucket(),
        prefix);
  }

  /**
   * The version's folder as a location of the engine: {@code s3://} for Athena and a Trino cluster
   * on S3, {@code local:///} for a Trino whose {@code local.location} is the embedded lake's
   * folder.
   */
  public String location(String scheme) {
    return scheme + bucket + "/" + prefix;
  }
}
