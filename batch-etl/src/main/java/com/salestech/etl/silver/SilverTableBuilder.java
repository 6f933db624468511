package com.salestech.etl.silver;

import com.salestech.etl.keys.KeySet;
import com.salestech.etl.report.FileReport;
import com.salestech.etl.report.TableReport;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.csv.CsvDialectReader;
import com.salestech.model.csv.CsvFormatException;
import com.salestech.model.csv.CsvRecord;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import com.salestech.model.rules.MissingColumnException;
import com.salestech.model.rules.RejectReason;
import com.salestech.model.rules.RowParser;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Builds one silver table version by streaming: the run's bronze objects, newest first, through
 * parse → validate → Parquet, then the rows of the previous version that no newer export names
 * (upsert by key). Rows that fail the column rules, and repeats of a key inside one file, go to
 * quarantine with their raw line. Memory holds one row, one bit per key and the open files'
 * buffers.
 *
 * <p>Work is done in slices ({@link #advance}) so the caller can commit progress between them.
 * Nothing is visible to readers until the caller publishes the returned files.
 */
final class SilverTableBuilder implements AutoCloseable {

  /** Columns of (nearly) unique values: written without a dictionary. */
  private static final Set<String> UNIQUE_COLUMNS = Set.of("id", "id_venda", "id_cliente", "nome");

  private final Table table;
  private final List<BronzeFile> files;
  private final String runId;
  private final LakeStorage storage;
  private final ParquetLake parquet;
  private final LakeLayout layout;
  private final SilverProperties settings;
  private final BigDecimal maxPrice;
  private final Schema schema;
  private final String bucket;
  private final int keyPosition;
  private final int ingestDatePosition;
  private final int sourceKeyPosition;

  private final KeySet newerKeys = new KeySet();
  private final GenericData.Record row;
  private final GenericData.Record rejected = new GenericData.Record(SilverSchemas.quarantine());
  private final List<DataFile> dataFiles = new ArrayList<>();
  private final List<DataFile> quarantineFiles = new ArrayList<>();
  private final List<FileReport> fileReports = new ArrayList<>();
  private final Map<String, Long> quarantinedByReason = new TreeMap<>();
  private final Map<String, Long> warnings = new TreeMap<>();

  private LakeParquetWriter out;
  private LakeParquetWriter quarantine;

  private int fileIndex;
  private CsvDialectReader reader;
  private RowParser parser;
  private KeySet fileKeys;
  private BronzeFile currentFile;
  private long fileRead;
  private long fileWritten;
  private long fileQuarantined;
  private long fileEmpty;
  private long fileSuperseded;

  private Iterator<DataFile> previousFiles;
  private ParquetReader<GenericRecord> previousReader;

  private long rowsRead;
  private long written;
  private long quarantined;
  private long emptyRows;
  private long superseded;
  private long carriedOver;
  private long replaced;
  private long bytesRead;
  private boolean done;

  SilverTableBuilder(
      Table table,
      List<BronzeFile> files,
      CurrentPointer previous,
      String runId,
      LakeStorage storage,
      ParquetLake parquet,
      LakeLayout layout,
      SilverProperties settings) {
    this.table = table;
    this.files = files;
    this.runId = runId;
    this.storage = storage;
    this.parquet = parquet;
    this.layout = layout;
    this.settings = settings;
    this.maxPrice = settings.maxPrice();
    this.schema = SilverSchemas.of(table);
    this.bucket = layout.silver().bucket();
    this.row = new GenericData.Record(schema);
    this.keyPosition = schema.getField(table.keyColumn().name()).pos();
    this.ingestDatePosition = schema.getField("ingest_date").pos();
    this.sourceKeyPosition = schema.getField("source_key").pos();
    this.rejected.put("table_name", table.tableName());
    this.rejected.put("run_id", runId);
    this.previousFiles = previous == null ? null : previous.files().iterator();
  }

  /** Rows read from bronze and from the previous version so far. */
  long progress() {
    return rowsRead + carriedOver + replaced;
  }

  long written() {
    return written + carriedOver;
  }

  boolean done() {
    return done;
  }

  /** Processes about {@code rows} more rows; true once every input is read. */
  boolean advance(long rows) throws IOException {
    long target = progress() + rows;
    while (!done && progress() < target) {
      if (reader != null) {
        readRows(target);
      } else if (fileIndex < files.size()) {
        openFile(files.get(fileIndex++));
      } else if (previousReader != null) {
        copyPreviousRows(target);
      } else if (previousFiles != null && previousFiles.hasNext()) {
        DataFile next = previousFiles.next();
        previousReader = parquet.reader(bucket, next.key(), next.bytes());
      } else {
        done = true;
      }
    }
    return done;
  }

  private void openFile(BronzeFile file) throws IOException {
    currentFile = file;
    fileRead = fileWritten = fileQuarantined = fileEmpty = fileSuperseded = 0;
    InputStream in = storage.open(layout.bronze().bucket(), file.key());
    try {
      CsvDialectReader opened =
          new CsvDialectReader(in, settings.maxLineBytes(), settings.multilineFields());
      if (opened.header().isEmpty()) {
        opened.close();
        refuseFile("empty file: no header row");
        return;
      }
      parser = new RowParser(table, opened.header(), maxPrice);
      reader = opened;
      fileKeys = new KeySet();
      row.put(ingestDatePosition, (int) file.ingestDate().toEpochDay());
      row.put(sourceKeyPosition, file.key());
      rejected.put("source_key", file.key());
      rejected.put("ingest_date", (int) file.ingestDate().toEpochDay());
    } catch (CsvFormatException | MissingColumnException e) {
      in.close();
      refuseFile(e.getMessage());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private void refuseFile(String error) {
    fileReports.add(
        new FileReport(
            currentFile.key(),
            currentFile.ingestDate().toString(),
            currentFile.size(),
            0,
            0,
            0,
            0,
            0,
            error));
  }

  private void readRows(long target) throws IOException {
    CsvDialectReader r = reader;
    while (progress() < target) {
      if (!r.next()) {
        closeFile();
        return;
      }
      CsvRecord record = r.record();
      rowsRead++;
      fileRead++;
      switch (parser.parse(record, row)) {
        case EMPTY -> {
          emptyRows++;
          fileEmpty++;
        }
        case REJECTED -> quarantine(record, parser.reason().code(), parser.failedColumn());
        case VALID -> {
          long key = parser.key();
          if (!fileKeys.add(key)) {
            quarantine(record, RejectReason.DUPLICATE_KEY.code(), table.keyColumn().name());
          } else if (!newerKeys.add(key)) {
            superseded++;
            fileSuperseded++;
          } else {
            write(row);
            written++;
            fileWritten++;
          }
        }
      }
    }
  }

  private void closeFile() throws IOException {
    bytesRead += reader.bytesRead();
    parser.warnings().forEach((k, v) -> warnings.merge(k, v, Long::sum));
    fileReports.add(
        new FileReport(
            currentFile.key(),
            currentFile.ingestDate().toString(),
            reader.bytesRead(),
            fileRead,
            fileWritten,
            fileQuarantined,
            fileEmpty,
            fileSuperseded,
            null));
    reader.close();
    reader = null;
    parser = null;
    fileKeys = null;
  }

  private void copyPreviousRows(long target) throws IOException {
    while (progress() < target) {
      GenericRecord old = previousReader.read();
      if (old == null) {
        previousReader.close();
        previousReader = null;
        return;
      }
      long key = ((Number) old.get(keyPosition)).longValue();
      if (newerKeys.contains(key)) {
        replaced++;
      } else {
        write(old);
        carriedOver++;
      }
    }
  }

  private void write(GenericRecord record) {
    if (out == null || out.rows() >= settings.rowsPerFile()) {
      rollOutput();
    }
    out.write(record);
  }

  private void rollOutput() {
    closeOutput();
    String key = layout.dataFileKey(Layer.SILVER, table.tableName(), runId, null, dataFiles.size());
    out = parquet.writer(bucket, key, schema, ParquetLake.ROW_GROUP_BYTES, UNIQUE_COLUMNS);
  }

  private void closeOutput() {
    if (out != null) {
      out.close();
      dataFiles.add(new DataFile(out.key(), out.rows(), out.bytes()));
      out = null;
    }
  }

  private void quarantine(CsvRecord record, String reason, String column) {
    quarantined++;
    fileQuarantined++;
    quarantinedByReason.merge(reason, 1L, Long::sum);
    if (quarantine == null) {
      quarantine =
          parquet.writer(bucket, layout.quarantineKey(table, runId, 0), SilverSchemas.quarantine());
    }
    rejected.put("line_number", record.lineNumber());
    rejected.put("reason", reason);
    rejected.put("column_name", column);
    rejected.put("raw_line", record.rawLine());
    rejected.put("raw_truncated", record.rawTruncated());
    quarantine.write(rejected);
  }

  /** Closes the files written; the returned data files make up the new version. */
  List<DataFile> finishFiles() {
    if (!done) {
      throw new IllegalStateException("silver " + table.tableName() + " is not fully read yet");
    }
    if (out == null && dataFiles.isEmpty()) {
      // An empty table is still one file, so that readers see its schema.
      rollOutput();
    }
    closeOutput();
    if (quarantine != null) {
      quarantine.close();
      quarantineFiles.add(new DataFile(quarantine.key(), quarantine.rows(), quarantine.bytes()));
      quarantine = null;
    }
    return List.copyOf(dataFiles);
  }

  /** Rows in the quarantine file written, to check against the rows counted. */
  long quarantineFileRows() {
    return quarantineFiles.stream().mapToLong(DataFile::rows).sum();
  }

  /** Whether no object could be read at all (each refused as a whole). */
  boolean everyFileRefused() {
    return fileReports.stream().allMatch(f -> f.error() != null);
  }

  double rejectRate() {
    long nonEmpty = rowsRead - emptyRows;
    return nonEmpty == 0 ? 0 : (double) quarantined / nonEmpty;
  }

  TableReport report(String status, String version, long durationMs, String error) {
    long bytesWritten = dataFiles.stream().mapToLong(DataFile::bytes).sum();
    Map<String, Long> reasons = new LinkedHashMap<>(quarantinedByReason);
    return new TableReport(
        table.tableName(),
        status,
        version,
        rowsRead,
        written,
        quarantined,
        emptyRows,
        superseded,
        carriedOver,
        replaced,
        written + carriedOver,
        reasons,
        new LinkedHashMap<>(warnings),
        rejectRate(),
        settings.maxRejectRate(table.tableName()),
        bytesRead,
        bytesWritten,
        durationMs,
        List.copyOf(fileReports),
        error);
  }

  /** Releases everything still open; files not finished are dropped, never stored. */
  @Override
  public void close() {
    if (out != null) {
      out.abort();
      out = null;
    }
    if (quarantine != null) {
      quarantine.abort();
      quarantine = null;
    }
    try (AutoCloseable r = reader;
        AutoCloseable p = previousReader) {
      reader = null;
      previousReader = null;
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the inputs of silver " + table.tableName(), e);
    }
  }
}
