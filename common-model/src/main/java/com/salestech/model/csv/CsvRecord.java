package com.salestech.model.csv;

import com.salestech.model.rules.ColumnRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The current record of a {@link CsvDialectReader}. The reader reuses one instance: its contents
 * are valid until the next call to {@link CsvDialectReader#next()}.
 */
public final class CsvRecord {

  /** What the reader could make of the record. */
  public enum Status {
    /** Fields split cleanly. */
    OK,
    /** A quote left open, or text after a closing quote; fields are not reliable. */
    MALFORMED,
    /** Longer than the reader's limit; only the first bytes of the raw line are kept. */
    TOO_LONG,
    /** Bytes that are not UTF-8; fields are not reliable. */
    INVALID_ENCODING
  }

  byte[] fields = new byte[256];
  int fieldsLength;
  int[] starts = new int[16];
  int[] ends = new int[16];
  int fieldCount;
  long lineNumber;
  Status status = Status.OK;

  byte[] raw;
  int rawFrom;
  int rawTo;
  boolean rawTruncated;

  void reset(long line) {
    fieldsLength = 0;
    fieldCount = 0;
    lineNumber = line;
    status = Status.OK;
    rawTruncated = false;
  }

  void startField() {
    if (fieldCount == starts.length) {
      starts = Arrays.copyOf(starts, fieldCount * 2);
      ends = Arrays.copyOf(ends, fieldCount * 2);
    }
    starts[fieldCount] = fieldsLength;
    ends[fieldCount] = fieldsLength;
    fieldCount++;
  }

  void append(byte b) {
    if (fieldsLength == fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[fieldsLength++] = b;
    ends[fieldCount - 1] = fieldsLength;
  }

  void dropTrailingCarriageReturn() {
    int last = fieldCount - 1;
    if (last >= 0 && ends[last] > starts[last] && fields[ends[last] - 1] == '\r') {
      ends[last]--;
      fieldsLength--;
    }
  }

  /** The physical line (1 = header) on which the record starts. */
  public long lineNumber() {
    return lineNumber;
  }

  public Status status() {
    return status;
  }

  public int fieldCount() {
    return fieldCount;
  }

  /** The buffer that holds the unquoted field bytes; see {@link #start} and {@link #end}. */
  public byte[] buffer() {
    return fields;
  }

  /** Start of field {@code i} in {@link #buffer()}, after leading spaces. */
  public int start(int i) {
    return ColumnRules.trimStart(fields, starts[i], ends[i]);
  }

  /** End of field {@code i} in {@link #buffer()}, before trailing spaces. */
  public int end(int i) {
    return ColumnRules.trimEnd(fields, start(i), ends[i]);
  }

  /** Field {@code i} trimmed, or null when it is empty. */
  public String field(int i) {
    int from = start(i);
    int to = ColumnRules.trimEnd(fields, from, ends[i]);
    return from == to ? null : new String(fields, from, to - from, StandardCharsets.UTF_8);
  }

  /** Whether every field is empty once trimmed: {@code ;;} or an empty line. */
  public boolean isBlank() {
    for (int i = 0; i < fieldCount; i++) {
      if (start(i) < ends[i]) {
        return false;
      }
    }
    return true;
  }

  /** The line as received, without its line break; invalid UTF-8 shows as U+FFFD. */
  public String rawLine() {
    return new String(raw, rawFrom, rawTo - rawFrom, StandardCharsets.UTF_8);
  }

  /** Whether {@link #rawLine()} holds only the beginning of a longer line. */
  public boolean rawTruncated() {
    return rawTruncated;
  }
}
