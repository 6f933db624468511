package com.salestech.query.engine.duckdb;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local copies of gold table versions. The files of a version never change once published, so
 * each is fetched once through the S3 API (DuckDB's own S3 extension cannot be installed here) and
 * kept until no loaded snapshot names the version any more.
 */
final class GoldFileCache {

  private static final Logger log = LoggerFactory.getLogger(GoldFileCache.class);

  private final LakeStorage storage;
  private final String bucket;
  private final Path root;

  GoldFileCache(LakeStorage storage, String bucket, Path root) {
    this.storage = storage;
    this.bucket = bucket;
    this.root = root;
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the gold file cache " + root, e);
    }
  }

  /** The directory of a table version; its name has no {@code =}, so it is never a partition. */
  Path versionDir(String table, String version) {
    return root.resolve(table).resolve(version.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** Fetches the files of a version that are not here yet; returns their local paths. */
  List<Path> fetch(CurrentPointer pointer) {
    Path dir = versionDir(pointer.table(), pointer.version());
    String marker = "/v=" + pointer.version() + "/";
    List<Path> paths = new ArrayList<>();
    for (DataFile file : pointer.files()) {
      String key = file.key();
      int at = key.indexOf(marker);
      String relative =
          at >= 0 ? key.substring(at + marker.length()) : key.substring(key.lastIndexOf('/') + 1);
      Path local = dir.resolve(relative).normalize();
      if (!local.startsWith(dir)) {
        throw new LakeStorageException(
            "gold file s3://" + bucket + "/" + key + " does not lie in its version's folder", null);
      }
      if (!Files.exists(local) || sizeOf(local) != file.bytes()) {
        download(key, local);
      }
      paths.add(local);
    }
    return paths;
  }

  private void download(String key, Path local) {
    try {
      Files.createDirectories(local.getParent());
      Path part = Files.createTempFile(local.getParent(), ".fetch-", ".part");
      try (InputStream in = storage.open(bucket, key)) {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            part, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(part);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch s3://" + bucket + "/" + key + " to " + local, e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  void evict(String table, String version) {
    Path dir = versionDir(table, version);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      log.info("Evicted cached gold {}@{}", table, version);
    } catch (IOException e) {
      log.warn("Cannot evict cached gold {}@{} from {}: {}", table, version, dir, e.toString());
    }
  }
}
