package com.salestech.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the lake the way an analyst would: resolves {@code _current.json}, then queries the files
 * it lists with DuckDB, straight from the embedded store's directory.
 */
public final class SilverLake {

  private final Path lake;

  public SilverLake(Path dataDir) {
    this.lake = dataDir.resolve("lake");
  }

  public JsonNode pointer(String table) {
    return pointer("sales-tech-slv", table);
  }

  public JsonNode pointer(String bucket, String table) {
    Path file = lake.resolve(bucket).resolve(table).resolve("_current.json");
    try {
      return JsonMapper.shared().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String version(String table) {
    return pointer(table).get("version").asString();
  }

  /** Rows of the published version, each column by name, ordered by {@code orderBy}. */
  public List<Map<String, Object>> rows(String table, String orderBy) {
    List<String> files = new ArrayList<>();
    for (JsonNode f : pointer(table).get("files")) {
      files.add("'" + lake.resolve("sales-tech-slv").resolve(f.get("key").asString()) + "'");
    }
    return query(
        "SELECT * FROM read_parquet(["
            + String.join(",", files)
            + "], hive_partitioning = false) ORDER BY "
            + orderBy);
  }

  /** The gold snapshot readers see: {@code <gold root>/_snapshot.json}. */
  public JsonNode snapshot() {
    return json(lake.resolve("sales-tech-gld").resolve("_snapshot.json"));
  }

  /** The version of a gold table in the current snapshot. */
  public String goldVersion(String table) {
    return snapshot().get("tables").get(table).asString();
  }

  /**
   * The pointer of a gold table as a reader of the snapshot resolves it: the one its version kept
   * of itself, never the per-table {@code _current.json}.
   */
  public JsonNode goldPointer(String table) {
    return json(
        lake.resolve("sales-tech-gld")
            .resolve(table)
            .resolve("v=" + goldVersion(table))
            .resolve("_pointer.json"));
  }

  private static JsonNode json(Path file) {
    try {
      return JsonMapper.shared().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rows of a gold table of the current snapshot, partition columns (from the path) included,
   * ordered by {@code orderBy}.
   */
  public List<Map<String, Object>> gold(String table, String orderBy) {
    List<String> files = new ArrayList<>();
    for (JsonNode f : goldPointer(table).get("files")) {
      files.add("'" + lake.resolve("sales-tech-gld").resolve(f.get("key").asString()) + "'");
    }
    return query(
        "SELECT * EXCLUDE (v) FROM read_parquet(["
            + String.join(",", files)
            + "], hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
            + " ORDER BY "
            + orderBy);
  }

  /** Quarantined rows of a table, all runs. */
  public List<Map<String, Object>> quarantine(String table) {
    Path dir = lake.resolve("sales-tech-slv/_quarantine").resolve(table);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    return query(
        "SELECT * FROM read_parquet('"
            + dir
            + "/**/*.parquet', hive_partitioning = false) ORDER BY source_key, line_number");
  }

  public Map<String, Long> quarantineReasons(String table) {
    return quarantine(table).stream()
        .collect(
            Collectors.groupingBy(
                r -> (String) r.get("reason"), java.util.TreeMap::new, Collectors.counting()));
  }

  public List<Path> objects(String bucket, String prefix) {
    Path dir = lake.resolve(bucket).resolve(prefix);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Map<String, Object>> query(String sql) {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
          Object value = rs.getObject(i);
          row.put(rs.getMetaData().getColumnName(i), value);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
