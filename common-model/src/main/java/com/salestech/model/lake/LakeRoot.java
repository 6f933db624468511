package com.salestech.model.lake;

import java.net.URI;
import java.util.Objects;

/**
 * Where a layer lives: a bucket and a key prefix ({@code ""} or ending in {@code /}).
 *
 * @param bucket the S3 bucket
 * @param prefix the key prefix under which the layer's objects are written
 */
public record LakeRoot(String bucket, String prefix) {

  public LakeRoot {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("a lake root needs a bucket");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("a lake root's prefix must not start with '/': " + prefix);
    }
  }

  /** Parses {@code s3://bucket/optional/prefix/}. */
  public static LakeRoot parse(String uri) {
    URI parsed = URI.create(uri.trim());
    if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("a lake root is an s3://bucket/prefix URI, not: " + uri);
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    return new LakeRoot(parsed.getHost(), path.startsWith("/") ? path.substring(1) : path);
  }

  /** The full key of an object given its key relative to this root. */
  public String key(String relative) {
    return prefix + relative;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
