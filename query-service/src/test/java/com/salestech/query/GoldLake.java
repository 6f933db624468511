package com.salestech.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchEtlApplication;
import com.salestech.etl.sample.SampleDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real gold for the tests, built by the project's own pipeline (batch-etl, in this JVM) from
 * generated exports, and an oracle that reads {@code wide_vendas} of the current snapshot straight
 * from the lake's files with DuckDB, independently of the service.
 */
public final class GoldLake {

  /** The tables silver-to-gold publishes in each snapshot. */
  public static final int GOLD_TABLES =
      com.salestech.model.avro.GoldTable.builtBy(
              com.salestech.model.avro.GoldTable.Producer.SILVER_TO_GOLD)
          .size();

  private final Path data;

  private GoldLake(Path data) {
    this.data = data;
  }

  public static GoldLake create(String name) {
    try {
      return new GoldLake(Files.createTempDirectory("salestech-query-" + name + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A lake in a directory of the caller's (kept), such as a benchmark's. */
  public static GoldLake at(Path data) {
    return new GoldLake(data);
  }

  public Path dataDir() {
    return data;
  }

  /**
   * Generates {@code sales} sales with {@code seed}, lands them and runs bronze → silver → gold.
   */
  public GoldLake publish(long sales, long seed, LocalDate ingestDate) {
    Path export = data.resolve("export-" + seed);
    try {
      SampleDataGenerator.generate(new SampleDataGenerator.Options(sales, seed, 0.02), export);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    etl("land", export.toString(), "--ingest-date", ingestDate.toString());
    etl("run", "bronze-to-silver");
    etl("run", "silver-to-gold");
    return this;
  }

  /**
   * Generates {@code sales} sales of the retail demand model (two years with seasons, holidays and
   * promotion campaigns), lands them and runs bronze → silver → gold, then the {@code forecast}
   * job.
   */
  public GoldLake publishRetailWithForecasts(long sales, long seed, LocalDate ingestDate) {
    Path export = data.resolve("export-" + seed);
    try {
      SampleDataGenerator.generate(SampleDataGenerator.Options.retail(sales, seed), export);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    etl("land", export.toString(), "--ingest-date", ingestDate.toString());
    etl("run", "bronze-to-silver");
    etl("run", "silver-to-gold");
    etl("run", "forecast");
    return this;
  }

  /** The files of a gold table of the current snapshot, as a DuckDB relation. */
  public String table(String name) {
    String version = snapshot().get("tables").get(name).asString();
    Path dir = gold().resolve(name).resolve("v=" + version);
    return "read_parquet('" + dir + "/**/*.parquet')";
  }

  private void etl(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    // batch-etl's own application.yml is hidden behind query-service's on this classpath
    args.add("--salestech.data-dir=" + data);
    args.add("--spring.datasource.url=jdbc:h2:file:" + data.resolve("jobs/batch"));
    args.add("--spring.datasource.username=sa");
    args.add("--spring.batch.job.enabled=false");
    args.add("--spring.batch.jdbc.initialize-schema=always");
    args.add("--salestech.jobs.bronze-to-silver-cron=-");
    args.add("--salestech.jobs.daily-pipeline-cron=-");
    assertThat(BatchEtlApplication.runCommand(args.toArray(String[]::new)))
        .as("batch-etl %s", String.join(" ", command))
        .isIn(0, 2);
  }

  Path gold() {
    return data.resolve("lake/sales-tech-gld");
  }

  public JsonNode snapshot() {
    try {
      return JsonMapper.shared().readTree(Files.readString(gold().resolve("_snapshot.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String run() {
    return snapshot().get("run").asString();
  }

  /** {@code wide_vendas} of the current snapshot as a relation over its files, for the oracle. */
  public String wide() {
    String version = snapshot().get("tables").get("wide_vendas").asString();
    Path dir = gold().resolve("wide_vendas").resolve("v=" + version);
    return "(SELECT * EXCLUDE (v) FROM read_parquet('"
        + dir
        + "/*/*.parquet', hive_partitioning = true, hive_types_autocast = false))";
  }

  /** Rows of an oracle query; {@code WIDE} in the text stands for {@link #wide()}. */
  public List<Map<String, Object>> oracle(String sql, Object... values) {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement st = duck.prepareStatement(sql.replace("WIDE", wide()))) {
      for (int i = 0; i < values.length; i++) {
        st.setObject(i + 1, values[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= n; i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public Map<String, Object> oracleRow(String sql, Object... values) {
    List<Map<String, Object>> rows = oracle(sql, values);
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
