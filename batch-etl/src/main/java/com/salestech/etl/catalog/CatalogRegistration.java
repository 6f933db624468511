package com.salestech.etl.catalog;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every published silver table and the tables of the current gold snapshot: renders its
 * Athena DDL into the lake ({@code <gold root>/_catalog/athena/}) and, with {@code
 * salestech.catalog.type=glue}, creates or updates its Glue table at the published version.
 */
public final class CatalogRegistration {

  private static final Logger log = LoggerFactory.getLogger(CatalogRegistration.class);

  private final TableVersions versions;
  private final GoldSnapshots snapshots;
  private final LakeStorage storage;
  private final CatalogProperties settings;
  private final Optional<GlueCatalog> glue;
  private final Clock clock;

  public CatalogRegistration(
      TableVersions versions,
      GoldSnapshots snapshots,
      LakeStorage storage,
      CatalogProperties settings,
      Optional<GlueCatalog> glue,
      Clock clock) {
    this.versions = versions;
    this.snapshots = snapshots;
    this.storage = storage;
    this.settings = settings;
    this.glue = glue;
    this.clock = clock;
  }

  /** Registers what is published now; returns the definitions registered. */
  public List<TableDefinition> registerAll() {
    LakeLayout layout = versions.layout();
    String lastMonth = YearMonth.now(clock).toString();
    List<TableDefinition> definitions = new ArrayList<>();
    for (Table table : Table.values()) {
      versions
          .current(Layer.SILVER, table.tableName())
          .ifPresent(p -> definitions.add(define(Layer.SILVER, p, layout, lastMonth)));
    }
    // Gold is registered as one snapshot: every table at the version its run published.
    snapshots
        .resolve()
        .ifPresent(
            gold -> {
              for (GoldTable table : GoldTable.values()) {
                gold.table(table.tableName())
                    .ifPresent(p -> definitions.add(define(Layer.GOLD, p, layout, lastMonth)));
              }
            });
    for (TableDefinition definition : definitions) {
      Layer layer =
          definition.database().equals(settings.goldDatabase()) ? Layer.GOLD : Layer.SILVER;
      storage.put(
          layout.gold().bucket(),
          layout.ddlKey(layer, definition.name()),
          AthenaDdl.render(definition).getBytes(StandardCharsets.UTF_8),
          "application/sql");
      glue.ifPresent(g -> g.register(definition));
    }
    log.info(
        "Catalog {}: {} tables {}",
        settings.type(),
        definitions.size(),
        glue.isPresent() ? "registered in Glue" : "rendered as Athena DDL under _catalog/athena/");
    return definitions;
  }

  private TableDefinition define(
      Layer layer, CurrentPointer pointer, LakeLayout layout, String lastMonth) {
    return CatalogDefinitions.of(layer, pointer, layout, settings, lastMonth);
  }
}
