package com.salestech.lake.table;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publishing protocol of DATA-CONTRACT §4, for writers and readers alike. A writer puts every
 * data file of a new version under {@code <table>/v=<version>/}, then {@link #publish} writes
 * {@code _current.json} in one PUT; a reader {@link #current resolves} that pointer first and reads
 * only the files it lists. A crash before the pointer leaves readers on the previous version.
 */
public final class TableVersions {

  private static final Logger log = LoggerFactory.getLogger(TableVersions.class);

  /** Published versions remembered in a pointer's history. */
  static final int HISTORY = 20;

  /** The default of {@code salestech.lake.retention-grace}. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final String JSON = "application/json";

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration retentionGrace;

  public TableVersions(LakeStorage storage, LakeLayout layout) {
    this(storage, layout, Clock.systemUTC(), DEFAULT_GRACE);
  }

  public TableVersions(LakeStorage storage, LakeLayout layout, Clock clock) {
    this(storage, layout, clock, DEFAULT_GRACE);
  }

  /**
   * @param retentionGrace how long a version that stopped being current is kept for the readers
   *     that resolved it just before
   */
  public TableVersions(
      LakeStorage storage, LakeLayout layout, Clock clock, Duration retentionGrace) {
    this.storage = storage;
    this.layout = layout;
    this.clock = clock;
    this.retentionGrace = retentionGrace;
    this.json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  }

  /**
   * A version name that sorts by time: {@code 20261126T185001Z-42}. The run id keeps two runs in
   * the same second apart and makes a restarted run reuse its own version.
   */
  public static String versionName(Instant startedAt, long runId) {
    return VERSION_TIME.format(startedAt) + "-" + runId;
  }

  public LakeLayout layout() {
    return layout;
  }

  public Duration retentionGrace() {
    return retentionGrace;
  }

  /** {@link #deleteOldVersions(Layer, String, int, Duration)} with the configured grace period. */
  public List<String> deleteOldVersions(Layer layer, String table, int keep) {
    return deleteOldVersions(layer, table, keep, retentionGrace);
  }

  /**
   * Points readers at {@code pointer.version()}: the one write that makes a version visible. The
   * version published until now goes to the head of the pointer's history. The write is a
   * compare-and-swap on the pointer's ETag ({@code If-Match}, or {@code If-None-Match: *} for a
   * first version): when another writer (a rollback, say) changed the pointer in between, the
   * history is recomputed from what it wrote and the write tried again, so no entry is lost.
   */
  public CurrentPointer publish(Layer layer, CurrentPointer pointer) {
    // The version keeps its own copy of the pointer, so a rollback can point back at it.
    writeManifest(layer, pointer);
    return pointTo(layer, pointer);
  }

  /** {@link #publish} for a version whose own pointer is written already (a gold snapshot's). */
  CurrentPointer pointTo(Layer layer, CurrentPointer pointer) {
    String bucket = layout.root(layer).bucket();
    String key = layout.currentPointerKey(layer, pointer.table());
    String version = pointer.version();
    CurrentPointer next =
        ConditionalUpdate.apply(
            storage,
            bucket,
            key,
            seen -> {
              Instant now = clock.instant();
              List<CurrentPointer.PastVersion> history = new ArrayList<>();
              seen.map(bytes -> parse(bucket, key, bytes))
                  .ifPresent(
                      old -> {
                        if (!old.version().equals(version)) {
                          history.add(
                              new CurrentPointer.PastVersion(
                                  old.version(), old.publishedAt(), now));
                        }
                        history.addAll(old.history());
                      });
              history.removeIf(past -> past.version().equals(version));
              return pointer.withHistory(history.subList(0, Math.min(HISTORY, history.size())));
            },
            this::render);
    log.info(
        "Published {} {} version {}: {} rows in {} files",
        layer.name().toLowerCase(Locale.ROOT),
        next.table(),
        version,
        next.rows(),
        next.files().size());
    return next;
  }

  /**
   * Points readers back at an earlier published version: {@code version}, or the one published
   * before the current one when null. Returns the pointer now current.
   */
  public CurrentPointer rollback(Layer layer, String table, String version) {
    CurrentPointer current =
        current(layer, table)
            .orElseThrow(() -> new IllegalStateException(table + " was never published"));
    if (version == null && current.history().isEmpty()) {
      throw new IllegalStateException(
          table + " has no version before " + current.version() + " to roll back to");
    }
    String target = version != null ? version : current.previousVersions().get(0);
    if (target.equals(current.version())) {
      return current;
    }
    CurrentPointer earlier =
        manifest(layer, table, target)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no published version "
                            + target
                            + " of "
                            + table
                            + " (kept: "
                            + versions(layer, table)
                            + ")"));
    return publish(layer, earlier.publishedAt(clock.instant()).withHistory(List.of()));
  }

  /**
   * Writes the pointer a version keeps of itself ({@code v=<version>/_pointer.json}) without
   * pointing readers at it: what a gold snapshot names before it is committed.
   */
  public void writeManifest(Layer layer, CurrentPointer pointer) {
    storage.put(
        layout.root(layer).bucket(),
        manifestKey(layer, pointer.table(), pointer.version()),
        render(pointer),
        JSON);
  }

  /** The pointer a published version kept of itself, or empty when it was never published. */
  public Optional<CurrentPointer> manifest(Layer layer, String table, String version) {
    String bucket = layout.root(layer).bucket();
    String manifest = manifestKey(layer, table, version);
    return storage.readIfExists(bucket, manifest).map(bytes -> parse(bucket, manifest, bytes));
  }

  private String manifestKey(Layer layer, String table, String version) {
    return layout.versionPrefix(layer, table, version) + "_pointer.json";
  }

  private byte[] render(CurrentPointer pointer) {
    try {
      return json.writeValueAsBytes(pointer);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot render the pointer of " + pointer.table(), e);
    }
  }

  private CurrentPointer parse(String bucket, String key, byte[] bytes) {
    try {
      return json.readValue(bytes, CurrentPointer.class);
    } catch (JacksonException e) {
      throw new LakeStorageException(
          "s3://"
              + bucket
              + "/"
              + key
              + " is not a valid pointer: "
              + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8),
          e);
    }
  }

  /** The published version of a table, or empty when it was never published. */
  public Optional<CurrentPointer> current(Layer layer, String table) {
    String bucket = layout.root(layer).bucket();
    String key = layout.currentPointerKey(layer, table);
    return storage.readIfExists(bucket, key).map(bytes -> parse(bucket, key, bytes));
  }

  /** Versions present under the table, oldest first (published or not). */
  public List<String> versions(Layer layer, String table) {
    String bucket = layout.root(layer).bucket();
    String prefix = layout.tablePrefix(layer, table) + "v=";
    List<String> versions = new ArrayList<>();
    for (String dir : storage.listPrefixes(bucket, layout.tablePrefix(layer, table))) {
      if (dir.startsWith(prefix)) {
        versions.add(dir.substring(prefix.length(), dir.length() - 1));
      }
    }
    versions.sort(Comparator.naturalOrder());
    return versions;
  }

  /** Deletes every object of one version; never the published one. */
  public void deleteVersion(Layer layer, String table, String version) {
    if (current(layer, table).map(p -> p.version().equals(version)).orElse(false)) {
      throw new IllegalStateException(
          "refusing to delete version " + version + " of " + table + ": readers are on it");
    }
    String bucket = layout.root(layer).bucket();
    List<String> keys =
        storage
            .list(bucket, layout.versionPrefix(layer, table, version))
            .map(o -> o.key())
            .toList();
    storage.delete(bucket, keys);
  }

  /**
   * Keeps the published version and the {@code keep - 1} published before it, and every version
   * that stopped being current less than {@code grace} ago (a reader that resolved it may still be
   * reading it); deletes every other version older than the published one, including leftovers of
   * runs that never published. Versions newer than the published one are left alone: a run may be
   * writing them. Returns the versions deleted.
   */
  public List<String> deleteOldVersions(Layer layer, String table, int keep, Duration grace) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one version, not " + keep);
    }
    Optional<CurrentPointer> pointer = current(layer, table);
    if (pointer.isEmpty()) {
      return List.of();
    }
    CurrentPointer current = pointer.get();
    Instant graceStart = clock.instant().minus(grace);
    Set<String> kept = new HashSet<>();
    kept.add(current.version());
    current.history().stream().limit(keep - 1L).forEach(p -> kept.add(p.version()));
    current.history().stream()
        .filter(p -> p.replacedAt() == null || p.replacedAt().isAfter(graceStart))
        .forEach(p -> kept.add(p.version()));
    // A version published once but no longer in the history was replaced before the oldest entry
    // of the history was published.
    Instant forgottenBefore =
        current.history().isEmpty()
            ? current.publishedAt()
            : current.history().get(current.history().size() - 1).publishedAt();
    boolean forgottenAreOld = forgottenBefore != null && forgottenBefore.isBefore(graceStart);
    List<String> deleted = new ArrayList<>();
    for (String version : versions(layer, table)) {
      if (kept.contains(version) || version.compareTo(current.version()) >= 0) {
        continue;
      }
      boolean inHistory = current.previousVersions().contains(version);
      if (!inHistory && !forgottenAreOld && manifest(layer, table, version).isPresent()) {
        continue;
      }
      deleteVersion(layer, table, version);
      deleted.add(version);
    }
    return deleted;
  }
}
