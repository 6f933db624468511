package com.salestech.lake.table;

import java.util.Map;
import java.util.Optional;

/**
 * A gold snapshot with the pointer of every table it names: everything a reader of several gold
 * tables needs, resolved once, so that every table it reads belongs to the same run.
 */
public record ResolvedSnapshot(GoldSnapshot snapshot, Map<String, CurrentPointer> tables) {

  public ResolvedSnapshot {
    tables = Map.copyOf(tables);
  }

  public Optional<CurrentPointer> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }
}
