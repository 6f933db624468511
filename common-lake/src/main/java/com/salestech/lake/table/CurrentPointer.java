package com.salestech.lake.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The content of {@code <table>/_current.json} (DATA-CONTRACT §4): which version of a table readers
 * see, and everything they need to read it without listing the store.
 *
 * @param schema the Avro schema of the data files, as JSON
 */
public record CurrentPointer(
    String table,
    String version,
    Instant publishedAt,
    long rows,
    List<DataFile> files,
    List<String> partitionColumns,
    JsonNode schema) {

  public CurrentPointer {
    files = List.copyOf(files);
    partitionColumns = List.copyOf(partitionColumns);
  }

  public long bytes() {
    return files.stream().mapToLong(DataFile::bytes).sum();
  }
}
