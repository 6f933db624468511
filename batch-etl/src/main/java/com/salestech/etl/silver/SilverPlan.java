package com.salestech.etl.silver;

import com.salestech.model.Table;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bronze-to-silver} run reads, fixed when the run starts and kept in the job
 * repository so that a restarted run reads exactly the same objects.
 *
 * @param runId the run's id; also the version name of every table it publishes
 * @param files per table, the bronze objects to read, newest first
 * @param unknownObjects bronze CSV objects that belong to no known table
 */
public record SilverPlan(
    String runId,
    boolean fullRefresh,
    Map<Table, List<BronzeFile>> files,
    List<String> unknownObjects) {

  public List<BronzeFile> files(Table table) {
    return files.getOrDefault(table, List.of());
  }
}
