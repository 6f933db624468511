package com.salestech.lake.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The content of {@code <table>/_current.json} (DATA-CONTRACT §4): which version of a table readers
 * see, and everything they need to read it without listing the store.
 *
 * @param schema the Avro schema of the data files, as JSON
 * @param previousVersions versions published before this one, newest first: what old-version
 *     cleanup keeps and what a rollback may return to
 */
public record CurrentPointer(
    String table,
    String version,
    Instant publishedAt,
    long rows,
    List<DataFile> files,
    List<String> partitionColumns,
    JsonNode schema,
    List<String> previousVersions) {

  public CurrentPointer {
    files = List.copyOf(files);
    partitionColumns = List.copyOf(partitionColumns);
    previousVersions = previousVersions == null ? List.of() : List.copyOf(previousVersions);
  }

  /** A pointer to a new version, its history filled in by {@link TableVersions#publish}. */
  public CurrentPointer(
      String table,
      String version,
      Instant publishedAt,
      long rows,
      List<DataFile> files,
      List<String> partitionColumns,
      JsonNode schema) {
    this(table, version, publishedAt, rows, files, partitionColumns, schema, List.of());
  }

  CurrentPointer withPreviousVersions(List<String> previous) {
    return new CurrentPointer(
        table, version, publishedAt, rows, files, partitionColumns, schema, previous);
  }

  public long bytes() {
    return files.stream().mapToLong(DataFile::bytes).sum();
  }
}
