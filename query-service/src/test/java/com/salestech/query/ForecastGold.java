package com.salestech.query;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.s3.S3LakeStorage;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models' gold tables for the tests, until batch-etl's {@code forecast} job writes them: small
 * hand-written rows of {@code previsao_vendas}, {@code previsao_acuracia} and {@code
 * efeito_promocao_estimado} as real Parquet files (common-lake's writer, the tables' own Avro
 * schemas), each version's {@code _pointer.json}, and {@link GoldSnapshots#extend} of the current
 * snapshot with them, as the job does. The rows say they were computed from the snapshot's run.
 *
 * <p>The rows, written out of order on purpose (the service sorts):
 *
 * <ul>
 *   <li>forecasts, trained until {@code trainedUntil}: the total and store 1 ({@code ets}) for 28
 *       days, revenue point {@code 1000 + 10h + 0.125} (store 1: {@code 300 + 5h + 0.25}) with 80%
 *       ± 80 (30) and 95% ± 150 (60), units {@code 40 + h/4} ± 4, ± 8 (store 1: {@code 12 + h/8} ±
 *       2, ± 4); store 2 ({@code sazonal_ingenuo}, a fallback) for 3 days, {@link #STORE_2}
 *   <li>the backtest, {@link #accuracyRows}
 *   <li>the promotion effect, {@link #effectRows}
 * </ul>
 */
public final class ForecastGold {

  public static final String ETS = "ets";
  public static final String NAIVE = "sazonal_ingenuo";

  /** Store 2's revenue forecast: horizon, point, lower 80, upper 80, lower 95, upper 95. */
  static final double[][] STORE_2 = {
    {1, 210.0, 180.0, 240.0, 160.0, 260.0},
    {2, 198.5, 170.25, 226.75, 150.0, 247.0},
    {3, 225.333333, 190.0, 260.666666, 170.0, 280.666666}
  };

  /** One backtest row: serie, metrica, modelo, dobra, folds, mase, rmsse, cov 80, cov 95, … */
  record Accuracy(
      String serie,
      String metrica,
      String modelo,
      int dobra,
      int folds,
      double mase,
      double rmsse,
      double cobertura80,
      double cobertura95,
      boolean escolhido,
      boolean substituto) {}

  static List<Accuracy> accuracyRows() {
    return List.of(
        new Accuracy("loja:2", "revenue", NAIVE, 2, 2, 1.02, 1.04, 0.85, 0.95, true, true),
        new Accuracy("total", "revenue", NAIVE, 1, 3, 1.05, 1.0, 0.7, 0.9, false, false),
        new Accuracy("total", "revenue", ETS, 3, 3, 0.7, 0.75, 0.7857142857, 1.0, true, false),
        new Accuracy("total", "revenue", ETS, 1, 3, 0.8, 0.85, 0.75, 0.9285714286, true, false),
        new Accuracy("loja:1", "revenue", ETS, 2, 2, 0.7, 0.75, 0.9, 1.0, true, false),
        new Accuracy("total", "revenue", NAIVE, 2, 3, 1.1, 1.2, 0.75, 0.95, false, false),
        new Accuracy("loja:2", "revenue", ETS, 1, 2, 1.3, 1.25, 0.6, 0.8, false, false),
        new Accuracy(
            "total", "revenue", ETS, 2, 3, 0.9, 0.95, 0.8214285714, 0.9642857143, true, false),
        new Accuracy("loja:1", "revenue", NAIVE, 1, 2, 1.0, 1.1, 0.7, 0.9, false, false),
        new Accuracy("total", "revenue", NAIVE, 3, 3, 0.95, 0.9, 0.8, 1.0, false, false),
        new Accuracy("loja:1", "revenue", ETS, 1, 2, 0.6, 0.65, 0.8, 0.95, true, false),
        new Accuracy("loja:2", "revenue", ETS, 2, 2, 1.5, 1.45, 0.7, 0.9, false, false),
        new Accuracy("loja:1", "revenue", NAIVE, 2, 2, 1.2, 1.3, 0.6, 0.85, false, false),
        new Accuracy("loja:2", "revenue", NAIVE, 1, 2, 1.0, 1.0, 0.75, 0.9, true, true),
        new Accuracy("total", "units", ETS, 1, 2, 0.5, 0.55, 0.8, 0.95, true, false),
        // a flat history: the scaled error is not finite
        new Accuracy("total", "units", ETS, 2, 2, Double.NaN, 0.65, 0.8, 0.95, true, false),
        new Accuracy("total", "units", NAIVE, 1, 2, 1.0, 1.0, 0.75, 0.9, false, false),
        new Accuracy("total", "units", NAIVE, 2, 2, 1.0, 1.0, 0.75, 0.9, false, false));
  }

  /** One estimate: escopo, id_produto, produto, metodo, uplift, inferior, superior, n, promo. */
  record Effect(
      String escopo,
      Integer idProduto,
      String produto,
      String metodo,
      double uplift,
      double inferior,
      double superior,
      long n,
      long nPromocao) {}

  static List<Effect> effectRows() {
    return List.of(
        new Effect("produto:3", 3, "laptop básico", "ingenuo", 0.3, 0.12, 0.48, 900, 120),
        new Effect("geral", null, null, "controlado", 0.18, 0.12345, 0.24, 5400, 700),
        new Effect("produto:1", 1, "mouse", "controlado", 0.22, 0.1, 0.34, 1800, 250),
        new Effect("produto:3", 3, "laptop básico", "controlado", 0.1, -0.05, 0.25, 900, 120),
        new Effect("geral", null, null, "ingenuo", 0.35, 0.3, 0.4, 5400, 700),
        // no naive estimate for product 2
        new Effect("produto:2", 2, "teclado", "controlado", -0.02, -0.15, 0.11, 1700, 10),
        new Effect("produto:1", 1, "mouse", "ingenuo", 0.41, 0.27, 0.55, 1800, 250));
  }

  private ForecastGold() {}

  /**
   * Extends the current snapshot of a lake built by {@link GoldLake} with the models' tables at
   * {@code version}, through an S3 server of its own over the lake's folder (as batch-etl would).
   */
  public static GoldSnapshot extend(
      GoldLake lake, LocalDate trainedUntil, String version, GoldTable... empty) {
    LakeLayout layout = LakeLayout.defaults();
    try (EmbeddedS3Server server =
            EmbeddedS3Server.start(
                lake.dataDir().resolve("lake"),
                "127.0.0.1",
                0,
                "fixture",
                "fixture-secret",
                List.of(layout.gold().bucket()));
        S3Client s3 =
            S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("fixture", "fixture-secret")))
                .build()) {
      LakeStorage storage = new S3LakeStorage(s3);
      TableVersions versions = new TableVersions(storage, layout);
      return extend(
          storage, versions, new GoldSnapshots(storage, versions), trainedUntil, version, empty);
    }
  }

  /**
   * Extends the current snapshot of a lake with the models' tables at {@code version}; the tables
   * {@code empty} are versions without a row, and so without a file.
   */
  public static GoldSnapshot extend(
      LakeStorage storage,
      TableVersions versions,
      GoldSnapshots snapshots,
      LocalDate trainedUntil,
      String version,
      GoldTable... empty) {
    GoldSnapshot base =
        snapshots.current().orElseThrow(() -> new IllegalStateException("no gold to extend"));
    String run = base.run();
    LakeLayout layout = versions.layout();
    ParquetLake parquet = new ParquetLake(storage);
    Map<String, String> tables = new TreeMap<>();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.FORECAST)) {
      List<GenericRecord> rows =
          switch (table) {
            case PREVISAO_VENDAS -> forecastRecords(table.schema(), trainedUntil, run);
            case PREVISAO_ACURACIA -> accuracyRecords(table.schema(), trainedUntil, run);
            case EFEITO_PROMOCAO_ESTIMADO -> effectRecords(table.schema(), run);
            default -> throw new IllegalStateException("not a model table: " + table);
          };
      List<DataFile> files = new ArrayList<>();
      if (Arrays.asList(empty).contains(table)) {
        rows = List.of();
      } else {
        String key = layout.dataFileKey(Layer.GOLD, table.tableName(), version, null, 0);
        LakeParquetWriter<GenericRecord> writer =
            parquet.writer(layout.gold().bucket(), key, table.schema());
        rows.forEach(writer::write);
        writer.close();
        files.add(new DataFile(key, rows.size(), writer.bytes()));
      }
      versions.writeManifest(
          Layer.GOLD,
          new CurrentPointer(
              table.tableName(),
              version,
              Instant.now(),
              rows.size(),
              files,
              table.partitionColumns(),
              JsonMapper.shared().readTree(table.schema().toString())));
      tables.put(table.tableName(), version);
    }
    return snapshots.extend(base, tables);
  }

  private static List<GenericRecord> forecastRecords(
      Schema schema, LocalDate trainedUntil, String run) {
    List<GenericRecord> rows = new ArrayList<>();
    // newest day first: the service orders by date
    for (int h = 28; h >= 1; h--) {
      double revenue = 1000 + 10 * h + 0.125;
      rows.add(
          forecast(
              schema, "total", null, null, "revenue", trainedUntil, h, ETS, revenue, 80, 150, run));
      double units = 40 + h / 4.0;
      rows.add(
          forecast(schema, "total", null, null, "units", trainedUntil, h, ETS, units, 4, 8, run));
      double store = 300 + 5 * h + 0.25;
      rows.add(
          forecast(
              schema,
              "loja:1",
              1,
              "São Paulo",
              "revenue",
              trainedUntil,
              h,
              ETS,
              store,
              30,
              60,
              run));
      double storeUnits = 12 + h / 8.0;
      rows.add(
          forecast(
              schema,
              "loja:1",
              1,
              "São Paulo",
              "units",
              trainedUntil,
              h,
              ETS,
              storeUnits,
              2,
              4,
              run));
    }
    for (int i = STORE_2.length - 1; i >= 0; i--) {
      double[] p = STORE_2[i];
      GenericRecord r = new GenericData.Record(schema);
      r.put("serie", "loja:2");
      r.put("id_loja", 2);
      r.put("cidade", "Rio de Janeiro");
      r.put("metrica", "revenue");
      r.put("dt_prevista", (int) trainedUntil.plusDays((long) p[0]).toEpochDay());
      r.put("horizonte", (int) p[0]);
      r.put("modelo", NAIVE);
      r.put("previsto", p[1]);
      r.put("inferior_80", p[2]);
      r.put("superior_80", p[3]);
      r.put("inferior_95", p[4]);
      r.put("superior_95", p[5]);
      r.put("treinado_ate", (int) trainedUntil.toEpochDay());
      r.put("snapshot_run", run);
      rows.add(r);
    }
    return rows;
  }

  private static GenericRecord forecast(
      Schema schema,
      String serie,
      Integer store,
      String city,
      String metric,
      LocalDate trainedUntil,
      int h,
      String model,
      double point,
      double width80,
      double width95,
      String run) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("serie", serie);
    r.put("id_loja", store);
    r.put("cidade", city);
    r.put("metrica", metric);
    r.put("dt_prevista", (int) trainedUntil.plusDays(h).toEpochDay());
    r.put("horizonte", h);
    r.put("modelo", model);
    r.put("previsto", point);
    r.put("inferior_80", point - width80);
    r.put("superior_80", point + width80);
    r.put("inferior_95", point - width95);
    r.put("superior_95", point + width95);
    r.put("treinado_ate", (int) trainedUntil.toEpochDay());
    r.put("snapshot_run", run);
    return r;
  }

  private static List<GenericRecord> accuracyRecords(
      Schema schema, LocalDate trainedUntil, String run) {
    List<GenericRecord> rows = new ArrayList<>();
    for (Accuracy a : accuracyRows()) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("serie", a.serie());
      r.put(
          "id_loja",
          a.serie().startsWith("loja:") ? Integer.valueOf(a.serie().substring(5)) : null);
      r.put("metrica", a.metrica());
      r.put("modelo", a.modelo());
      r.put("dobra", a.dobra());
      r.put("corte", (int) cutoff(trainedUntil, a.dobra(), a.folds()).toEpochDay());
      r.put("mase", a.mase());
      r.put("rmsse", a.rmsse());
      r.put("cobertura_80", a.cobertura80());
      r.put("cobertura_95", a.cobertura95());
      r.put("escolhido", a.escolhido());
      r.put("substituto", a.substituto());
      r.put("snapshot_run", run);
      rows.add(r);
    }
    return rows;
  }

  /** The last day the fold's model saw: the folds are the 28-day windows before the forecast. */
  public static LocalDate cutoff(LocalDate trainedUntil, int fold, int folds) {
    return trainedUntil.minusDays(28L * (folds - fold + 1));
  }

  private static List<GenericRecord> effectRecords(Schema schema, String run) {
    List<GenericRecord> rows = new ArrayList<>();
    for (Effect e : effectRows()) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("escopo", e.escopo());
      r.put("id_produto", e.idProduto());
      r.put("produto", e.produto());
      r.put("metodo", e.metodo());
      r.put("uplift", e.uplift());
      r.put("inferior", e.inferior());
      r.put("superior", e.superior());
      r.put("n", e.n());
      r.put("n_promocao", e.nPromocao());
      r.put("snapshot_run", run);
      rows.add(r);
    }
    return rows;
  }
}
