package com.salestech.lake.parquet;

import com.salestech.lake.LakeOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * A Parquet file on its way into the lake: counts what it wrote, and can be dropped. {@code T} is
 * what a row is handed over as (an Avro record).
 */
public final class LakeParquetWriter<T> implements AutoCloseable {

  private final ParquetWriter<T> writer;
  private final LakeOutputStream out;
  private final String bucket;
  private final String key;
  private long rows;
  private boolean closed;

  LakeParquetWriter(ParquetWriter<T> writer, LakeOutputStream out, String bucket, String key) {
    this.writer = writer;
    this.out = out;
    this.bucket = bucket;
    this.key = key;
  }

  public void write(T record) {
    try {
      writer.write(record);
      rows++;
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("cannot write to s3://" + bucket + "/" + key, e);
    }
  }

  public long rows() {
    return rows;
  }

  /** Bytes handed to the store so far; the file's size once closed. */
  public long bytes() {
    return out.bytesWritten();
  }

  public String key() {
    return key;
  }

  /** Finishes the file and stores it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException("cannot finish s3://" + bucket + "/" + key, e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  /** Drops the file: nothing is stored. */
  public void abort() {
    if (!closed) {
      closed = true;
      out.abort();
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // The stream is already aborted; closing only releases the writer's buffers.
      }
    }
  }
}
