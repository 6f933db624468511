package com.salestech.etl.silver;

import com.salestech.model.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code bronze-to-silver} run reads, fixed when the run starts and kept in the job
 * repository so that a restarted run reads exactly the same objects.
 *
 * @param runId the run's id; also the version name of every table it publishes
 * @param files per table, the bronze objects to read, newest first
 * @param unknownObjects bronze CSV objects that belong to no known table
 * @param rebuild tables rebuilt from all their bronze objects, without the current version: an
 *     export older than one already read arrived, so "newer wins" needs every export again
 * @param events the bronze event objects to read, in key order (which breaks ties of {@code
 *     receivedAt}); all of them when {@code vendas}, {@code venda_promocao} or {@code pagamentos}
 *     is rebuilt, since their stream rows come from nowhere else
 */
public record SilverPlan(
    String runId,
    boolean fullRefresh,
    Map<Table, List<BronzeFile>> files,
    List<String> unknownObjects,
    Set<Table> rebuild,
    List<BronzeFile> events) {

  /** The name event objects are bookmarked under, beside the tables' names. */
  public static final String EVENTS = "events";

  public SilverPlan {
    // A plan saved before events were read has none.
    events = events == null ? List.of() : List.copyOf(events);
  }

  public List<BronzeFile> files(Table table) {
    return files.getOrDefault(table, List.of());
  }

  /** Whether the table is built from its planned objects alone, ignoring the current version. */
  public boolean rebuilds(Table table) {
    return fullRefresh || rebuild.contains(table);
  }
}
