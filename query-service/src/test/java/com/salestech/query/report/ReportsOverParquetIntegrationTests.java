package com.salestech.query.report;

import org.springframework.test.context.TestPropertySource;

/**
 * Every report of {@link ReportsIntegrationTests} again with every gold table a view over its
 * Parquet files (there, the fixture's small tables are all read into DuckDB's memory).
 */
@TestPropertySource(properties = "salestech.query.duckdb.in-memory-max=0")
class ReportsOverParquetIntegrationTests extends ReportsIntegrationTests {}
