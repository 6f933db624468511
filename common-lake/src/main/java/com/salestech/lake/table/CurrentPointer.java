package com.salestech.lake.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The content of {@code <table>/_current.json} (DATA-CONTRACT §4): which version of a table readers
 * see, and everything they need to read it without listing the store.
 *
 * @param schema the Avro schema of the data files, as JSON
 * @param history versions published before this one, newest first, each with when it stopped being
 *     current: what old-version cleanup keeps (and waits for) and what a rollback may return to
 */
public record CurrentPointer(
    String table,
    String version,
    Instant publishedAt,
    long rows,
    List<DataFile> files,
    List<String> partitionColumns,
    JsonNode schema,
    List<PastVersion> history) {

  /**
   * A version that was current once.
   *
   * @param replacedAt when readers stopped being sent to it; a reader that resolved it just before
   *     may still be reading it
   */
  public record PastVersion(String version, Instant publishedAt, Instant replacedAt) {}

  public CurrentPointer {
    files = List.copyOf(files);
    partitionColumns = List.copyOf(partitionColumns);
    history = history == null ? List.of() : List.copyOf(history);
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

  CurrentPointer withHistory(List<PastVersion> past) {
    return new CurrentPointer(
        table, version, publishedAt, rows, files, partitionColumns, schema, past);
  }

  CurrentPointer publishedAt(Instant at) {
    return new CurrentPointer(table, version, at, rows, files, partitionColumns, schema, history);
  }

  /** The versions published before this one, newest first. */
  public List<String> previousVersions() {
    return history.stream().map(PastVersion::version).toList();
  }

  public long bytes() {
    return files.stream().mapToLong(DataFile::bytes).sum();
  }
}
