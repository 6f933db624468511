package com.salestech.query;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the query service reads gold.
 *
 * @param engine the SQL engine reports run on: {@code duckdb} (embedded, the default), {@code
 *     athena} or {@code trino} (see {@code salestech.query.athena.*}, {@code
 *     salestech.query.trino.*})
 * @param pollInterval how often {@code _snapshot.json} is read to pick up a newly published
 *     snapshot without a restart
 * @param maxInFlight queries running at the same time; more wait (see {@code queueTimeout})
 * @param queueTimeout how long a query waits for a free slot before it is refused with {@code 503}
 * @param queryTimeout a statement running longer is cancelled and answered {@code 504}
 * @param cache the results cache
 * @param duckdb the embedded DuckDB engine
 */
@Validated
@ConfigurationProperties("salestech.query")
public record QueryProperties(
    @DefaultValue("duckdb") @Pattern(regexp = "duckdb|athena|trino") String engine,
    @DefaultValue("5s") @NotNull Duration pollInterval,
    @DefaultValue("4") @Min(1) @Max(256) int maxInFlight,
    @DefaultValue("10s") @NotNull Duration queueTimeout,
    @DefaultValue("60s") @NotNull Duration queryTimeout,
    @DefaultValue @Valid Cache cache,
    @DefaultValue @Valid DuckDb duckdb) {

  /**
   * The results cache (Caffeine), keyed by engine, report, parameters and snapshot.
   *
   * @param maxEntries results kept at most; the least used go first; 0 turns caching off
   * @param ttl a result is dropped this long after it was computed (a new snapshot drops them all)
   */
  public record Cache(
      @DefaultValue("10000") @Min(0) long maxEntries, @DefaultValue("10m") @NotNull Duration ttl) {}

  /**
   * The embedded DuckDB engine: one database, a connection per worker thread.
   *
   * @param cacheDirectory where the files of the snapshot's table versions are fetched to (through
   *     the S3 API) and queried; versions no reader holds any more are deleted
   * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 1GB}
   * @param threads DuckDB's {@code threads}: worker threads of the one database
   * @param tempDirectory DuckDB's {@code temp_directory}, where it spills what passes the limit
   * @param inMemoryMax a table version whose Parquet files add up to at most this is read into
   *     DuckDB's memory when its snapshot is loaded (the monthly aggregates: kilobytes), larger
   *     ones are views over the local files; {@code 0} keeps every table a view
   */
  public record DuckDb(
      @DefaultValue("./data/query/cache") @NotBlank String cacheDirectory,
      @DefaultValue("1GB") @Pattern(regexp = "\\d+(\\.\\d+)?\\s*[KMGT]i?B") String memoryLimit,
      @DefaultValue("2") @Min(1) @Max(256) int threads,
      @DefaultValue("./data/query/tmp") @NotBlank String tempDirectory,
      @DefaultValue("16MB") @NotNull DataSize inMemoryMax) {}
}
