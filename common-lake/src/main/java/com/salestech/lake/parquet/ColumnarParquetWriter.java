package com.salestech.lake.parquet;

import com.salestech.lake.LakeOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written column by column: the caller holds a batch of rows in its own arrays and
 * hands each column's values over in one loop, so no record assembly runs per value (no {@code
 * RecordConsumer}, no write support). A row group takes as many batches as the caller gives it
 * before {@link #endGroup}; its values are held encoded meanwhile ({@link #groupBytes}), as a
 * {@link ParquetWriter}'s are. The values go through Parquet's own encoders, chosen as a {@link
 * ParquetWriter} with the same settings chooses them (dictionary with fallback to plain, run-length
 * definition levels, ZSTD pages, statistics, column and offset indexes), so readers see the file a
 * {@code ParquetWriter} would write; only the page boundaries differ, and the footer has no size
 * statistics (format 2.10's optional byte counts and level histograms, which no reader of the lake
 * uses). Flat schemas only (no repeated fields). A file that fails anywhere, its footer included,
 * is not stored.
 *
 * <pre>
 * writer.startGroup();
 * for each batch, for each column c: { Column out = writer.column(c); for each row: out.writeX(v) }
 * writer.endGroup();   // every column must have had the same number of values
 * </pre>
 */
public final class ColumnarParquetWriter implements AutoCloseable {

  /** Rows per data page, as {@link ParquetProperties}' default page row count limit. */
  static final int PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;

  // How often a page's buffered size is compared with the page size.
  private static final int SIZE_CHECK_ROWS = 256;

  private final LakeOutputStream out;
  private final String bucket;
  private final String key;
  private final MessageType schema;
  private final Map<String, String> metadata;
  private final ParquetProperties props;
  private final CodecFactory codecs;
  private final BytesInputCompressor compressor;
  private final ParquetFileWriter file;
  private final Column[] columns;
  private ColumnChunkPageWriteStore pages;
  private boolean groupOpen;
  private long rows;
  private boolean closed;

  ColumnarParquetWriter(
      LakeOutputStream out,
      String bucket,
      String key,
      MessageType schema,
      Map<String, String> metadata,
      Set<String> plainColumns,
      Set<String> unprunedColumns)
      throws IOException {
    this.out = out;
    this.bucket = bucket;
    this.key = key;
    this.schema = schema;
    this.metadata = metadata;
    ParquetProperties.Builder settings = ParquetProperties.builder().withDictionaryEncoding(true);
    for (String column : plainColumns) {
      settings = settings.withDictionaryEncoding(column, false);
    }
    for (String column : unprunedColumns) {
      settings = settings.withStatisticsEnabled(column, false);
    }
    this.props = settings.build();
    this.codecs = new CodecFactory(new PlainParquetConfiguration(), props.getPageSizeThreshold());
    this.compressor = codecs.getCompressor(CompressionCodecName.ZSTD);
    this.file =
        new ParquetFileWriter(
            // the file's end only flushes: the object is stored once the footer is whole
            new LakeOutputFile(out, "s3://" + bucket + "/" + key, false),
            schema,
            ParquetFileWriter.Mode.CREATE,
            ParquetWriter.DEFAULT_BLOCK_SIZE,
            ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
            null,
            props);
    file.start();
    List<ColumnDescriptor> descriptors = schema.getColumns();
    this.columns = new Column[descriptors.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = new Column(descriptors.get(c));
    }
  }

  /** Starts a row group; its columns then take values until {@link #endGroup}. */
  public void startGroup() {
    if (groupOpen) {
      throw new IllegalStateException("a row group is already open in s3://" + bucket + "/" + key);
    }
    groupOpen = true;
    pages =
        ColumnChunkPageWriteStore.builder()
            .withCompressorProvider(column -> compressor)
            .withSchema(schema)
            .withAllocator(props.getAllocator())
            .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
            .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
            .build();
    for (Column column : columns) {
      column.start(pages.getPageWriter(column.descriptor));
    }
  }

  public boolean groupOpen() {
    return groupOpen;
  }

  /** What the open group holds so far: its encoded values and pages. */
  public long groupBytes() {
    long bytes = 0;
    if (groupOpen) {
      for (Column column : columns) {
        bytes += column.bufferedBytes();
      }
    }
    return bytes;
  }

  /** Rows in the open group so far (values of its first column). */
  public long groupRows() {
    return groupOpen ? columns[0].groupValues : 0;
  }

  /** The open group's column at {@code index}, in schema order. */
  public Column column(int index) {
    requireGroup();
    return columns[index];
  }

  private void requireGroup() {
    if (!groupOpen) {
      throw new IllegalStateException("no row group open in s3://" + bucket + "/" + key);
    }
  }

  /**
   * Ends the open group: its last pages and dictionaries, then the group into the file. Every
   * column must have had as many values as the first.
   */
  public void endGroup() {
    requireGroup();
    try {
      long groupRows = columns[0].groupValues;
      if (groupRows == 0) {
        throw new IllegalStateException("an empty row group in s3://" + bucket + "/" + key);
      }
      for (Column column : columns) {
        column.finish(groupRows);
      }
      file.startBlock(groupRows);
      pages.flushToFileWriter(file);
      file.endBlock();
      rows += groupRows;
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("cannot write to s3://" + bucket + "/" + key, e);
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      releaseGroup();
    }
  }

  private void releaseGroup() {
    groupOpen = false;
    if (pages != null) {
      pages.close();
      pages = null;
    }
  }

  /** Rows in the groups ended so far. */
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

  /** Ends the open group, finishes the file (its footer with {@code metadata}) and stores it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (groupOpen) {
      if (groupRows() == 0) {
        releaseGroup();
      } else {
        endGroup();
      }
    }
    closed = true;
    try {
      file.end(metadata);
      out.close();
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException("cannot finish s3://" + bucket + "/" + key, e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    } finally {
      codecs.release();
    }
  }

  /** Drops the file: nothing is stored. */
  public void abort() {
    if (!closed) {
      closed = true;
      out.abort();
      file.abort();
      try {
        file.close();
      } catch (IOException | RuntimeException ignored) {
        // The stream is already aborted; closing only releases the writer's buffers.
      } finally {
        releaseGroup();
        codecs.release();
      }
    }
  }

  /**
   * One column of the open row group. Values are written in row order, one per row (the schema is
   * flat: no repetition levels, and a page's values are its rows); {@link #writeNull} only on an
   * optional column.
   */
  public final class Column {

    private final ColumnDescriptor descriptor;
    private final int maxDefinition;
    private final boolean statistics;
    private PageWriter pageWriter;
    private ValuesWriter values;
    private ValuesWriter definitions;
    private Statistics<?> pageStatistics;
    private int pageValues;
    private long groupValues;

    private Column(ColumnDescriptor descriptor) {
      this.descriptor = descriptor;
      this.maxDefinition = descriptor.getMaxDefinitionLevel();
      this.statistics = props.getStatisticsEnabled(descriptor);
      if (descriptor.getMaxRepetitionLevel() > 0) {
        throw new IllegalArgumentException(
            "repeated column " + descriptor + " in a columnar Parquet file");
      }
    }

    private void start(PageWriter pageWriter) {
      this.pageWriter = pageWriter;
      this.values = props.newValuesWriter(descriptor);
      this.definitions = props.newDefinitionLevelWriter(descriptor);
      this.pageStatistics = newStatistics();
      this.pageValues = 0;
      this.groupValues = 0;
    }

    private Statistics<?> newStatistics() {
      return statistics
          ? Statistics.createStats(descriptor.getPrimitiveType())
          : Statistics.noopStats(descriptor.getPrimitiveType());
    }

    public void writeLong(long value) {
      defined();
      values.writeLong(value);
      pageStatistics.updateStats(value);
      written();
    }

    public void writeInt(int value) {
      defined();
      values.writeInteger(value);
      pageStatistics.updateStats(value);
      written();
    }

    public void writeBoolean(boolean value) {
      defined();
      values.writeBoolean(value);
      pageStatistics.updateStats(value);
      written();
    }

    public void writeBinary(Binary value) {
      defined();
      values.writeBytes(value);
      pageStatistics.updateStats(value);
      written();
    }

    /** A null: an optional column's value left out. */
    public void writeNull() {
      if (maxDefinition == 0) {
        throw new IllegalArgumentException("null in required column " + descriptor);
      }
      requireGroup();
      definitions.writeInteger(0);
      pageStatistics.incrementNumNulls();
      written();
    }

    private void defined() {
      requireGroup();
      definitions.writeInteger(maxDefinition);
    }

    private void written() {
      pageValues++;
      groupValues++;
      if (pageValues >= PAGE_ROWS
          || (pageValues % SIZE_CHECK_ROWS == 0
              && values.getBufferedSize() >= props.getPageSizeThreshold())) {
        writePage();
      }
    }

    private void writePage() {
      try {
        // no repetition levels: none written, BIT_PACKED as Parquet's writer names them then
        pageWriter.writePage(
            BytesInput.concat(definitions.getBytes(), values.getBytes()),
            pageValues,
            pageValues,
            pageStatistics,
            Encoding.BIT_PACKED,
            definitions.getEncoding(),
            values.getEncoding());
      } catch (IOException e) {
        throw new UncheckedIOException("could not write a page of " + descriptor, e);
      }
      definitions.reset();
      values.reset();
      pageStatistics = newStatistics();
      pageValues = 0;
    }

    private long bufferedBytes() {
      return values.getBufferedSize() + definitions.getBufferedSize() + pageWriter.getMemSize();
    }

    private void finish(long rows) throws IOException {
      if (groupValues != rows) {
        throw new IllegalStateException(
            "column "
                + descriptor
                + " got "
                + groupValues
                + " values for a row group of "
                + rows
                + " rows");
      }
      if (pageValues > 0) {
        writePage();
      }
      DictionaryPage dictionary = values.toDictPageAndClose();
      if (dictionary != null) {
        pageWriter.writeDictionaryPage(dictionary);
      }
      values.resetDictionary();
      values.close();
      definitions.close();
    }
  }
}
