package com.salestech.query.engine;

import java.util.List;

/**
 * The port every report runs its SQL through: DuckDB embedded by default, Athena or Trino at scale.
 *
 * <p>A report {@link #open opens} a {@link Reading}, which pins the gold snapshot that is current
 * at that moment; every statement run through it reads that snapshot's tables, however many
 * snapshots are published meanwhile, so a report never mixes two runs. The SQL names the gold
 * tables by their plain names ({@code wide_vendas}, {@code receita_loja_mes}, …) and each engine
 * makes them mean the pinned snapshot's versions. Values are bound to positional {@code ?}, never
 * spliced into the text, and the text is written in the dialect DuckDB and Trino/Athena share.
 */
public interface QueryEngine {

  /**
   * The engine's name as reported in every response: {@code duckdb}, {@code athena}, {@code trino}.
   */
  String name();

  /**
   * Pins the current gold snapshot for the statements of one report.
   *
   * @throws NoGoldException when gold was never published (or is not loaded yet)
   */
  Reading open();

  /** The snapshot a {@link #open} would pin now, without pinning it; null when there is none. */
  GoldView current();

  /** A pinned snapshot; close it when the report is done, so that its files may be evicted. */
  interface Reading extends AutoCloseable {

    GoldView snapshot();

    /**
     * Runs one statement against the pinned snapshot and hands every row to {@code rows}, in the
     * order the engine returns them, while they are read (nothing is collected here).
     *
     * @param values bound to the statement's {@code ?} in order: {@link String}, {@link Long},
     *     {@link Integer}, {@link Boolean}, {@link java.math.BigDecimal} or {@link
     *     java.time.LocalDate}
     * @throws QueryFailedException when the engine refuses or fails the statement, or times out
     */
    void query(String sql, List<?> values, RowHandler rows);

    @Override
    void close();
  }

  /** Receives the rows of one statement. */
  @FunctionalInterface
  interface RowHandler {
    void row(Row row);
  }
}
