package com.salestech.lake.parquet;

import com.salestech.lake.LakeOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet file written straight to the lake as one streamed object. */
final class LakeOutputFile implements OutputFile {

  private final LakeOutputStream out;
  private final String path;
  private final boolean closesStream;

  LakeOutputFile(LakeOutputStream out, String path) {
    this(out, path, true);
  }

  /**
   * @param closesStream whether closing the Parquet stream closes (and so stores) the lake's; when
   *     not, the caller closes it once the file is known whole
   */
  LakeOutputFile(LakeOutputStream out, String path, boolean closesStream) {
    this.out = out;
    this.path = path;
    this.closesStream = closesStream;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return out.bytesWritten();
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closesStream) {
          out.close();
        } else {
          out.flush();
        }
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path;
  }
}
