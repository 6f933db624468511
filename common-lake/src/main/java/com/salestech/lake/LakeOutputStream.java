package com.salestech.lake;

import java.io.OutputStream;

/**
 * A new object being written. {@link #close()} makes it visible in one piece; {@link #abort()}
 * drops it, so a failed writer never leaves a partial object behind.
 */
public abstract class LakeOutputStream extends OutputStream {

  /** Bytes written so far. */
  public abstract long bytesWritten();

  /** Drops the object; idempotent, and closing afterwards does nothing. */
  public abstract void abort();
}
