package com.salestech.etl.gold;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.rules.RejectReason;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One worker's orphan sales (DATA-CONTRACT §3: no store or no product in silver): counted by
 * reason, and written to the worker's gold quarantine file, opened with the first orphan. A build
 * that only fingerprints counts them and writes nothing.
 */
final class OrphanQuarantine {

  private final ParquetLake parquet;
  private final String bucket;
  private final String key;
  private final boolean writes;
  private final GenericData.Record rejected = new GenericData.Record(SilverSchemas.quarantine());
  private final Map<String, Long> byReason = new TreeMap<>();
  private LakeParquetWriter<GenericRecord> writer;

  OrphanQuarantine(
      ParquetLake parquet, LakeLayout layout, String runId, int worker, boolean writes) {
    this.parquet = parquet;
    this.bucket = layout.gold().bucket();
    this.key = layout.goldQuarantineKey(GoldTable.WIDE_VENDAS.tableName(), runId, worker);
    this.writes = writes;
    rejected.put("table_name", "vendas");
    rejected.put("run_id", runId);
  }

  /**
   * Quarantines a silver sale read at {@code line} of {@code sourceKey}; {@code rawLine} is the
   * sale as its silver record prints.
   */
  void add(
      String rawLine,
      Integer ingestDate,
      RejectReason reason,
      String column,
      String sourceKey,
      long line) {
    byReason.merge(reason.code(), 1L, Long::sum);
    if (!writes) {
      return;
    }
    if (writer == null) {
      writer = parquet.writer(bucket, key, SilverSchemas.quarantine());
    }
    rejected.put("source_key", sourceKey);
    rejected.put("line_number", line);
    rejected.put("reason", reason.code());
    rejected.put("column_name", column);
    rejected.put("raw_line", rawLine);
    rejected.put("raw_truncated", false);
    rejected.put("ingest_date", ingestDate);
    writer.write(rejected);
  }

  /** The orphans so far by reason code. */
  Map<String, Long> countsByReason() {
    return Map.copyOf(byReason);
  }

  /** Finishes the file; null when there was no orphan to write. */
  DataFile finish() {
    if (writer == null) {
      return null;
    }
    writer.close();
    DataFile file = new DataFile(writer.key(), writer.rows(), writer.bytes());
    writer = null;
    return file;
  }

  /** Drops the file if not finished. */
  void abort() {
    if (writer != null) {
      writer.abort();
      writer = null;
    }
  }
}
