package com.salestech.lake.parquet;

import com.salestech.lake.LakeStorage;

/**
 * What a file of the lake holds, read from the file itself rather than from whoever wrote it: row
 * counts from the footer, and sums of one decimal column read column by column (only that column's
 * pages are fetched). The data-quality checks compare these with what the job counted.
 */
public final class ParquetColumns {

  private final LakeStorage storage;

  public ParquetColumns(LakeStorage storage) {
    this.storage = storage;
  }

  /** A file's rows, from its footer, and the sum of one decimal column's unscaled values. */
  public record Summary(long rows, long sumUnscaled) {}

  /** Rows in the file, from its footer. */
  public long footerRows(String bucket, String key, long length) {
    try (ColumnScan scan = ColumnScan.open(storage, bucket, key, length)) {
      return scan.totalRows();
    }
  }

  /**
   * The sum of a decimal column's unscaled values (cents for {@code decimal(12,2)}), nulls skipped;
   * exact, whatever the physical type parquet-avro chose.
   */
  public long sumUnscaled(String bucket, String key, long length, String column) {
    return summarize(bucket, key, length, column).sumUnscaled();
  }

  /** The footer's row count and the sum of {@code column}, with the file opened once. */
  public Summary summarize(String bucket, String key, long length, String column) {
    try (ColumnScan scan = ColumnScan.open(storage, bucket, key, length, column)) {
      long sum = 0;
      while (scan.nextRowGroup()) {
        sum = Math.addExact(sum, scan.sumUnscaled(0));
      }
      return new Summary(scan.totalRows(), sum);
    }
  }
}
