package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.lake.catalog.CatalogColumn;
import com.salestech.query.ForecastGold;
import com.salestech.query.GoldLake;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.JdbcRow;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.catalog.Catalog;
import com.salestech.query.engine.catalog.CatalogEngine;
import com.salestech.query.engine.catalog.GoldTableNames;
import com.salestech.query.engine.catalog.TestGold;
import com.salestech.query.engine.catalog.VersionedTable;
import com.salestech.query.report.ModelBodies.ComputedFrom;
import com.salestech.query.report.ModelBodies.Effect;
import com.salestech.query.report.ModelBodies.Estimate;
import com.salestech.query.report.ModelBodies.Forecast;
import com.salestech.query.report.ModelBodies.ForecastPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The models' answers through a catalog engine ({@link CatalogEngine}, as on Athena and Trino): the
 * models' tables are registered as versioned tables once a snapshot names them, the statements are
 * rewritten to those names, and a snapshot without them still serves everything else. The catalog
 * here is an in-memory DuckDB whose versioned tables are views over the version's folder in the
 * embedded lake (an empty typed relation for the pointers without files of {@link TestGold}).
 */
class ForecastCatalogEngineTests {

  static final String VERSION = "20261201T221401Z-902";

  /** Versioned tables as DuckDB views of the lake's folders; remembers what it ran. */
  static final class DuckDbCatalog implements Catalog {
    final Path lake;
    final Connection duck;
    final Set<String> tables = new LinkedHashSet<>();
    final List<String> statements = new ArrayList<>();

