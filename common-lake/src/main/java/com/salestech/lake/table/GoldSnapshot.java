package com.salestech.lake.table;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of {@code <gold root>/_snapshot.json} (DATA-CONTRACT §4): the one version of every
 * gold table that readers see together, and the silver versions they were built from.
 *
 * @param run the run that built the tables (also their version name, unless rolled back)
 * @param tables the version of each gold table, by table name
 * @param silver the version of each silver table the run read, by table name
 * @param history snapshots published before this one, newest first, each with when it stopped being
 *     current: what a rollback returns to and what old-version cleanup keeps
 */
public record GoldSnapshot(
    String run,
    Instant publishedAt,
    Map<String, String> tables,
    Map<String, String> silver,
    List<Past> history) {

  /**
   * A snapshot that was current once.
   *
   * @param replacedAt when readers stopped being sent to it
   */
  public record Past(
      String run,
      Instant publishedAt,
      Instant replacedAt,
      Map<String, String> tables,
      Map<String, String> silver) {}

  public GoldSnapshot {
    tables = new TreeMap<>(tables);
    silver = silver == null ? Map.of() : new TreeMap<>(silver);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** A snapshot of a new run, its history filled in when it is committed. */
  public GoldSnapshot(
      String run, Instant publishedAt, Map<String, String> tables, Map<String, String> silver) {
    this(run, publishedAt, tables, silver, List.of());
  }

  GoldSnapshot withHistory(List<Past> past) {
    return new GoldSnapshot(run, publishedAt, tables, silver, past);
  }

  Past asPast(Instant replacedAt) {
    return new Past(run, publishedAt, replacedAt, tables, silver);
  }
}
