package com.salestech.lake.s3;

import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeOutputStream;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.lake.ObjectExistsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link LakeStorage} on the S3 API, with the client Spring Cloud AWS configures. */
public final class S3LakeStorage implements LakeStorage {

  /** 8 MiB parts: above S3's 5 MiB minimum, few enough requests for multi-GiB files. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final int partSize;

  public S3LakeStorage(S3Client s3) {
    this(s3, DEFAULT_PART_SIZE);
  }

  public S3LakeStorage(S3Client s3, int partSize) {
    if (partSize < 5 * 1024 * 1024) {
      throw new IllegalArgumentException("S3 parts must be at least 5 MiB: " + partSize);
    }
    this.s3 = s3;
    this.partSize = partSize;
  }

  private static String where(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public void put(String bucket, String key, byte[] content, String contentType) {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw new LakeStorageException("cannot store " + where(bucket, key), e);
    }
  }

  @Override
  public void putFile(String bucket, String key, Path file) {
    upload(new S3MultipartOutputStream(s3, bucket, key, partSize, false), file);
  }

  @Override
  public boolean putFileIfAbsent(String bucket, String key, Path file) {
    try {
      upload(new S3MultipartOutputStream(s3, bucket, key, partSize, true), file);
      return true;
    } catch (ObjectExistsException e) {
      return false;
    }
  }

  private void upload(S3MultipartOutputStream out, Path file) {
    String bucket = out.bucket();
    String key = out.key();
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
      out.close();
    } catch (IOException e) {
      out.abort();
      throw new UncheckedIOException("cannot read " + file + " for " + where(bucket, key), e);
    } catch (RuntimeException e) {
      out.abort();
      throw e;
    }
  }

  @Override
  public LakeOutputStream create(String bucket, String key) {
    return new S3MultipartOutputStream(s3, bucket, key, partSize, false);
  }

  @Override
  public InputStream open(String bucket, String key, long offset) {
    try {
      return s3.getObject(
          r -> {
            r.bucket(bucket).key(key);
            if (offset > 0) {
              r.range("bytes=" + offset + "-");
            }
          });
    } catch (SdkException e) {
      throw new LakeStorageException("cannot read " + where(bucket, key), e);
    }
  }

  @Override
  public Optional<byte[]> readIfExists(String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new LakeStorageException("cannot read " + where(bucket, key), e);
    }
  }

  @Override
  public Optional<Tagged> readTagged(String bucket, String key) {
    try {
      var object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
      return Optional.of(new Tagged(object.asByteArray(), object.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new LakeStorageException("cannot read " + where(bucket, key), e);
    }
  }

  @Override
  public Optional<String> putIfAbsent(
      String bucket, String key, byte[] content, String contentType) {
    return conditionalPut(bucket, key, content, contentType, null);
  }

  @Override
  public Optional<String> putIfMatch(
      String bucket, String key, byte[] content, String contentType, String etag) {
    if (etag == null || etag.isBlank()) {
      throw new IllegalArgumentException("an ETag to match is required for " + where(bucket, key));
    }
    return conditionalPut(bucket, key, content, contentType, etag);
  }

  private Optional<String> conditionalPut(
      String bucket, String key, byte[] content, String contentType, String ifMatch) {
    try {
      var response =
          s3.putObject(
              r -> {
                r.bucket(bucket).key(key).contentType(contentType);
                if (ifMatch == null) {
                  r.ifNoneMatch("*");
                } else {
                  r.ifMatch(ifMatch);
                }
              },
              RequestBody.fromBytes(content));
      return Optional.of(response.eTag());
    } catch (S3Exception e) {
      // 412: the precondition failed; 409: a concurrent conditional write won; 404: If-Match on
      // an object deleted meanwhile. Each means someone else wrote first.
      if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new LakeStorageException("cannot store " + where(bucket, key), e);
    } catch (SdkException e) {
      throw new LakeStorageException("cannot store " + where(bucket, key), e);
    }
  }

  @Override
  public Optional<LakeObject> stat(String bucket, String key) {
    try {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
      return Optional.of(
          new LakeObject(bucket, key, head.contentLength(), head.lastModified(), head.eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new LakeStorageException("cannot stat " + where(bucket, key), e);
    } catch (SdkException e) {
      throw new LakeStorageException("cannot stat " + where(bucket, key), e);
    }
  }

  @Override
  public Stream<LakeObject> list(String bucket, String prefix) {
    try {
      return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
          .map(o -> new LakeObject(bucket, o.key(), o.size(), o.lastModified(), o.eTag()));
    } catch (NoSuchBucketException e) {
      throw new LakeStorageException("no bucket " + bucket + " (listing " + prefix + ")", e);
    } catch (SdkException e) {
      throw new LakeStorageException("cannot list " + where(bucket, prefix), e);
    }
  }

  @Override
  public List<String> listPrefixes(String bucket, String prefix) {
    try {
      return s3
          .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix).delimiter("/"))
          .commonPrefixes()
          .stream()
          .map(CommonPrefix::prefix)
          .toList();
    } catch (SdkException e) {
      throw new LakeStorageException("cannot list " + where(bucket, prefix), e);
    }
  }

  @Override
  public void delete(String bucket, Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += DELETE_BATCH) {
      List<ObjectIdentifier> batch =
          all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
              .map(k -> ObjectIdentifier.builder().key(k).build())
              .toList();
      try {
        var response =
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
          var first = response.errors().get(0);
          throw new LakeStorageException(
              "cannot delete "
                  + response.errors().size()
                  + " objects in "
                  + bucket
                  + ", first "
                  + first.key()
                  + ": "
                  + first.message());
        }
      } catch (SdkException e) {
        throw new LakeStorageException("cannot delete objects in bucket " + bucket, e);
      }
    }
  }

  @Override
  public void copy(String bucket, String fromKey, String toKey) {
    try {
      s3.copyObject(
          r ->
              r.sourceBucket(bucket)
                  .sourceKey(fromKey)
                  .destinationBucket(bucket)
                  .destinationKey(toKey));
    } catch (SdkException e) {
      throw new LakeStorageException(
          "cannot copy " + where(bucket, fromKey) + " to " + where(bucket, toKey), e);
    }
  }

  @Override
  public void ensureBucket(String bucket) {
    try {
      s3.headBucket(r -> r.bucket(bucket));
    } catch (NoSuchBucketException e) {
      createBucket(bucket);
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw new LakeStorageException("cannot reach bucket " + bucket, e);
      }
      createBucket(bucket);
    }
  }

  private void createBucket(String bucket) {
    try {
      s3.createBucket(r -> r.bucket(bucket));
    } catch (SdkException e) {
      throw new LakeStorageException("cannot create bucket " + bucket, e);
    }
  }
}
