package com.salestech.etl.gold;

import com.salestech.model.avro.GoldTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gold as a reader finds it in the embedded store's directory ({@code <data-dir>/lake/
 * sales-tech-gld}): the published version of each table and the files it lists.
 */
final class PublishedGold {

  private final Path bucket;

  PublishedGold(Path dataDir) {
    this.bucket = dataDir.resolve("lake").resolve("sales-tech-gld");
  }

  /**
   * The pointer of a table's published version. The one place that knows how gold is resolved: the
   * version {@code _snapshot.json} names for the table (DATA-CONTRACT §4), read from that version's
   * own pointer, never from the per-table {@code _current.json}.
   */
  JsonNode pointer(String table) {
    String version = json(bucket.resolve("_snapshot.json")).get("tables").get(table).asString();
    return json(bucket.resolve(table).resolve("v=" + version).resolve("_pointer.json"));
  }

  String version(String table) {
    return pointer(table).get("version").asString();
  }

  /** The published version of every gold table. */
  Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      versions.put(table.tableName(), version(table.tableName()));
    }
    return versions;
  }

  /**
   * A DuckDB relation over exactly the files the published version lists; a partitioned table's
   * partition columns come from the path, as Hive and Athena read them.
   */
  String relation(String table) {
    JsonNode pointer = pointer(table);
    boolean partitioned = !pointer.path("partitionColumns").isEmpty();
    return "(SELECT * "
        + (partitioned ? "EXCLUDE (v) " : "")
        + "FROM read_parquet(["
        + String.join(", ", files(pointer))
        + "], hive_partitioning = "
        + partitioned
        + (partitioned ? ", hive_types_autocast = false" : "")
        + "))";
  }

  /** The files of the published version, as they are, partition columns not read from paths. */
  String files(String table) {
    return "read_parquet(["
        + String.join(", ", files(pointer(table)))
        + "], hive_partitioning = false)";
  }

  /** The JSON of an object of the gold bucket, e.g. a run report. */
  JsonNode object(String key) {
    return json(bucket.resolve(key));
  }

  /** Keys of the gold bucket under a prefix, sorted. */
  List<String> keys(String prefix) {
    Path dir = bucket.resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> bucket.relativize(f).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The latest {@code silver-to-gold} run report. Run ids are {@code <second>-<job instance>}: two
   * runs in one second are told apart by the instance as a number ({@code -10} after {@code -9}).
   */
  JsonNode latestReport() {
    List<String> reports =
        keys("_reports/silver-to-gold").stream()
            .sorted(
                java.util.Comparator.comparing((String k) -> k.substring(0, k.lastIndexOf('-')))
                    .thenComparingLong(
                        k ->
                            Long.parseLong(
                                k.substring(
                                    k.lastIndexOf('-') + 1, k.length() - ".json".length()))))
            .toList();
    return object(reports.get(reports.size() - 1));
  }

  private List<String> files(JsonNode pointer) {
    List<String> files = new ArrayList<>();
    for (JsonNode file : pointer.get("files")) {
      files.add("'" + bucket.resolve(file.get("key").asString()) + "'");
    }
    return files;
  }

  private static JsonNode json(Path file) {
    try {
      return JsonMapper.shared().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
