package com.salestech.model.csv;

import com.salestech.model.csv.CsvRecord.Status;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Streams the retailer's CSV dialect (DATA-CONTRACT §1.1): UTF-8 with or without a byte-order mark,
 * {@code ;} separators, CRLF or LF, one header row, RFC 4180 double quotes.
 *
 * <p>It works on bytes, not characters, so that a record keeps its raw line exactly for quarantine,
 * a line that is not UTF-8 is reported on its own instead of failing the stream, and ids and dates
 * are parsed without building strings. Memory is bounded by {@code maxRecordBytes}: a longer line
 * is reported as {@link Status#TOO_LONG} with its first bytes and skipped.
 *
 * <p>A quoted field holds separators and doubled quotes. Line breaks inside quotes are off by
 * default: the exports never have them, while a stray opening quote ({@code 1;"TV 50;1500}) is a
 * real risk and would otherwise swallow every line up to the next quote. Off, such a line is {@link
 * Status#MALFORMED} on its own. On, a record that spans lines but ends malformed, with the wrong
 * number of fields, or open at the end of the input or past the limit, is reported by its first
 * line only and reading resumes on the next.
 */
public final class CsvDialectReader implements Closeable {

  public static final byte SEPARATOR = ';';
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
  private static final int READ_CHUNK = 1 << 16;
  private static final int TOO_LONG_SAMPLE_BYTES = 4096;

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private final InputStream in;
  private final int maxRecordBytes;
  private final boolean multilineFields;
  private final CsvRecord record = new CsvRecord();
  private final List<String> header;
  private final List<String> rawHeader;
  private int expectedFields;

  private byte[] buf;
  private int pos;
  private int limit;
  private int recordStart;
  private boolean eof;
  private long nextLine = 1;
  private long bytesRead;

  public CsvDialectReader(InputStream in) throws IOException {
    this(in, DEFAULT_MAX_RECORD_BYTES, false);
  }

  /**
   * Opens the stream and reads the header row. An empty stream has an empty header; a header that
   * is not clean UTF-8 text fails with {@link CsvFormatException}.
   */
  public CsvDialectReader(InputStream in, int maxRecordBytes, boolean multilineFields)
      throws IOException {
    if (maxRecordBytes < 1024) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 1024: " + maxRecordBytes);
    }
    this.in = in;
    this.maxRecordBytes = maxRecordBytes;
    this.multilineFields = multilineFields;
    this.buf = new byte[Math.min(READ_CHUNK * 2, maxRecordBytes + READ_CHUNK)];
    skipByteOrderMark();
    if (!next()) {
      this.rawHeader = List.of();
      this.header = List.of();
      return;
    }
    if (record.status() != Status.OK) {
      throw new CsvFormatException(
          "the header row is not a "
              + (record.status() == Status.INVALID_ENCODING ? "UTF-8 " : "")
              + "CSV header ("
              + record.status().name().toLowerCase(Locale.ROOT)
              + ")");
    }
    String[] names = new String[record.fieldCount()];
    String[] normalized = new String[record.fieldCount()];
    for (int i = 0; i < names.length; i++) {
      String name = record.field(i);
      names[i] = name == null ? "" : name;
      if (names[i].indexOf('\r') >= 0) {
        throw new CsvFormatException("lines end with a bare CR: the dialect is CRLF or LF");
      }
      normalized[i] = HeaderNames.normalize(names[i]);
    }
    this.rawHeader = List.of(names);
    this.header = List.of(normalized);
    this.expectedFields = names.length;
  }

  /** Header names normalised by {@link HeaderNames#normalize}; empty for an empty stream. */
  public List<String> header() {
    return header;
  }

  /** Header names as written in the file. */
  public List<String> rawHeader() {
    return rawHeader;
  }

  /** The current record, valid until the next call to {@link #next()}. */
  public CsvRecord record() {
    return record;
  }

  /** Bytes consumed from the stream so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Advances to the next record; false at the end of the stream. */
  public boolean next() throws IOException {
    recordStart = pos;
    if (pos == limit && !fill()) {
      return false;
    }
    long startLine = nextLine;
    record.reset(startLine);
    int state = FIELD_START;
    int firstLineEnd = -1;
    int highBits = 0;
    boolean malformed = false;
    while (true) {
      if (pos == limit) {
        int consumed = pos - recordStart;
        int firstLineOffset = firstLineEnd < 0 ? -1 : firstLineEnd - recordStart;
        if (consumed >= maxRecordBytes || !fill()) {
          boolean atEnd = consumed < maxRecordBytes;
          if (state == QUOTED && firstLineOffset >= 0) {
            return rewindToSecondLine(startLine, recordStart + firstLineOffset);
          }
          if (!atEnd) {
            return skipTooLongLine();
          }
          if (state == QUOTED) {
            malformed = true;
          } else if (state == FIELD_START) {
            record.startField(); // "a;" at the very end: an empty last field
          }
          record.dropTrailingCarriageReturn();
          return end(startLine, firstLineEnd, pos, highBits, malformed);
        }
        firstLineEnd = firstLineOffset < 0 ? -1 : recordStart + firstLineOffset;
      }
      byte c = buf[pos++];
      highBits |= c;
      switch (state) {
        case FIELD_START -> {
          record.startField();
          if (c == '"') {
            state = QUOTED;
          } else if (c == SEPARATOR) {
            state = FIELD_START;
          } else if (c == '\n') {
            nextLine++;
            record.dropTrailingCarriageReturn();
            return end(startLine, firstLineEnd, pos - 1, highBits, malformed);
          } else {
            record.append(c);
            state = UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (c == SEPARATOR) {
            state = FIELD_START;
          } else if (c == '\n') {
            nextLine++;
            record.dropTrailingCarriageReturn();
            return end(startLine, firstLineEnd, pos - 1, highBits, malformed);
          } else {
            record.append(c);
          }
        }
        case QUOTED -> {
          if (c == '"') {
            state = QUOTE_IN_QUOTED;
          } else {
            if (c == '\n') {
              nextLine++;
              if (!multilineFields) {
                record.dropTrailingCarriageReturn();
                return finish(pos - 1, highBits, true);
              }
              if (firstLineEnd < 0) {
                firstLineEnd = pos - 1;
              }
            }
            record.append(c);
          }
        }
        default -> {
          if (c == '"') {
            record.append(c);
            state = QUOTED;
          } else if (c == SEPARATOR) {
            state = FIELD_START;
          } else if (c == '\n') {
            nextLine++;
            return end(startLine, firstLineEnd, pos - 1, highBits, malformed);
          } else if (c != '\r') {
            malformed = true;
            record.append(c);
            state = UNQUOTED;
          }
        }
      }
    }
  }

  /**
   * Ends a record. One that spans several lines through a quoted field but comes out malformed or
   * with the wrong number of fields was most likely opened by a stray quote: only its first line is
   * reported, and reading resumes on the next line so no valid row is swallowed.
   */
  private boolean end(long startLine, int firstLineEnd, int end, int highBits, boolean malformed) {
    if (firstLineEnd >= 0
        && expectedFields > 0
        && (malformed || record.fieldCount != expectedFields)) {
      return rewindToSecondLine(startLine, firstLineEnd);
    }
    return finish(end, highBits, malformed);
  }

  private boolean finish(int end, int highBits, boolean malformed) {
    int rawEnd = end;
    if (rawEnd > recordStart && buf[rawEnd - 1] == '\r') {
      rawEnd--;
    }
    record.raw = buf;
    record.rawFrom = recordStart;
    record.rawTo = rawEnd;
    if ((highBits & 0x80) != 0 && !Utf8.isValid(buf, recordStart, rawEnd)) {
      record.status = Status.INVALID_ENCODING;
    } else if (malformed) {
      record.status = Status.MALFORMED;
    }
    return true;
  }

  /** A quote opened on this line never closed: report this line alone and go on after it. */
  private boolean rewindToSecondLine(long startLine, int firstLineEnd) {
    record.reset(startLine);
    record.status = Status.MALFORMED;
    record.raw = buf;
    record.rawFrom = recordStart;
    record.rawTo =
        firstLineEnd > recordStart && buf[firstLineEnd - 1] == '\r'
            ? firstLineEnd - 1
            : firstLineEnd;
    pos = firstLineEnd + 1;
    nextLine = startLine + 1;
    return true;
  }

  /** Keeps the first bytes of an over-long line, then discards the rest of it. */
  private boolean skipTooLongLine() throws IOException {
    int sampleLength = Math.min(TOO_LONG_SAMPLE_BYTES, pos - recordStart);
    byte[] sample = Arrays.copyOfRange(buf, recordStart, recordStart + sampleLength);
    long line = record.lineNumber();
    while (true) {
      while (pos < limit) {
        if (buf[pos++] == '\n') {
          finishTooLong(line, sample);
          nextLine++;
          return true;
        }
      }
      recordStart = pos;
      if (!fill()) {
        finishTooLong(line, sample);
        return true;
      }
    }
  }

  private void finishTooLong(long line, byte[] sample) {
    record.reset(line);
    record.status = Status.TOO_LONG;
    record.raw = sample;
    record.rawFrom = 0;
    record.rawTo = Utf8.safeCut(sample, sample.length);
    record.rawTruncated = true;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - pos < 3 && fill()) {
      // read until three bytes or the end
    }
    if (limit - pos >= 3
        && (buf[pos] & 0xFF) == 0xEF
        && (buf[pos + 1] & 0xFF) == 0xBB
        && (buf[pos + 2] & 0xFF) == 0xBF) {
      pos += 3;
    }
  }

  /**
   * Reads more input, keeping the bytes of the current record (from {@code recordStart}). Returns
   * false at the end of the stream.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (recordStart > 0) {
      int kept = limit - recordStart;
      System.arraycopy(buf, recordStart, buf, 0, kept);
      pos -= recordStart;
      limit = kept;
      recordStart = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordBytes + READ_CHUNK));
      if (limit == buf.length) {
        return false;
      }
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    bytesRead += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