    DuckDbCatalog(Path lake) throws SQLException {
      this.lake = lake;
      this.duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @Override
    public String engine() {
      return "catalog";
    }

    @Override
    public void register(VersionedTable table) {
      Path folder = Path.of(table.location(lake.toAbsolutePath() + "/"));
      String relation;
      if (hasParquet(folder)) {
        relation =
            "SELECT * FROM read_parquet('"
                + folder
                + "/**/*.parquet', hive_partitioning = "
                + !table.partitionColumns().isEmpty()
                + ")";
      } else {
        List<String> columns = new ArrayList<>();
        for (CatalogColumn c : table.columns()) {
          columns.add("CAST(NULL AS " + c.trinoType() + ") AS " + c.name());
        }
        table.partitionColumns().forEach(p -> columns.add("CAST(NULL AS VARCHAR) AS " + p));
        relation = "SELECT " + String.join(", ", columns) + " WHERE false";
      }
      try (Statement st = duck.createStatement()) {
        st.execute("CREATE OR REPLACE VIEW " + table.name() + " AS " + relation);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      tables.add(table.name());
    }

    private static boolean hasParquet(Path folder) {
      if (!Files.isDirectory(folder)) {
        return false;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        return files.anyMatch(p -> p.toString().endsWith(".parquet"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void drop(String name) {
      tables.remove(name);
    }

    @Override
    public Set<String> tables() {
      return Set.copyOf(tables);
    }

    @Override
    public synchronized void query(String sql, List<?> values, QueryEngine.RowHandler rows) {
      statements.add(sql);
      try (PreparedStatement ps = duck.prepareStatement(sql)) {
        for (int i = 0; i < values.size(); i++) {
          JdbcRow.bind(ps, i + 1, values.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          JdbcRow row = new JdbcRow(rs, engine());
          while (rs.next()) {
            rows.row(row);
          }
        }
      } catch (SQLException e) {
        throw new QueryFailedException(
            engine(), QueryFailedException.Kind.FAILED, e.getMessage(), e);
      }
    }
  }

  @TempDir Path dir;
  TestGold gold;
  DuckDbCatalog catalog;
  CatalogEngine engine;
  ReportService reports;

  @BeforeEach
  void start() throws SQLException {
    gold = new TestGold(dir.resolve("lake"));
    catalog = new DuckDbCatalog(dir.resolve("lake"));
    engine =
        new CatalogEngine(
            catalog,
            gold.snapshots,
            gold.layout,
            new CatalogEngine.Settings(Duration.ofMinutes(1), 2, 2, Duration.ofSeconds(1)));
    reports =
        new ReportService(
            engine,
            new QueryProperties(
                "duckdb",
                Duration.ofMinutes(1),
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                new QueryProperties.Cache(100, Duration.ofMinutes(10)),
                new QueryProperties.DuckDb(
                    dir.resolve("cache").toString(),
                    "1GB",
                    1,
                    dir.resolve("tmp").toString(),
                    DataSize.ofMegabytes(16))));
  }

  @AfterEach
  void stop() throws SQLException {
    engine.close();
    catalog.duck.close();
    gold.close();
  }

  @Test
  void aSnapshotWithoutTheModelsServesTheReportsAndAnswersTheModelsWithNoModel() {
    gold.publish("run-1", "20261201T221401Z-1");
    engine.refresh();

    assertThat(catalog.tables)
        .hasSize(GoldLake.GOLD_TABLES)
        .noneMatch(t -> t.startsWith("previsao"));
    Filters all =
        new Filters(
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2024, 3, 31),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    assertThat(reports.kpis(all, Compare.NONE).data().figures().sales()).isZero();
    assertThat(reports.freshness().data().snapshot()).isEqualTo("run-1");
    assertThatThrownBy(() -> reports.forecast(null, ModelQueries.Metric.REVENUE))
        .isInstanceOf(NoModelException.class)
        .hasMessageContaining("has no previsao_vendas");
    assertThatThrownBy(() -> reports.forecastAccuracy(ModelQueries.Metric.REVENUE))
        .isInstanceOf(NoModelException.class);
    assertThatThrownBy(() -> reports.promotionEffect()).isInstanceOf(NoModelException.class);
    assertThat(catalog.statements).noneMatch(s -> s.contains("previsao") || s.contains("estimado"));
  }

  @Test
  void theModelsTablesAreRegisteredByVersionAndTheirStatementsRewritten() {
    gold.publish("run-1", "20261201T221401Z-1");
    ForecastGold.extend(
        gold.storage, gold.versions, gold.snapshots, LocalDate.of(2020, 9, 30), VERSION);
    engine.refresh();

    assertThat(catalog.tables)
        .hasSize(GoldLake.GOLD_TABLES + 3)
        .contains(
            "previsao_vendas__v20261201t221401z_902",
            "previsao_acuracia__v20261201t221401z_902",
            "efeito_promocao_estimado__v20261201t221401z_902");
    assertThat(GoldTableNames.tableOf("efeito_promocao_estimado__v20261201t221401z_902"))
        .contains("efeito_promocao_estimado");

    Forecast forecast = reports.forecast(2, ModelQueries.Metric.REVENUE).data();
    assertThat(forecast)
        .isEqualTo(
            new Forecast(
                "store:2",
                2,
                "Rio de Janeiro",
                "revenue",
                "previsao_vendas,previsao_acuracia",
                "sazonal_ingenuo",
                true,
                LocalDate.of(2020, 9, 30),
                new ComputedFrom("run-1", true),
                List.of(
                    point("2020-10-01", 1, "210.00", "180.00", "240.00", "160.00", "260.00"),
                    point("2020-10-02", 2, "198.50", "170.25", "226.75", "150.00", "247.00"),
                    point("2020-10-03", 3, "225.33", "190.00", "260.67", "170.00", "280.67"))));
    assertThat(
            reports.forecastAccuracy(ModelQueries.Metric.REVENUE).data().models().stream()
                .map(m -> m.series() + "/" + m.model() + "/" + m.mase())
                .collect(Collectors.joining(" ")))
        .isEqualTo(
            "total/ets/0.8000 total/sazonal_ingenuo/1.0333 store:1/ets/0.6500"
                + " store:1/sazonal_ingenuo/1.1000 store:2/sazonal_ingenuo/1.0100"
                + " store:2/ets/1.4000");
    List<Effect> effect = reports.promotionEffect().data().rows();
    assertThat(effect).hasSize(4);
    assertThat(effect.get(0))
        .isEqualTo(
            new Effect(
                "overall",
                null,
                null,
                new Estimate(dec("0.1800"), dec("0.1235"), dec("0.2400"), 5400, 700),
                new Estimate(dec("0.3500"), dec("0.3000"), dec("0.4000"), 5400, 700)));

    assertThat(catalog.statements)
        .anyMatch(s -> s.contains("FROM previsao_vendas__v20261201t221401z_902 WHERE"))
        .anyMatch(s -> s.contains("FROM previsao_acuracia__v20261201t221401z_902 WHERE"))
        .anyMatch(s -> s.contains("FROM efeito_promocao_estimado__v20261201t221401z_902 ORDER"))
        .noneMatch(s -> s.matches("(?s).*\\b(previsao_vendas|previsao_acuracia) .*"));
  }

  static ForecastPoint point(
      String date, int h, String p, String l80, String u80, String l95, String u95) {
    return new ForecastPoint(
        LocalDate.parse(date), h, dec(p), dec(l80), dec(u80), dec(l95), dec(u95));
  }

  static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }
}
