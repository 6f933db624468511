package com.salestech.lake.parquet;

import com.salestech.lake.LakeStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads some top-level columns of a lake Parquet file a row group at a time, straight into
 * primitive arrays: no record, no boxing, only the pages of the columns asked for. For the large
 * tables loaded whole into memory (the gold build's dimensions), where record-by-record reading
 * costs several times the decoding itself, and for reading back footers and sums ({@link
 * ParquetColumns}); or row by row over several columns in step ({@link #values}), where a large row
 * group's arrays would not fit.
 *
 * <p>Not thread-safe; the arrays a row group fills are reused by the next one.
 */
public final class ColumnScan implements AutoCloseable {

  /** An {@code int} column's value for null. */
  public static final int NULL_INT = Integer.MIN_VALUE;

  private final ParquetFileReader reader;
  private final MessageType projection;
  private final List<ColumnDescriptor> columns = new ArrayList<>();
  private final String createdBy;
  private final String where;
  private ColumnReadStoreImpl store;
  private int rows;
  private long[] longs = new long[0];
  private int[] ints = new int[0];
  private boolean[] booleans = new boolean[0];
  private double[] doubles = new double[0];

  private ColumnScan(
      ParquetFileReader reader, MessageType projection, List<String> names, String where) {
    this.reader = reader;
    this.projection = projection;
    this.where = where;
    this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    for (String name : names) {
      columns.add(projection.getColumnDescription(new String[] {name}));
    }
  }

  /** Opens a file for the named top-level columns, in that order. */
  public static ColumnScan open(
      LakeStorage storage, String bucket, String key, long length, String... names) {
    String where = "s3://" + bucket + "/" + key;
    try {
      ParquetFileReader reader =
          ParquetFileReader.open(
              new LakeInputFile(storage, bucket, key, length),
              ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
      try {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
          if (!schema.containsField(name)) {
            throw new IllegalArgumentException(where + " has no column " + name);
          }
          fields.add(schema.getType(name));
        }
        MessageType projection =
            fields.isEmpty() ? schema : new MessageType(schema.getName(), fields);
        if (!fields.isEmpty()) {
          reader.setRequestedSchema(projection);
        }
        return new ColumnScan(reader, projection, List.of(names), where);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + where, e);
    }
  }

  /**
   * The largest value of an int (or date) column in the whole file, from the row groups' footer
   * statistics, without reading a page: empty when a row group with values has no usable statistics
   * (the caller then reads the column), or {@link #NULL_INT} when every value is null.
   */
  public OptionalInt maxInt(String column) {
    int max = NULL_INT;
    for (BlockMetaData block : reader.getFooter().getBlocks()) {
      ColumnChunkMetaData chunk = null;
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals(column)) {
          chunk = c;
          break;
        }
      }
      if (chunk == null) {
        throw new IllegalArgumentException(where + " has no column " + column);
      }
      Statistics<?> stats = chunk.getStatistics();
      if (stats == null || stats.isEmpty() || !(stats instanceof IntStatistics ints)) {
        return OptionalInt.empty();
      }
      if (stats.getNumNulls() == chunk.getValueCount()) {
        continue;
      }
      if (!stats.hasNonNullValue()) {
        return OptionalInt.empty();
      }
      max = Math.max(max, ints.getMax());
    }
    return OptionalInt.of(max);
  }

  /** Moves to the next row group; false after the last. */
  public boolean nextRowGroup() {
    try {
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        return false;
      }
      rows = Math.toIntExact(pages.getRowCount());
      store =
          new ColumnReadStoreImpl(
              pages,
              new DummyRecordConverter(projection).getRootConverter(),
              projection,
              createdBy);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a row group of " + where, e);
    }
  }

  /** Rows in the whole file, from its footer. */
  public long totalRows() {
    return reader.getRecordCount();
  }

  /** Rows in the current row group. */
  public int rows() {
    return rows;
  }

  /**
   * A column's reader over the current row group, for reading several columns row by row in step (a
   * row at a time, where whole arrays of a large row group would not fit): per row, read the value
   * when {@code getCurrentDefinitionLevel()} is {@link #definedLevel}, then {@code consume()}. Ask
   * once per column per row group: each call makes a new reader of the same pages. A Binary read
   * this way points into the page it came from.
   */
  public ColumnReader values(int column) {
    return column(column);
  }

  /** The definition level of a non-null value of the column: 0 for a required column. */
  public int definedLevel(int column) {
    return defined(column);
  }

  private ColumnReader column(int column) {
    return store.getColumnReader(columns.get(column));
  }

  private int defined(int column) {
    return columns.get(column).getMaxDefinitionLevel();
  }

  /** A {@code long} column of the row group (a null reads as 0). */
  public long[] longs(int column) {
    if (longs.length < rows) {
      longs = new long[rows];
    }
    ColumnReader values = column(column);
    int defined = defined(column);
    for (int i = 0; i < rows; i++) {
      longs[i] = values.getCurrentDefinitionLevel() == defined ? values.getLong() : 0;
      values.consume();
    }
    return longs;
  }

  /** An {@code int} (or date) column of the row group; a null reads as {@link #NULL_INT}. */
  public int[] ints(int column) {
    if (ints.length < rows) {
      ints = new int[rows];
    }
    ColumnReader values = column(column);
    int defined = defined(column);
    for (int i = 0; i < rows; i++) {
      ints[i] = values.getCurrentDefinitionLevel() == defined ? values.getInteger() : NULL_INT;
      values.consume();
    }
    return ints;
  }

  /** A {@code double} column of the row group (a null reads as 0). */
  public double[] doubles(int column) {
    if (doubles.length < rows) {
      doubles = new double[rows];
    }
    ColumnReader values = column(column);
    int defined = defined(column);
    for (int i = 0; i < rows; i++) {
      doubles[i] = values.getCurrentDefinitionLevel() == defined ? values.getDouble() : 0;
      values.consume();
    }
    return doubles;
  }

  /** A {@code boolean} column of the row group (a null reads as false). */
  public boolean[] booleans(int column) {
    if (booleans.length < rows) {
      booleans = new boolean[rows];
    }
    ColumnReader values = column(column);
    int defined = defined(column);
    for (int i = 0; i < rows; i++) {
      booleans[i] = values.getCurrentDefinitionLevel() == defined && values.getBoolean();
      values.consume();
    }
    return booleans;
  }

  /**
   * The sum of a decimal column's unscaled values over the row group (cents for {@code
   * decimal(12,2)}), nulls skipped; exact, whatever physical type the writer chose.
   */
  public long sumUnscaled(int column) {
    ColumnDescriptor descriptor = columns.get(column);
    PrimitiveType.PrimitiveTypeName type = descriptor.getPrimitiveType().getPrimitiveTypeName();
    ColumnReader values = column(column);
    int defined = defined(column);
    long sum = 0;
    for (int i = 0; i < rows; i++) {
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
                          descriptor.getPath()[0] + " of " + where + " is not a decimal");
                });
      }
      values.consume();
    }
    return sum;
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

  /** Receives a string column's values one by one. */
  @FunctionalInterface
  public interface BinarySink {
    /**
     * @param value the UTF-8 bytes, or null for null; valid only during the call (it may point into
     *     the page it was read from)
     */
    void accept(int row, Binary value);
  }

  /**
   * Hands a string column's values of the row group to {@code sink}, one at a time: strings are not
   * gathered, so only one page of them is in memory at once.
   */
  public void binaries(int column, BinarySink sink) {
    ColumnReader values = column(column);
    int defined = defined(column);
    for (int i = 0; i < rows; i++) {
      sink.accept(i, values.getCurrentDefinitionLevel() == defined ? values.getBinary() : null);
      values.consume();
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + where, e);
    }
  }
}
