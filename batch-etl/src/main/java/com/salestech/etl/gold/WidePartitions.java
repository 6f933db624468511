package com.salestech.etl.gold;

import com.salestech.lake.parquet.ColumnarParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One worker's {@code wide_vendas} month partitions of a run: per month written, a small batch of
 * rows ({@link WideVendasColumns}), the file its batches go to column by column, with row groups of
 * about {@code rowGroupBytes} encoded, rolled to a new file every {@code rowsPerFile} rows, and the
 * files the month has finished. Which months may be open at once is {@link GoldPasses}'s decision.
 */
final class WidePartitions {

  /** Columns of (nearly) unique values: written without a dictionary. */
  private static final Set<String> UNIQUE_COLUMNS =
      Set.of("id_venda", "id_cliente", "nome_cliente");

  /**
   * Columns no report filters or pages on: written without min/max statistics, which cost about a
   * fifth of the writing. Kept on what readers prune by: {@code id_venda} (the sales API pages by
   * it), {@code dt_venda}, {@code id_loja}, {@code id_produto}, {@code promocao}, {@code pago} and
   * {@code dt_pgto}.
   */
  private static final Set<String> UNPRUNED_COLUMNS =
      Set.of(
          "id_cliente",
          "nome_cliente",
          "sexo_cliente",
          "dt_nasc",
          "idade_na_venda",
          "cidade",
          "produto",
          "valor",
          "quantidade",
          "receita",
          "dias_para_pagamento",
          "canal");

  private final ParquetLake parquet;
  private final LakeLayout layout;
  private final String bucket;
  private final String runId;
  private final long rowsPerFile;
  private final int rowGroupBytes;
  private final Map<Integer, Partition> partitions = new HashMap<>();
  // Sales come in runs of one month: the partition of the previous row, to skip the map lookup.
  private Partition lastPartition;

  /** A month: its current file and the files it has finished. */
  private static final class Partition {
    final int month;
    final String name;
    final String value;
    final List<DataFile> files = new ArrayList<>();
    // its arrays grow with the first rows; a new, empty batch once the file is done frees them
    WideVendasColumns batch = new WideVendasColumns(WideVendasColumns.BATCH_ROWS);
    ColumnarParquetWriter writer;

    Partition(int month) {
      this.month = month;
      this.name = GoldCalendar.monthName(month);
      this.value = "mes_venda=" + name;
    }
  }

  WidePartitions(
      ParquetLake parquet, LakeLayout layout, String runId, long rowsPerFile, int rowGroupBytes) {
    this.parquet = parquet;
    this.layout = layout;
    this.bucket = layout.gold().bucket();
    this.runId = runId;
    this.rowsPerFile = rowsPerFile;
    this.rowGroupBytes = rowGroupBytes;
  }

  /** Writes a row to its month: into its batch, and the batch to the month's file when full. */
  void write(int month, WideRow row) {
    Partition partition = lastPartition;
    if (partition == null || partition.month != month) {
      partition = partitions.computeIfAbsent(month, Partition::new);
      lastPartition = partition;
    }
    partition.batch.add(row);
    if (partition.batch.full() || rowsInFile(partition) + partition.batch.size() >= rowsPerFile) {
      writeBatch(partition);
    }
  }

  private static long rowsInFile(Partition partition) {
    ColumnarParquetWriter writer = partition.writer;
    return writer == null ? 0 : writer.rows() + writer.groupRows();
  }

  /**
   * Hands the month's batch to its file, opening the file first; ends the row group once it holds
   * {@code rowGroupBytes}, and the file once it holds {@code rowsPerFile} rows.
   */
  private void writeBatch(Partition partition) {
    if (partition.batch.size() == 0) {
      return;
    }
    if (partition.writer == null) {
      String key =
          layout.dataFileKey(
              Layer.GOLD,
              GoldTable.WIDE_VENDAS.tableName(),
              runId,
              partition.value,
              partition.files.size());
      partition.writer =
          parquet.columnarWriter(
              bucket,
              key,
              WideVendasColumns.PARQUET,
              WideVendasColumns.METADATA,
              UNIQUE_COLUMNS,
              UNPRUNED_COLUMNS);
    }
    ColumnarParquetWriter writer = partition.writer;
    partition.batch.writeTo(writer);
    if (rowsInFile(partition) >= rowsPerFile) {
      closeWriter(partition);
    } else if (writer.groupBytes() >= rowGroupBytes) {
      writer.endGroup();
    }
  }

  /** Finishes the open files, at the end of a pass; a month written again opens a new file. */
  void closeWriters() {
    for (Partition partition : partitions.values()) {
      closeWriter(partition);
    }
    lastPartition = null;
  }

  /** Finishes the open files; the files of every month written, by {@code yyyy-MM}. */
  Map<String, List<DataFile>> finish() {
    Map<String, List<DataFile>> byMonth = new HashMap<>();
    for (Partition partition : partitions.values()) {
      closeWriter(partition);
      byMonth.put(partition.name, partition.files);
    }
    lastPartition = null;
    return byMonth;
  }

  /** Drops the files not finished; the finished ones stay under the run's version. */
  void abort() {
    for (Partition partition : partitions.values()) {
      if (partition.writer != null) {
        partition.writer.abort();
        partition.writer = null;
      }
      partition.batch = new WideVendasColumns(WideVendasColumns.BATCH_ROWS);
    }
    lastPartition = null;
  }

  private void closeWriter(Partition partition) {
    writeBatch(partition);
    if (partition.writer != null) {
      partition.writer.close();
      partition.files.add(
          new DataFile(partition.writer.key(), partition.writer.rows(), partition.writer.bytes()));
      partition.writer = null;
      partition.batch = new WideVendasColumns(WideVendasColumns.BATCH_ROWS);
    }
  }
}
