package com.salestech.etl.silver;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the lines of a bronze event object (gzip'd NDJSON) one at a time, as bytes. A line longer
 * than the limit keeps only its start and is flagged, so one runaway line cannot exhaust memory.
 */
final class EventLines implements AutoCloseable {

  private final InputStream in;
  private final int maxLineBytes;
  private byte[] line = new byte[1024];
  private int length;
  private boolean truncated;
  private long lineNumber;

  EventLines(InputStream raw, int maxLineBytes) throws IOException {
    this.maxLineBytes = maxLineBytes;
    try {
      this.in = new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024), 64 * 1024);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Moves to the next line; false at the end of the object. */
  boolean next() throws IOException {
    length = 0;
    truncated = false;
    int b = in.read();
    if (b < 0) {
      return false;
    }
    while (b >= 0 && b != '\n') {
      if (length < maxLineBytes) {
        if (length == line.length) {
          line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
        }
        line[length++] = (byte) b;
      } else {
        truncated = true;
      }
      b = in.read();
    }
    if (!truncated && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    lineNumber++;
    return true;
  }

  byte[] buffer() {
    return line;
  }

  int length() {
    return length;
  }

  boolean truncated() {
    return truncated;
  }

  /** The current line's number, the first line being 1. */
  long lineNumber() {
    return lineNumber;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
