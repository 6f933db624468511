package com.salestech.lake.table;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a small JSON object of the lake (a table's {@code _current.json}, gold's {@code
 * _snapshot.json}) by compare-and-swap on its ETag: {@code If-Match} the ETag read, or {@code
 * If-None-Match: *} when there was none. When another writer got in between, the new content is
 * computed again from what that writer left, so nothing it wrote is lost.
 */
final class ConditionalUpdate {

  private static final Logger log = LoggerFactory.getLogger(ConditionalUpdate.class);

  /** Writes tried before giving up when other writers keep changing the object. */
  static final int MAX_ATTEMPTS = 10;

  private static final String JSON = "application/json";

  private ConditionalUpdate() {}

  /**
   * @param next the content to write, from the content there now (empty when there is none)
   * @return the content written
   */
  static <T> T apply(
      LakeStorage storage,
      String bucket,
      String key,
      Function<Optional<byte[]>, T> next,
      Function<T, byte[]> render) {
    for (int attempt = 1; ; attempt++) {
      Optional<LakeStorage.Tagged> seen = storage.readTagged(bucket, key);
      T value = next.apply(seen.map(LakeStorage.Tagged::content));
      byte[] body = render.apply(value);
      Optional<String> written =
          seen.isEmpty()
              ? storage.putIfAbsent(bucket, key, body, JSON)
              : storage.putIfMatch(bucket, key, body, JSON, seen.get().etag());
      if (written.isPresent()) {
        return value;
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new LakeStorageException(
            "s3://"
                + bucket
                + "/"
                + key
                + " changed under every one of "
                + MAX_ATTEMPTS
                + " attempts to write it");
      }
      log.info("s3://{}/{} changed while it was being written: trying again", bucket, key);
      try {
        Thread.sleep(Math.min(1000, 20L << Math.min(attempt, 6)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LakeStorageException("interrupted while writing s3://" + bucket + "/" + key, e);
      }
    }
  }
}
