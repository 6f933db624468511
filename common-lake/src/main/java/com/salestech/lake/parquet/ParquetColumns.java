package com.salestech.lake.parquet;

import com.salestech.lake.LakeStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

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

  private ParquetFileReader open(String bucket, String key, long length) throws IOException {
    return ParquetFileReader.open(
        new LakeInputFile(storage, bucket, key, length),
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
  }

  /** Rows in the file, from its footer. */
  public long footerRows(String bucket, String key, long length) {
    try (ParquetFileReader reader = open(bucket, key, length)) {
      return reader.getRecordCount();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the footer of s3://" + bucket + "/" + key, e);
    }
  }

  /** A file's rows, from its footer, and the sum of one decimal column's unscaled values. */
  public record Summary(long rows, long sumUnscaled) {}

  /**
   * The sum of a decimal column's unscaled values (cents for {@code decimal(12,2)}), nulls skipped;
   * exact, whatever the physical type parquet-avro chose.
   */
  public long sumUnscaled(String bucket, String key, long length, String column) {
    return summarize(bucket, key, length, column).sumUnscaled();
  }

  /** The footer's row count and the sum of {@code column}, with the file opened once. */
  public Summary summarize(String bucket, String key, long length, String column) {
    try (ParquetFileReader reader = open(bucket, key, length)) {
      long rows = reader.getRecordCount();
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      if (!schema.containsField(column)) {
        throw new IllegalArgumentException(
            "s3://" + bucket + "/" + key + " has no column " + column);
      }
      MessageType projection = new MessageType(schema.getName(), schema.getType(column));
      reader.setRequestedSchema(projection);
      ColumnDescriptor descriptor = projection.getColumnDescription(new String[] {column});
      PrimitiveType.PrimitiveTypeName type = descriptor.getPrimitiveType().getPrimitiveTypeName();
      String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
      long sum = 0;
      for (PageReadStore pages; (pages = reader.readNextRowGroup()) != null; ) {
        ColumnReader values =
            new ColumnReadStoreImpl(
                    pages,
                    new DummyRecordConverter(projection).getRootConverter(),
                    projection,
                    createdBy)
                .getColumnReader(descriptor);
        int defined = descriptor.getMaxDefinitionLevel();
        for (long i = values.getTotalValueCount(); i > 0; i--) {
          if (values.getCurrentDefinitionLevel() == defined) {
            sum =
                Math.addExact(
                    sum,
                    switch (type) {
                      case INT32 -> values.getInteger();
                      case INT64 -> values.getLong();
                      case BINARY, FIXED_LEN_BYTE_ARRAY -> unscaled(values.getBinary());
                      default ->
                          throw new IllegalArgumentException(
                              column + " of s3://" + bucket + "/" + key + " is not a decimal");
                    });
          }
          values.consume();
        }
      }
      return new Summary(rows, sum);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + column + " of s3://" + bucket + "/" + key, e);
    }
  }

  private static long unscaled(Binary binary) {
    byte[] bytes = binary.getBytesUnsafe();
    if (bytes.length <= 8) {
      long value = bytes.length == 0 || bytes[0] >= 0 ? 0 : -1;
      for (byte b : bytes) {
        value = (value << 8) | (b & 0xFF);
      }
      return value;
    }
    return new BigInteger(bytes).longValueExact();
  }
}
