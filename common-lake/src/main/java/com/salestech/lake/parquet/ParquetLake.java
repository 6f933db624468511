package com.salestech.lake.parquet;

import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeOutputStream;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet files in the lake, with parquet-avro or column by column: ZSTD, dictionary encoding,
 * decimals as {@code decimal(p,s)} and dates as {@code date}. Files are streamed to and from the
 * object store.
 */
public final class ParquetLake {

  /** Row groups small enough that a few writers in parallel stay well inside the heap. */
  public static final int ROW_GROUP_BYTES = 64 * 1024 * 1024;

  private static final GenericData DATA_MODEL = dataModel();

  private final LakeStorage storage;

  public ParquetLake(LakeStorage storage) {
    this.storage = storage;
  }

  /** The store the files are in. */
  public LakeStorage storage() {
    return storage;
  }

  /** Generic Avro with decimals read and written as {@link java.math.BigDecimal}. */
  public static GenericData dataModel() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new Conversions.DecimalConversion());
    return model;
  }

  /** A file being written; closing the writer stores it, a failure leaves no object. */
  public LakeParquetWriter<GenericRecord> writer(String bucket, String key, Schema schema) {
    return writer(bucket, key, schema, ROW_GROUP_BYTES);
  }

  /**
   * A file with row groups of about {@code rowGroupBytes}: what one open writer holds in memory, so
   * many writers open at once (one per partition) take smaller groups.
   */
  public LakeParquetWriter<GenericRecord> writer(
      String bucket, String key, Schema schema, int rowGroupBytes) {
    return writer(bucket, key, schema, rowGroupBytes, Set.of());
  }

  /**
   * A file whose {@code plainColumns} skip dictionary encoding: for columns of (nearly) unique
   * values, such as keys, the dictionary only costs time before Parquet gives it up.
   */
  public LakeParquetWriter<GenericRecord> writer(
      String bucket, String key, Schema schema, int rowGroupBytes, Set<String> plainColumns) {
    LakeOutputStream out = storage.create(bucket, key);
    try {
      var builder =
          AvroParquetWriter.<GenericRecord>builder(
                  new LakeOutputFile(out, "s3://" + bucket + "/" + key))
              .withSchema(schema)
              .withDataModel(DATA_MODEL)
              .withConf(new PlainParquetConfiguration())
              .withCompressionCodec(CompressionCodecName.ZSTD)
              .withRowGroupSize((long) rowGroupBytes)
              .withDictionaryEncoding(true);
      for (String column : plainColumns) {
        if (schema.getField(column) != null) {
          builder = builder.withDictionaryEncoding(column, false);
        }
      }
      ParquetWriter<GenericRecord> writer = builder.build();
      return new LakeParquetWriter<>(writer, out, bucket, key);
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException("cannot start Parquet file s3://" + bucket + "/" + key, e);
    }
  }

  /**
   * A file written column by column, a batch of rows at a time ({@link ColumnarParquetWriter}): the
   * same codec and dictionary rules as the Avro writers, {@code metadata} in the footer. {@code
   * plainColumns} skip dictionary encoding; {@code unprunedColumns} get no statistics (no min/max,
   * no null count, no page index): for columns no reader filters on, where keeping them costs time
   * on every value.
   */
  public ColumnarParquetWriter columnarWriter(
      String bucket,
      String key,
      MessageType schema,
      Map<String, String> metadata,
      Set<String> plainColumns,
      Set<String> unprunedColumns) {
    LakeOutputStream out = storage.create(bucket, key);
    try {
      return new ColumnarParquetWriter(
          out, bucket, key, schema, metadata, plainColumns, unprunedColumns);
    } catch (IOException | RuntimeException e) {
      out.abort();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start Parquet file s3://" + bucket + "/" + key, io);
      }
      throw (RuntimeException) e;
    }
  }

  /** Reads a file of the lake record by record. */
  public ParquetReader<GenericRecord> reader(String bucket, String key) {
    LakeObject object =
        storage
            .stat(bucket, key)
            .orElseThrow(() -> new LakeStorageException("no object s3://" + bucket + "/" + key));
    return reader(bucket, key, object.size());
  }

  public ParquetReader<GenericRecord> reader(String bucket, String key, long length) {
    try {
      return AvroParquetReader.<GenericRecord>builder(
              new LakeInputFile(storage, bucket, key, length), new PlainParquetConfiguration())
          .withDataModel(DATA_MODEL)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open Parquet file s3://" + bucket + "/" + key, e);
    }
  }
}
