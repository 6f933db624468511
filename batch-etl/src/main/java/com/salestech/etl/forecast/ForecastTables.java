package com.salestech.etl.forecast;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.databind.json.JsonMapper;

/** Writes a version of each of the forecast job's gold tables: one Parquet file and its pointer. */
final class ForecastTables {

  /** A series' backtest and its forecast from the whole history. */
  record SeriesOutcome(GoldDaily.Series series, Backtest.Result backtest, Forecast forecast) {}

  private final ParquetLake parquet;
  private final TableVersions versions;
  private final LakeLayout layout;

  ForecastTables(ParquetLake parquet, TableVersions versions) {
    this.parquet = parquet;
    this.versions = versions;
    this.layout = versions.layout();
  }

  CurrentPointer writeForecasts(
      String version, String snapshotRun, LocalDate trainedUntil, List<SeriesOutcome> outcomes) {
    return write(
        GoldTable.PREVISAO_VENDAS,
        version,
        row -> {
          for (SeriesOutcome o : outcomes) {
            Forecast f = o.forecast();
            for (int h = 0; h < f.horizon(); h++) {
              GenericData.Record r = new GenericData.Record(GoldTable.PREVISAO_VENDAS.schema());
              r.put("serie", o.series().id());
              r.put("id_loja", o.series().storeId());
              r.put("cidade", o.series().city());
              r.put("metrica", o.series().metric());
              r.put("dt_prevista", (int) trainedUntil.plusDays(h + 1L).toEpochDay());
              r.put("horizonte", h + 1);
              r.put("modelo", f.model());
              r.put("previsto", f.point()[h]);
              r.put("inferior_80", f.lower80()[h]);
              r.put("superior_80", f.upper80()[h]);
              r.put("inferior_95", f.lower95()[h]);
              r.put("superior_95", f.upper95()[h]);
              r.put("treinado_ate", (int) trainedUntil.toEpochDay());
              r.put("snapshot_run", snapshotRun);
              row.accept(r);
            }
          }
        });
  }

  CurrentPointer writeAccuracy(String version, String snapshotRun, List<SeriesOutcome> outcomes) {
    return write(
        GoldTable.PREVISAO_ACURACIA,
        version,
        row -> {
          for (SeriesOutcome o : outcomes) {
            for (Backtest.Fold fold : o.backtest().folds()) {
              GenericData.Record r = new GenericData.Record(GoldTable.PREVISAO_ACURACIA.schema());
              r.put("serie", o.series().id());
              r.put("id_loja", o.series().storeId());
              r.put("metrica", o.series().metric());
              r.put("modelo", fold.model());
              r.put("dobra", fold.fold());
              r.put("corte", (int) fold.cutoff().toEpochDay());
              r.put("mase", finite(fold.mase()));
              r.put("rmsse", finite(fold.rmsse()));
              r.put("cobertura_80", finite(fold.coverage80()));
              r.put("cobertura_95", finite(fold.coverage95()));
              r.put("escolhido", fold.model().equals(o.backtest().chosen()));
              r.put("substituto", o.backtest().fallback());
              r.put("snapshot_run", snapshotRun);
              row.accept(r);
            }
          }
        });
  }

  CurrentPointer writeEffects(
      String version, String snapshotRun, List<PromotionStudy.Estimate> estimates) {
    return write(
        GoldTable.EFEITO_PROMOCAO_ESTIMADO,
        version,
        row -> {
          for (PromotionStudy.Estimate e : estimates) {
            GenericData.Record r =
                new GenericData.Record(GoldTable.EFEITO_PROMOCAO_ESTIMADO.schema());
            r.put("escopo", e.scope());
            r.put("id_produto", e.productId());
            r.put("produto", e.productName());
            r.put("metodo", e.method());
            r.put("uplift", finite(e.uplift()));
            r.put("inferior", finite(e.lower()));
            r.put("superior", finite(e.upper()));
            r.put("n", e.n());
            r.put("n_promocao", e.promoted());
            r.put("snapshot_run", snapshotRun);
            row.accept(r);
          }
        });
  }

  /** A measure that could not be computed (NaN) is null in the table, not a NaN readers sum. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private CurrentPointer write(
      GoldTable table, String version, Consumer<Consumer<GenericData.Record>> rows) {
    String bucket = layout.gold().bucket();
    String key = layout.dataFileKey(Layer.GOLD, table.tableName(), version, null, 0);
    LakeParquetWriter<GenericRecord> writer =
        parquet.writer(bucket, key, table.schema(), 4 * 1024 * 1024);
    try {
      rows.accept(writer::write);
      writer.close();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    CurrentPointer pointer =
        new CurrentPointer(
            table.tableName(),
            version,
            Instant.now(),
            writer.rows(),
            List.of(new DataFile(key, writer.rows(), writer.bytes())),
            table.partitionColumns(),
            JsonMapper.shared().readTree(table.schema().toString()));
    versions.writeManifest(Layer.GOLD, pointer);
    return pointer;
  }
}
