package com.salestech.lake;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one port every service uses to reach the lake's object store. Objects are streamed both ways:
 * nothing here holds a whole large object in memory.
 */
public interface LakeStorage {

  /** Writes a small object in one request. */
  void put(String bucket, String key, byte[] content, String contentType);

  /** Uploads a local file, in parts when it is large. */
  void putFile(String bucket, String key, Path file);

  /**
   * Uploads a local file only if no object has the key ({@code If-None-Match: *} on the PUT, or on
   * completing the multipart upload); false when an object was there first, which is left as it is.
   */
  boolean putFileIfAbsent(String bucket, String key, Path file);

  /** Starts a new object written as a stream (multipart once it passes one part). */
  LakeOutputStream create(String bucket, String key);

  /** Reads an object from {@code offset} to its end. */
  InputStream open(String bucket, String key, long offset);

  default InputStream open(String bucket, String key) {
    return open(bucket, key, 0);
  }

  /** A small object's bytes, or empty when it does not exist. */
  Optional<byte[]> readIfExists(String bucket, String key);

  /** A small object's bytes with its ETag, or empty when it does not exist. */
  Optional<Tagged> readTagged(String bucket, String key);

  /**
   * Writes a small object only if no object has the key ({@code If-None-Match: *}); returns the new
   * ETag, or empty when an object was there first.
   */
  Optional<String> putIfAbsent(String bucket, String key, byte[] content, String contentType);

  /**
   * Replaces a small object only if it still has {@code etag} ({@code If-Match}); returns the new
   * ETag, or empty when the object changed (or vanished) since it was read.
   */
  Optional<String> putIfMatch(
      String bucket, String key, byte[] content, String contentType, String etag);

  /** An object's content and the ETag it had when read. */
  record Tagged(byte[] content, String etag) {}

  Optional<LakeObject> stat(String bucket, String key);

  /** Every object under a prefix, in key order. */
  Stream<LakeObject> list(String bucket, String prefix);

  /** The "directories" right under a prefix: common prefixes ending in {@code /}. */
  List<String> listPrefixes(String bucket, String prefix);

  void delete(String bucket, Collection<String> keys);

  /** Copies an object inside a bucket, server side: nothing passes through this process. */
  void copy(String bucket, String fromKey, String toKey);

  /** Creates the bucket when it does not exist yet. */
  void ensureBucket(String bucket);
}
