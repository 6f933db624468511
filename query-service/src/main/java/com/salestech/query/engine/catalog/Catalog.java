package com.salestech.query.engine.catalog;

import com.salestech.query.engine.QueryEngine;
import java.util.List;
import java.util.Set;

/**
 * What an engine that reads tables from a catalog (Athena, Trino) does for {@link CatalogEngine}:
 * register and drop versioned gold tables in its schema, list them, and run statements there.
 */
public interface Catalog {

  /** The engine's name as reported with every response. */
  String engine();

  /**
   * Registers the table in the engine's schema when it is not there yet (idempotent: several
   * service instances may register the same version at once).
   */
  void register(VersionedTable table);

  /** Drops a versioned table from the schema; its files are the lake's and stay. */
  void drop(String name);

  /** The versioned gold tables the schema holds now ({@link GoldTableNames#tableOf} matches). */
  Set<String> tables();

  /**
   * Runs a statement whose table names are already the versioned ones, in the engine's schema.
   *
   * @throws com.salestech.query.engine.QueryFailedException when it fails or times out
   */
  void query(String sql, List<?> values, QueryEngine.RowHandler rows);
}
