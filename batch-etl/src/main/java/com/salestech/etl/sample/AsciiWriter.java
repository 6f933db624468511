package com.salestech.etl.sample;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes rows straight into one large byte buffer: numbers as ASCII digits and text as pre-encoded
 * UTF-8, so tens of millions of rows cost no {@code String} per row.
 */
final class AsciiWriter implements Closeable {

  private static final int BUFFER_BYTES = 1 << 20;
  private static final int MAX_LONG_DIGITS = 19;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;

  AsciiWriter(Path file) throws IOException {
    out = Files.newOutputStream(file);
  }

  void write(byte b) throws IOException {
    if (position == buffer.length) {
      drain();
    }
    buffer[position++] = b;
  }

  void write(char ascii) throws IOException {
    write((byte) ascii);
  }

  void write(byte[] bytes) throws IOException {
    if (bytes.length > buffer.length - position) {
      drain();
    }
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** A non-negative number in decimal, without padding. */
  void writeLong(long value) throws IOException {
    if (buffer.length - position < MAX_LONG_DIGITS) {
      drain();
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int end = position + digits;
    for (int i = end - 1; i >= position; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position = end;
  }

  void separator() throws IOException {
    write((byte) ';');
  }

  /** The exports end every line, the last one included, with CRLF. */
  void endLine() throws IOException {
    if (buffer.length - position < 2) {
      drain();
    }
    buffer[position++] = '\r';
    buffer[position++] = '\n';
  }

  private void drain() throws IOException {
    out.write(buffer, 0, position);
    position = 0;
  }

  @Override
  public void close() throws IOException {
    try (out) {
      drain();
    }
  }
}
