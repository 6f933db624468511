package com.salestech.query.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.GoldLake;
import com.salestech.query.engine.QueryEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinning on a catalog engine: a table per version, names rewritten, unused versions dropped. */
class CatalogEngineIntegrationTests {

  /** Remembers what the engine asked of the catalog. */
  static final class RecordingCatalog implements Catalog {
    final Set<String> tables = new LinkedHashSet<>();
    final List<String> registered = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();
    final List<String> statements = new ArrayList<>();
    final List<List<?>> values = new ArrayList<>();

    @Override
    public String engine() {
      return "recording";
    }

    @Override
    public void register(VersionedTable table) {
      registered.add(table.name());
      tables.add(table.name());
    }

    @Override
    public void drop(String name) {
      dropped.add(name);
      tables.remove(name);
    }

    @Override
    public Set<String> tables() {
      return Set.copyOf(tables);
    }

    @Override
    public void query(String sql, List<?> bound, QueryEngine.RowHandler rows) {
      statements.add(sql);
      values.add(bound);
    }
  }

  @TempDir Path dir;
  TestGold gold;
  RecordingCatalog catalog;
  CatalogEngine engine;

  @BeforeEach
  void start() {
    gold = new TestGold(dir.resolve("lake"));
    catalog = new RecordingCatalog();
    engine =
        new CatalogEngine(
            catalog,
            gold.snapshots,
            gold.layout,
            new CatalogEngine.Settings(Duration.ofMinutes(1), 1, 2, Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    engine.close();
    gold.close();
  }

  @Test
  void aReadingRunsOnTheTablesOfItsPinnedSnapshotWhateverIsPublishedMeanwhile() {
    gold.publish("run-1", "20261201T221401Z-1");
    assertThat(engine.refresh()).hasValueSatisfying(v -> assertThat(v.run()).isEqualTo("run-1"));
    assertThat(catalog.registered)
        .hasSize(GoldLake.GOLD_TABLES)
        .contains("wide_vendas__v20261201t221401z_1", "perfil_clientes__v20261201t221401z_1");

    try (QueryEngine.Reading first = engine.open()) {
      gold.publish("run-2", "20261202T221401Z-2");
      engine.refresh();
      try (QueryEngine.Reading second = engine.open()) {
        first.query("SELECT count(*) FROM wide_vendas WHERE cidade = ?", List.of("Natal"), r -> {});
        second.query(
            "SELECT count(*) FROM wide_vendas WHERE cidade = ?", List.of("Natal"), r -> {});
        assertThat(second.snapshot().run()).isEqualTo("run-2");
      }
      assertThat(first.snapshot().run()).isEqualTo("run-1");
    }
    assertThat(catalog.statements)
        .containsExactly(
            "SELECT count(*) FROM wide_vendas__v20261201t221401z_1 WHERE cidade = ?",
            "SELECT count(*) FROM wide_vendas__v20261202t221401z_2 WHERE cidade = ?");
    assertThat(catalog.values).containsExactly(List.of("Natal"), List.of("Natal"));
    // run-1 was read while run-2 was loaded: its tables stayed until the next snapshot
    assertThat(catalog.dropped).isEmpty();
  }

  @Test
  void tablesOfVersionsNoKeptSnapshotNamesAreDropped() {
    catalog.tables.add("wide_vendas__v20200101t000000z_0");
    catalog.tables.add("not_ours");
    gold.publish("run-1", "20261201T221401Z-1");
    engine.refresh();
    assertThat(catalog.dropped).containsExactly("wide_vendas__v20200101t000000z_0");

    gold.publish("run-2", "20261202T221401Z-2");
    engine.refresh();
    assertThat(catalog.tables)
        .containsExactlyInAnyOrder(
            "not_ours",
            "wide_vendas__v20261202t221401z_2",
            "receita_loja_mes__v20261202t221401z_2",
            "receita_produto_mes__v20261202t221401z_2",
            "efeito_promocao__v20261202t221401z_2",
            "status_pagamento__v20261202t221401z_2",
            "perfil_clientes__v20261202t221401z_2",
            "vendas_diarias__v20261202t221401z_2",
            "calendario__v20261202t221401z_2");
    // a version registered once is not registered again
    engine.refresh();
    assertThat(catalog.registered).hasSize(2 * GoldLake.GOLD_TABLES);
  }

  @Test
  void versionedTableKnowsItsMonthsAndLocation() {
    gold.publish("run-1", "20261201T221401Z-1");
    VersionedTable wide =
        VersionedTable.of(
            gold.snapshots.resolve().orElseThrow().table("wide_vendas").orElseThrow(), gold.layout);
    assertThat(wide.partitionValues()).containsExactly("2024-01", "2024-02", "2024-03");
    assertThat(wide.location("local:///"))
        .isEqualTo("local:///sales-tech-gld/wide_vendas/v=20261201T221401Z-1/");
  }
}
