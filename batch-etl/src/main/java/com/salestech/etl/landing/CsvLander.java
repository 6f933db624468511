package com.salestech.etl.landing;

import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.model.Table;
import com.salestech.model.lake.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lands local CSV exports in bronze, byte for byte, under {@code csv/<table>/ingest_date=<date>/}.
 * The table comes from the file name unless one is given.
 *
 * <p>Bronze is never edited (DATA-CONTRACT §1): when the key is taken, the object there stays. The
 * same bytes again are a no-op; other bytes land beside it under a key named by their SHA-256
 * ({@link LakeLayout#bronzeCsvKeyBeside}), so landing those again is a no-op too. Contents are
 * compared by streaming both through SHA-256, never by holding a file in memory.
 */
@Component
public class CsvLander {

  private static final Logger log = LoggerFactory.getLogger(CsvLander.class);
  private static final int BUFFER_BYTES = 1 << 16;

  private final LakeStorage storage;
  private final LakeLayout layout;

  /** What landing one file did. */
  public enum Outcome {
    /** Stored under its own name. */
    LANDED,
    /** The same bytes were already in bronze under {@code key}: nothing written. */
    ALREADY_LANDED,
    /** Its name was taken by other bytes: stored beside them, under its content's key. */
    LANDED_BESIDE,
    /** Not stored; {@code error} says why. */
    NOT_LANDED
  }

  /** The outcome for one file: the key that holds its bytes, or why it was not landed. */
  public record Landed(Path file, String key, long bytes, Outcome outcome, String error) {

    static Landed notLanded(Path file, String key, String error) {
      return new Landed(file, key, 0, Outcome.NOT_LANDED, error);
    }
  }

  CsvLander(LakeStorage storage, LakeLayout layout) {
    this.storage = storage;
    this.layout = layout;
  }

  /**
   * Lands every file given, and every {@code .csv} file of every directory given. A file that
   * cannot be landed is reported and the others go on.
   */
  public List<Landed> land(List<Path> paths, Table table, LocalDate ingestDate) {
    List<Landed> results = new ArrayList<>();
    for (Path path : expand(paths, results)) {
      Table target =
          table != null ? table : Table.fromFileName(path.getFileName().toString()).orElse(null);
      if (target == null) {
        results.add(
            Landed.notLanded(
                path,
                null,
                "cannot tell the table from the file name; name it with --table (one of "
                    + Stream.of(Table.values()).map(Table::tableName).toList()
                    + ")"));
        continue;
      }
      String key = layout.bronzeCsvKey(target, ingestDate, path.getFileName().toString());
      try {
        Landed landed = landOne(path, target, ingestDate, key);
        log.info(
            "{} {} as {}{} ({} bytes)",
            landed.outcome(),
            path,
            layout.bronze(),
            landed.key(),
            landed.bytes());
        results.add(landed);
      } catch (IOException | UncheckedIOException e) {
        results.add(Landed.notLanded(path, key, "cannot read the file: " + e.getMessage()));
      }
    }
    return results;
  }

  private Landed landOne(Path path, Table table, LocalDate ingestDate, String key)
      throws IOException {
    String bucket = layout.bronze().bucket();
    long size = Files.size(path);
    Optional<LakeObject> taken = storeIfFree(bucket, key, path);
    if (taken.isEmpty()) {
      return new Landed(path, key, size, Outcome.LANDED, null);
    }
    String sha256;
    try (InputStream in = Files.newInputStream(path)) {
      sha256 = sha256(in);
    }
    if (holds(taken.get(), size, sha256)) {
      return new Landed(path, key, size, Outcome.ALREADY_LANDED, null);
    }
    String beside =
        layout.bronzeCsvKeyBeside(table, ingestDate, path.getFileName().toString(), sha256);
    Optional<LakeObject> besideTaken = storeIfFree(bucket, beside, path);
    if (besideTaken.isEmpty()) {
      return new Landed(path, beside, size, Outcome.LANDED_BESIDE, null);
    }
    if (holds(besideTaken.get(), size, sha256)) {
      return new Landed(path, beside, size, Outcome.ALREADY_LANDED, null);
    }
    // Two contents sharing the first 48 bits of their hash: refuse rather than edit bronze.
    return Landed.notLanded(
        path, beside, "both " + key + " and " + beside + " hold other bytes; land it by hand");
  }

  /**
   * Stores the file under {@code key} if no object has it; empty when stored, else the object that
   * holds the key. The upload is conditional ({@code If-None-Match}), so a landing racing this one
   * is never overwritten: its object is returned to compare with. The look first saves uploading a
   * large file only to have it refused.
   */
  private Optional<LakeObject> storeIfFree(String bucket, String key, Path path) {
    Optional<LakeObject> taken = storage.stat(bucket, key);
    if (taken.isEmpty() && storage.putFileIfAbsent(bucket, key, path)) {
      return Optional.empty();
    }
    return Optional.of(
        taken
            .or(() -> storage.stat(bucket, key))
            .orElseThrow(
                () ->
                    new LakeStorageException(
                        "s3://" + bucket + "/" + key + " vanished while landing")));
  }

  /** Whether the object holds exactly these bytes: same size, then same SHA-256, streamed. */
  private boolean holds(LakeObject object, long size, String sha256) {
    if (object.size() != size) {
      return false;
    }
    try (InputStream in = storage.open(object.bucket(), object.key())) {
      return sha256(in).equals(sha256);
    } catch (IOException e) {
      throw new LakeStorageException(
          "cannot read s3://" + object.bucket() + "/" + object.key() + " to compare it", e);
    }
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    byte[] buffer = new byte[BUFFER_BYTES];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static List<Path> expand(List<Path> paths, List<Landed> errors) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          errors.add(Landed.notLanded(path, null, "cannot list the directory: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        errors.add(Landed.notLanded(path, null, "no such file or directory"));
      }
    }
    return files;
  }
}
