package com.salestech.lake.s3;

import com.salestech.lake.LakeOutputStream;
import com.salestech.lake.LakeStorageException;
import com.salestech.lake.ObjectExistsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams an object to S3: one buffered part at a time, a plain PUT when the object fits in one
 * part, a multipart upload otherwise. Memory is at most one part whatever the object's size, and no
 * more than the object for a small one (the buffer grows as data comes), so many objects can be
 * open at once. The object appears only when the stream is closed; {@link #abort()} (or a failure)
 * leaves nothing behind.
 */
final class S3MultipartOutputStream extends LakeOutputStream {

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private static final int FIRST_BUFFER = 64 * 1024;

  private final int partSize;
  private byte[] part;
  private int filled;
  private long written;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private boolean closed;

  private final boolean ifAbsent;

  /**
   * @param ifAbsent store the object only if no object has the key: the final PUT or the completion
   *     of the multipart upload carries {@code If-None-Match: *}
   */
  S3MultipartOutputStream(S3Client s3, String bucket, String key, int partSize, boolean ifAbsent) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.ifAbsent = ifAbsent;
    this.partSize = partSize;
    this.part = new byte[Math.min(partSize, FIRST_BUFFER)];
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (filled == part.length) {
      makeRoom();
    }
    part[filled++] = (byte) b;
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      if (filled == part.length) {
        makeRoom();
      }
      int n = Math.min(len, part.length - filled);
      System.arraycopy(b, off, part, filled, n);
      filled += n;
      off += n;
      len -= n;
      written += n;
    }
  }

  /** Grows the buffer up to a part, or uploads the full part. */
  private void makeRoom() {
    if (part.length < partSize) {
      part = Arrays.copyOf(part, Math.min(partSize, part.length * 2));
    } else {
      flushPart();
    }
  }

  String bucket() {
    return bucket;
  }

  String key() {
    return key;
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream to s3://" + bucket + "/" + key + " is closed");
    }
  }

  private void flushPart() {
    try {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
      }
      int number = parts.size() + 1;
      String etag =
          s3.uploadPart(
                  r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body())
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    } catch (SdkException e) {
      abort();
      throw new LakeStorageException("cannot upload part of s3://" + bucket + "/" + key, e);
    }
  }

  /** The filled part, without a copy: uploads are synchronous, so the buffer is free after. */
  private RequestBody body() {
    return RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, filled), filled);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (uploadId == null) {
        s3.putObject(
            r -> {
              r.bucket(bucket).key(key);
              if (ifAbsent) {
                r.ifNoneMatch("*");
              }
            },
            body());
      } else {
        if (filled > 0) {
          flushPart();
        }
        s3.completeMultipartUpload(
            r -> {
              r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts));
              if (ifAbsent) {
                r.ifNoneMatch("*");
              }
            });
      }
      closed = true;
    } catch (S3Exception e) {
      abort();
      if (ifAbsent && (e.statusCode() == 412 || e.statusCode() == 409)) {
        throw new ObjectExistsException(bucket, key);
      }
      throw new LakeStorageException("cannot store s3://" + bucket + "/" + key, e);
    } catch (SdkException e) {
      abort();
      throw new LakeStorageException("cannot store s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException ignored) {
        // The store expires abandoned uploads; the object itself never appeared.
      }
    }
  }
}
