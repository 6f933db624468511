package com.salestech.lake.table;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final String JSON = "application/json";

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final JsonMapper json;

  public TableVersions(LakeStorage storage, LakeLayout layout) {
    this.storage = storage;
    this.layout = layout;
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

  /**
   * Points readers at {@code pointer.version()}: the one write that makes a version visible. The
   * version published until now goes to the head of the pointer's history.
   */
  public void publish(Layer layer, CurrentPointer pointer) {
    String bucket = layout.root(layer).bucket();
    String key = layout.currentPointerKey(layer, pointer.table());
    String version = pointer.version();
    List<String> history = new ArrayList<>();
    current(layer, pointer.table())
        .ifPresent(
            old -> {
              history.add(old.version());
              history.addAll(old.previousVersions());
            });
    history.removeIf(version::equals);
    pointer = pointer.withPreviousVersions(history.subList(0, Math.min(HISTORY, history.size())));
    // The version keeps its own copy of the pointer, so a rollback can point back at it.
    byte[] body = render(pointer);
    storage.put(bucket, manifestKey(layer, pointer.table(), version), body, JSON);
    storage.put(bucket, key, body, JSON);
    log.info(
        "Published {} {} version {}: {} rows in {} files",
        layer.name().toLowerCase(Locale.ROOT),
        pointer.table(),
        pointer.version(),
        pointer.rows(),
        pointer.files().size());
  }

  /**
   * Points readers back at an earlier published version: {@code version}, or the one published
   * before the current one when null. Returns the pointer now current.
   */
  public CurrentPointer rollback(Layer layer, String table, String version) {
    CurrentPointer current =
        current(layer, table)
            .orElseThrow(() -> new IllegalStateException(table + " was never published"));
    if (version == null && current.previousVersions().isEmpty()) {
      throw new IllegalStateException(
          table + " has no version before " + current.version() + " to roll back to");
    }
    String target = version != null ? version : current.previousVersions().get(0);
    if (target.equals(current.version())) {
      return current;
    }
    String bucket = layout.root(layer).bucket();
    String manifest = manifestKey(layer, table, target);
    CurrentPointer earlier =
        storage
            .readIfExists(bucket, manifest)
            .map(bytes -> parse(bucket, manifest, bytes))
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
    publish(
        layer,
        new CurrentPointer(
            earlier.table(),
            earlier.version(),
            Instant.now(),
            earlier.rows(),
            earlier.files(),
            earlier.partitionColumns(),
            earlier.schema()));
    return current(layer, table).orElseThrow();
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
   * Keeps the published version and the {@code keep - 1} published before it; deletes every other
   * version older than the published one, including leftovers of runs that never published.
   * Versions newer than the published one are left alone: a run may be writing them. Returns the
   * versions deleted.
   */
  public List<String> deleteOldVersions(Layer layer, String table, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one version, not " + keep);
    }
    Optional<CurrentPointer> pointer = current(layer, table);
    if (pointer.isEmpty()) {
      return List.of();
    }
    String published = pointer.get().version();
    List<String> kept = new ArrayList<>();
    kept.add(published);
    pointer.get().previousVersions().stream().limit(keep - 1L).forEach(kept::add);
    List<String> deleted = new ArrayList<>();
    for (String version : versions(layer, table)) {
      if (!kept.contains(version) && version.compareTo(published) < 0) {
        deleteVersion(layer, table, version);
        deleted.add(version);
      }
    }
    return deleted;
  }
}
