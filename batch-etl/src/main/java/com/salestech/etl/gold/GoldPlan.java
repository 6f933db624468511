package com.salestech.etl.gold;

import com.salestech.lake.table.CurrentPointer;
import com.salestech.model.Table;
import java.util.Map;
import java.util.TreeMap;

/**
 * The silver versions one {@code silver-to-gold} run reads, fixed when it starts and kept in the
 * job repository, so a restart builds from exactly the same silver even if silver moved on.
 *
 * @param runId the run's id; also the version name of every gold table it publishes
 * @param fullRefresh rebuild every month of {@code wide_vendas}, even those that did not change
 * @param workers the workers sharing the build, fixed for the run and its restarts
 * @param upToDate the published snapshot was built from these very silver versions: the run builds
 *     and publishes nothing
 */
public record GoldPlan(
    String runId,
    Map<Table, CurrentPointer> silver,
    boolean fullRefresh,
    int workers,
    boolean upToDate) {

  /** The silver version read, by table name: what the snapshot records. */
  public Map<String, String> silverVersions() {
    Map<String, String> versions = new TreeMap<>();
    silver.forEach((table, pointer) -> versions.put(table.tableName(), pointer.version()));
    return versions;
  }
}
