package com.salestech.lake.parquet;

import com.salestech.lake.LakeStorage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A Parquet file read from the lake with ranged GETs: reading goes forward on one open stream, and
 * a seek beyond a short skip reopens the object at the new offset. A small file is fetched whole in
 * one GET and read from memory: opening it costs one request instead of one per seek (the footer's
 * length, the footer, each column chunk).
 */
final class LakeInputFile implements InputFile {

  private static final long SKIP_INSTEAD_OF_REOPEN = 256 * 1024;

  /** Files up to this size are fetched whole. */
  static final long READ_WHOLE = 1024 * 1024;

  private final LakeStorage storage;
  private final String bucket;
  private final String key;
  private final long length;
  private byte[] whole;

  LakeInputFile(LakeStorage storage, String bucket, String key, long length) {
    this.storage = storage;
    this.bucket = bucket;
    this.key = key;
    this.length = length;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new RangedStream();
  }

  private final class RangedStream extends SeekableInputStream {

    private InputStream current;
    private long pos;

    private InputStream stream() throws IOException {
      if (current == null) {
        if (length <= READ_WHOLE) {
          if (whole == null) {
            try (InputStream in = storage.open(bucket, key, 0)) {
              whole = in.readAllBytes();
            }
          }
          int at = (int) Math.min(pos, whole.length);
          current = new ByteArrayInputStream(whole, at, whole.length - at);
        } else {
          current = storage.open(bucket, key, pos);
        }
      }
      return current;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos == pos) {
        return;
      }
      if (current != null && newPos > pos && newPos - pos <= SKIP_INSTEAD_OF_REOPEN) {
        current.skipNBytes(newPos - pos);
      } else {
        closeCurrent();
      }
      pos = newPos;
    }

    private void closeCurrent() throws IOException {
      if (current != null) {
        if (current instanceof ResponseInputStream<?> response) {
          response.abort();
        }
        current.close();
        current = null;
      }
    }

    @Override
    public int read() throws IOException {
      int b = stream().read();
      if (b >= 0) {
        pos++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = stream().read(b, off, len);
      if (n > 0) {
        pos += n;
      }
      return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      int done = 0;
      while (done < len) {
        int n = read(bytes, start + done, len - done);
        if (n < 0) {
          throw new EOFException(
              "s3://" + bucket + "/" + key + " ended at " + pos + " of " + length);
        }
        done += n;
      }
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      if (buf.hasArray()) {
        int n = read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        if (n > 0) {
          buf.position(buf.position() + n);
        }
        return n;
      }
      byte[] tmp = new byte[Math.min(buf.remaining(), 64 * 1024)];
      int n = read(tmp, 0, tmp.length);
      if (n > 0) {
        buf.put(tmp, 0, n);
      }
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        if (read(buf) < 0) {
          throw new EOFException("s3://" + bucket + "/" + key + " ended early");
        }
      }
    }

    @Override
    public void close() throws IOException {
      closeCurrent();
    }
  }
}
