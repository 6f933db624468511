package com.salestech.etl.silver;

import com.salestech.etl.keys.KeySet;
import com.salestech.etl.report.FileReport;
import com.salestech.etl.report.TableReport;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Canal;
import com.salestech.model.SaleEvent;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.csv.CsvDialectReader;
import com.salestech.model.csv.CsvFormatException;
import com.salestech.model.csv.CsvRecord;
import com.salestech.model.event.EventField;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import com.salestech.model.rules.MissingColumnException;
import com.salestech.model.rules.RejectReason;
import com.salestech.model.rules.RowParser;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipException;
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
 * <p>Stream sales come last, after the previous version, because a CSV sale wins over an event
 * whichever arrived first: {@code vendas} first resolves the run's event lines ({@link
 * EventResolution}), then reads them again to write the winners no CSV row claims, and records what
 * it decided in {@link StreamFacts}; {@code venda_promocao} and {@code pagamentos} apply those
 * facts after their own exports and previous version.
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

  private LakeParquetWriter<GenericRecord> out;
  private LakeParquetWriter<GenericRecord> quarantine;

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

  // Stream sales (vendas): the event objects, their resolution, the second read.
  private final List<BronzeFile> events;
  private final String eventsRoot;
  private final EventResolution resolution;
  private int resolveIndex;
  private final Map<Integer, String> refusedEvents = new TreeMap<>();
  private int emitIndex;
  private EventLines eventLines;
  private EventResolution.Cursor cursor;
  private final KeySet keptCsv = new KeySet();
  private LakeParquetWriter<GenericRecord> factsOut;
  private final GenericData.Record fact = new GenericData.Record(StreamFacts.SCHEMA);

  // Stream facts (venda_promocao, pagamentos): the sales whose event-derived rows change.
  private final String factsKey;
  private KeySet factKeys;
  private ParquetReader<GenericRecord> factsReader;
  private boolean factsRead;
  private String factSource;
  private int factIngestDate;
  private long scanned;

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
      SilverProperties settings,
      List<BronzeFile> events,
      String factsKey) {
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
    this.events = table == Table.VENDAS ? events : List.of();
    this.eventsRoot = layout.bronze().key("events/");
    this.resolution = this.events.isEmpty() ? null : new EventResolution();
    this.factsKey = factsKey;
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

  /** Rows read, and event lines scanned while resolving them. */
  private long work() {
    return progress() + scanned;
  }

  /** Processes about {@code rows} more rows; true once every input is read. */
  boolean advance(long rows) throws IOException {
    long target = work() + rows;
    while (!done && work() < target) {
      if (resolution != null && resolveIndex <= events.size()) {
        if (resolveIndex < events.size()) {
          resolveEvents(resolveIndex);
        } else {
          resolution.resolve();
        }
        resolveIndex++;
      } else if (factsKey != null && factKeys == null) {
        loadFactKeys();
      } else if (reader != null) {
        readRows(target);
      } else if (fileIndex < files.size()) {
        openFile(files.get(fileIndex++));
      } else if (previousReader != null) {
        copyPreviousRows(target);
      } else if (previousFiles != null && previousFiles.hasNext()) {
        DataFile next = previousFiles.next();
        previousReader = parquet.reader(bucket, next.key(), next.bytes());
      } else if (eventLines != null) {
        writeEvents(target);
      } else if (emitIndex < events.size()) {
        openEvents(emitIndex++);
      } else if (factsReader != null) {
        applyFacts(target);
      } else if (factsKey != null && !factsRead) {
        factsRead = true;
        factsReader = parquet.reader(bucket, factsKey);
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
    while (work() < target) {
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
    while (work() < target) {
      GenericRecord old = previousReader.read();
      if (old == null) {
        previousReader.close();
        previousReader = null;
        return;
      }
      long key = ((Number) old.get(keyPosition)).longValue();
      if (newerKeys.contains(key)) {
        replaced++;
        if (table == Table.VENDAS && isStream(old)) {
          // A later CSV export took over a stream sale: its event's promotion and payment go.
          writeFact(key, Canal.CSV, false, null);
        }
      } else if (resolution != null && resolution.winners().contains(key)) {
        if (isStream(old)) {
          replaced++; // an event of this run is the later one
        } else {
          write(old); // the CSV export keeps its sale; this run's event for it loses
          carriedOver++;
          keptCsv.add(key);
        }
      } else if (factKeys != null && ownedByEvent(old, key)) {
        replaced++; // the facts of this run give the sale's event-derived row anew, or none
      } else {
        write(old);
        carriedOver++;
        if (factKeys != null && table == Table.VENDA_PROMOCAO && factKeys.contains(key)) {
          keptCsv.add(key); // a CSV promotion row wins over the event's flag
        }
      }
    }
  }

  private static boolean isStream(GenericRecord sale) {
    return Canal.STREAM.code().equals(sale.get("canal").toString());
  }

  /** Whether a previous row came from an event whose sale the run's facts name. */
  private boolean ownedByEvent(GenericRecord old, long key) {
    if (table == Table.PAGAMENTOS) {
      return key < 0 && factKeys.contains(-key);
    }
    return factKeys.contains(key) && old.get("source_key").toString().startsWith(eventsRoot);
  }

  /** Pass one over an event object: every valid line into the resolution. */
  private void resolveEvents(int index) throws IOException {
    BronzeFile file = events.get(index);
    int object = resolution.startObject();
    try (EventLines lines =
        new EventLines(
            storage.open(layout.bronze().bucket(), file.key()), settings.maxLineBytes())) {
      while (lines.next()) {
        scanned++;
        EventLine line =
            EventLine.read(lines.buffer(), lines.length(), lines.truncated(), file.lastModified());
        if (line.event() != null) {
          resolution.add(
              object,
              lines.lineNumber(),
              line.event(),
              EventLine.micros(line.receivedAt()),
              EventLine.fingerprint(line.event()));
        }
      }
      resolution.endObject(object);
    } catch (ZipException | EOFException e) {
      // Not gzip, or cut short: none of its lines count, like a CSV file that cannot be read.
      resolution.dropObject(object);
      refusedEvents.put(index, "not a readable gzip NDJSON object: " + e.getMessage());
    }
  }

  /** Pass two: the object's lines again, each to its verdict. */
  private void openEvents(int index) throws IOException {
    currentFile = events.get(index);
    fileRead = fileWritten = fileQuarantined = fileEmpty = fileSuperseded = 0;
    String refused = refusedEvents.get(index);
    if (refused != null) {
      refuseFile(refused);
      return;
    }
    eventLines =
        new EventLines(
            storage.open(layout.bronze().bucket(), currentFile.key()), settings.maxLineBytes());
    cursor = resolution.cursor(index);
    row.put(ingestDatePosition, (int) currentFile.ingestDate().toEpochDay());
    row.put(sourceKeyPosition, currentFile.key());
    rejected.put("source_key", currentFile.key());
    rejected.put("ingest_date", (int) currentFile.ingestDate().toEpochDay());
  }

  private void writeEvents(long target) throws IOException {
    EventLines lines = eventLines;
    while (work() < target) {
      if (!lines.next()) {
        fileReports.add(
            new FileReport(
                currentFile.key(),
                currentFile.ingestDate().toString(),
                currentFile.size(),
                fileRead,
                fileWritten,
                fileQuarantined,
                fileEmpty,
                fileSuperseded,
                null));
        bytesRead += currentFile.size();
        lines.close();
        eventLines = null;
        cursor = null;
        return;
      }
      rowsRead++;
      fileRead++;
      long number = lines.lineNumber();
      switch (cursor.verdict(number)) {
        case EventResolution.DUPLICATE, EventResolution.LOST -> {
          superseded++;
          fileSuperseded++;
        }
        case EventResolution.CONFLICT ->
            quarantine(
                number, lines, RejectReason.CONFLICTING_EVENT.code(), EventField.EVENT_ID.json());
        case EventResolution.WIN -> writeWinner(lines);
        default -> {
          EventLine line =
              EventLine.read(
                  lines.buffer(), lines.length(), lines.truncated(), currentFile.lastModified());
          if (line.empty()) {
            emptyRows++;
            fileEmpty++;
          } else {
            // The ingest API should have refused it: quarantined, and a warning.
            quarantine(number, lines, line.reason().code(), line.field());
            warnings.merge(line.warning(), 1L, Long::sum);
          }
        }
      }
    }
  }

  private void writeWinner(EventLines lines) {
    SaleEvent event =
        EventLine.read(lines.buffer(), lines.length(), false, currentFile.lastModified()).event();
    long id = event.saleId();
    if (newerKeys.contains(id) || keptCsv.contains(id)) {
      // The CSV export wins; what the event said of promotion and payment goes with it.
      superseded++;
      fileSuperseded++;
      writeFact(id, Canal.CSV, false, null);
      return;
    }
    row.put("id", id);
    row.put("id_cliente", event.customerId());
    row.put("id_loja", event.storeId());
    row.put("id_produto", event.productId());
    row.put("dt_venda", utcDay(event.soldAt()));
    row.put("quantidade", event.quantity());
    row.put("canal", Canal.STREAM.code());
    write(row);
    written++;
    fileWritten++;
    writeFact(
        id,
        Canal.STREAM,
        event.promotion(),
        event.paidAt() == null ? null : utcDay(event.paidAt()));
  }

  private static int utcDay(Instant instant) {
    return (int) Math.floorDiv(instant.getEpochSecond(), 86_400L);
  }

  private void writeFact(long saleId, Canal canal, boolean promotion, Integer paidDay) {
    if (factsOut == null) {
      factsOut = parquet.writer(bucket, StreamFacts.key(layout, runId), StreamFacts.SCHEMA);
    }
    boolean stream = canal == Canal.STREAM;
    fact.put("id_venda", saleId);
    fact.put("canal", canal.code());
    fact.put("promocao", promotion);
    fact.put("dt_pgto", paidDay);
    fact.put("ingest_date", stream ? (int) currentFile.ingestDate().toEpochDay() : null);
    fact.put("source_key", stream ? currentFile.key() : null);
    factsOut.write(fact);
  }

  private void loadFactKeys() throws IOException {
    factKeys = new KeySet();
    try (ParquetReader<GenericRecord> facts = parquet.reader(bucket, factsKey)) {
      for (GenericRecord f = facts.read(); f != null; f = facts.read()) {
        factKeys.add((Long) f.get("id_venda"));
      }
    }
  }

  /**
   * The stream facts as rows of this table, after its exports and previous version: a promotion row
   * for every stream sale (false when the event has none, so that it replaces an earlier event's
   * flag), a payment for every stream sale paid.
   */
  private void applyFacts(long target) throws IOException {
    while (work() < target) {
      GenericRecord f = factsReader.read();
      if (f == null) {
        factsReader.close();
        factsReader = null;
        flushFactSource();
        return;
      }
      scanned++;
      if (!Canal.STREAM.code().equals(f.get("canal").toString())) {
        continue;
      }
      long saleId = (Long) f.get("id_venda");
      Object paid = f.get("dt_pgto");
      if (table == Table.PAGAMENTOS && paid == null) {
        continue;
      }
      String source = f.get("source_key").toString();
      if (!source.equals(factSource)) {
        flushFactSource();
        factSource = source;
        factIngestDate = (Integer) f.get("ingest_date");
      }
      rowsRead++;
      fileRead++;
      row.put(ingestDatePosition, factIngestDate);
      row.put(sourceKeyPosition, source);
      if (table == Table.PAGAMENTOS) {
        row.put("id", StreamFacts.paymentId(saleId));
        row.put("id_venda", saleId);
        row.put("dt_pgto", paid);
      } else if (newerKeys.contains(saleId) || keptCsv.contains(saleId)) {
        superseded++;
        fileSuperseded++;
        continue;
      } else {
        row.put("id_venda", saleId);
        row.put("promocao", f.get("promocao"));
      }
      write(row);
      written++;
      fileWritten++;
    }
  }

  /** The report entry of the event object whose facts were just applied. */
  private void flushFactSource() {
    if (factSource != null && fileRead > 0) {
      fileReports.add(
          new FileReport(
              factSource,
              java.time.LocalDate.ofEpochDay(factIngestDate).toString(),
              0,
              fileRead,
              fileWritten,
              0,
              0,
              fileSuperseded,
              null));
    }
    fileRead = fileWritten = fileQuarantined = fileEmpty = fileSuperseded = 0;
    factSource = null;
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
    quarantine(record.lineNumber(), record.rawLine(), record.rawTruncated(), reason, column);
  }

  private void quarantine(long lineNumber, EventLines lines, String reason, String column) {
    quarantine(
        lineNumber,
        new String(lines.buffer(), 0, lines.length(), StandardCharsets.UTF_8),
        lines.truncated(),
        reason,
        column);
  }

  private void quarantine(
      long lineNumber, String rawLine, boolean truncated, String reason, String column) {
    quarantined++;
    fileQuarantined++;
    quarantinedByReason.merge(reason, 1L, Long::sum);
    if (quarantine == null) {
      quarantine =
          parquet.writer(bucket, layout.quarantineKey(table, runId, 0), SilverSchemas.quarantine());
    }
    rejected.put("line_number", lineNumber);
    rejected.put("reason", reason);
    rejected.put("column_name", column);
    rejected.put("raw_line", rawLine);
    rejected.put("raw_truncated", truncated);
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
    if (factsOut != null) {
      factsOut.close();
      factsOut = null;
    }
    return List.copyOf(dataFiles);
  }

  /** Rows in the quarantine file written, to check against the rows counted. */
  long quarantineFileRows() {
    return quarantineFiles.stream().mapToLong(DataFile::rows).sum();
  }

  /** Whether no object could be read at all (each refused as a whole) and no facts applied. */
  boolean everyFileRefused() {
    return factsKey == null && fileReports.stream().allMatch(f -> f.error() != null);
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
    if (factsOut != null) {
      factsOut.abort();
      factsOut = null;
    }
    try (AutoCloseable r = reader;
        AutoCloseable p = previousReader;
        AutoCloseable e = eventLines;
        AutoCloseable f = factsReader) {
      reader = null;
      previousReader = null;
      eventLines = null;
      factsReader = null;
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the inputs of silver " + table.tableName(), e);
    }
  }
}
