package com.salestech.query.engine.trino;

import com.salestech.lake.catalog.CatalogColumn;
import com.salestech.query.engine.JdbcRow;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.catalog.Catalog;
import com.salestech.query.engine.catalog.GoldTableNames;
import com.salestech.query.engine.catalog.VersionedTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Trino cluster through trino-jdbc, its Hive connector reading the gold bucket. A versioned gold
 * table is an external table over the version's folder ({@code external_location}); its partitions
 * are found in the folder by {@code system.sync_partition_metadata} once, when it is registered, as
 * the version never changes. Statements run with the session's {@code query_max_run_time} set to
 * the query timeout ({@link Statement#setQueryTimeout}), so Trino itself stops one that runs past.
 */
public final class TrinoCatalog implements Catalog {

  public static final String NAME = "trino";

  /** Trino's {@code EXCEEDED_TIME_LIMIT}. */
  static final int EXCEEDED_TIME_LIMIT = 0x0002_0002;

  /** Trino's {@code QUERY_QUEUE_FULL}. */
  static final int QUERY_QUEUE_FULL = 0x0002_0001;

  private final TrinoProperties properties;
  private final Duration queryTimeout;
  private volatile boolean schemaReady;

  public TrinoCatalog(TrinoProperties properties, Duration queryTimeout) {
    this.properties = properties;
    this.queryTimeout = queryTimeout;
  }

  @Override
  public String engine() {
    return NAME;
  }

  private Connection connect() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", properties.user());
    if (!properties.password().isEmpty()) {
      info.setProperty("password", properties.password());
    }
    Connection connection = DriverManager.getConnection(properties.url(), info);
    connection.setCatalog(properties.catalog());
    connection.setSchema(properties.schema());
    return connection;
  }

  private String qualified(String table) {
    return "\"" + properties.catalog() + "\".\"" + properties.schema() + "\".\"" + table + "\"";
  }

  @Override
  public void register(VersionedTable table) {
    ensureSchema();
    execute(createTable(table), "registering " + table.name());
    if (!table.partitionColumns().isEmpty()) {
      execute(
          "CALL \""
              + properties.catalog()
              + "\".system.sync_partition_metadata('"
              + properties.schema()
              + "', '"
              + table.name()
              + "', 'ADD')",
          "finding the partitions of " + table.name());
    }
  }

  String createTable(VersionedTable table) {
    List<String> columns = new ArrayList<>();
    for (CatalogColumn c : table.columns()) {
      columns.add("  \"" + c.name() + "\" " + c.trinoType());
    }
    // partition columns come last in a Hive table of Trino
    for (String p : table.partitionColumns()) {
      columns.add("  \"" + p + "\" varchar");
    }
    StringBuilder sql = new StringBuilder();
    sql.append("CREATE TABLE IF NOT EXISTS ").append(qualified(table.name())).append(" (\n");
    sql.append(String.join(",\n", columns)).append("\n)\nWITH (\n");
    sql.append("  external_location = '")
        .append(table.location(properties.locationScheme()).replace("'", "''"))
        .append("',\n  format = 'PARQUET'");
    if (!table.partitionColumns().isEmpty()) {
      sql.append(",\n  partitioned_by = ")
          .append(
              table.partitionColumns().stream()
                  .map(p -> "'" + p + "'")
                  .collect(Collectors.joining(", ", "ARRAY[", "]")));
    }
    sql.append("\n)");
    return sql.toString();
  }

  private void ensureSchema() {
    if (!schemaReady) {
      execute(
          "CREATE SCHEMA IF NOT EXISTS \""
              + properties.catalog()
              + "\".\""
              + properties.schema()
              + "\"",
          "creating the schema");
      schemaReady = true;
    }
  }

  @Override
  public void drop(String name) {
    execute("DROP TABLE IF EXISTS " + qualified(name), "dropping " + name);
  }

  @Override
  public Set<String> tables() {
    Set<String> names = new LinkedHashSet<>();
    query(
        "SELECT table_name FROM \""
            + properties.catalog()
            + "\".information_schema.tables WHERE table_schema = ?",
        List.of(properties.schema()),
        row -> {
          String name = row.string(1);
          if (GoldTableNames.tableOf(name).isPresent()) {
            names.add(name);
          }
        });
    return names;
  }

  private void execute(String sql, String what) {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds());
      st.execute(sql);
    } catch (SQLException e) {
      throw failure(e, what + " in " + properties.catalog() + "." + properties.schema());
    }
  }

  @Override
  public void query(String sql, List<?> values, QueryEngine.RowHandler rows) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        JdbcRow.bind(ps, i + 1, values.get(i));
      }
      ps.setQueryTimeout(timeoutSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        JdbcRow row = new JdbcRow(rs, NAME);
        while (rs.next()) {
          rows.row(row);
        }
      }
    } catch (SQLException e) {
      throw failure(e, "statement");
    }
  }

  private int timeoutSeconds() {
    return (int) Math.max(1, queryTimeout.toSeconds());
  }

  private QueryFailedException failure(SQLException e, String what) {
    if (e instanceof SQLTimeoutException || e.getErrorCode() == EXCEEDED_TIME_LIMIT) {
      return new QueryFailedException(
          NAME,
          QueryFailedException.Kind.TIMED_OUT,
          what + " ran past " + queryTimeout + ": " + e.getMessage(),
          e);
    }
    if (e.getErrorCode() == QUERY_QUEUE_FULL) {
      return new QueryFailedException(
          NAME, QueryFailedException.Kind.BUSY, what + ": " + e.getMessage(), e);
    }
    // trino-jdbc's message names the query: "Query failed (#<id>): <reason>"
    return new QueryFailedException(
        NAME,
        QueryFailedException.Kind.FAILED,
        what + " failed on " + properties.url() + ": " + e.getMessage(),
        e);
  }
}
