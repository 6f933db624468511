package com.salestech.lake.table;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.LakeStorageException;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gold as one snapshot (DATA-CONTRACT §4). A run writes every table's new version and its {@code
 * v=<version>/_pointer.json}, then {@link #commit commits} {@code <gold root>/_snapshot.json} in
 * one conditional PUT: that write is the moment readers move to the new run, all tables at once.
 * The per-table {@code _current.json} files are brought in line afterwards ({@link
 * #alignPointers}); a crash in between leaves them behind until the next start, but no reader that
 * resolves gold through the snapshot ({@link #resolve}) ever mixes two runs.
 */
public final class GoldSnapshots {

  private static final Logger log = LoggerFactory.getLogger(GoldSnapshots.class);

  /** Snapshots remembered in the snapshot's history. */
  static final int HISTORY = 20;

  public static final String SNAPSHOT = "_snapshot.json";

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final TableVersions versions;
  private final Clock clock;
  private final JsonMapper json =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public GoldSnapshots(LakeStorage storage, TableVersions versions, Clock clock) {
    this.storage = storage;
    this.layout = versions.layout();
    this.versions = versions;
    this.clock = clock;
  }

  public GoldSnapshots(LakeStorage storage, TableVersions versions) {
    this(storage, versions, Clock.systemUTC());
  }

  /** The key of the commit point in the gold bucket. */
  public String key() {
    return layout.gold().key(SNAPSHOT);
  }

  private String bucket() {
    return layout.gold().bucket();
  }

  /** The snapshot readers see, or empty when gold was never published. */
  public Optional<GoldSnapshot> current() {
    return storage.readIfExists(bucket(), key()).map(this::parse);
  }

  /**
   * The current snapshot with the pointer of each of its tables, read from the versions themselves
   * ({@code v=<version>/_pointer.json}), never from the per-table {@code _current.json}.
   */
  public Optional<ResolvedSnapshot> resolve() {
    return current().map(this::resolve);
  }

  public ResolvedSnapshot resolve(GoldSnapshot snapshot) {
    Map<String, CurrentPointer> tables = new LinkedHashMap<>();
    snapshot
        .tables()
        .forEach((table, version) -> tables.put(table, manifest(snapshot, table, version)));
    return new ResolvedSnapshot(snapshot, tables);
  }

  private CurrentPointer manifest(GoldSnapshot snapshot, String table, String version) {
    return versions
        .manifest(Layer.GOLD, table, version)
        .orElseThrow(
            () ->
                new LakeStorageException(
                    "gold snapshot "
                        + snapshot.run()
                        + " names version "
                        + version
                        + " of "
                        + table
                        + ", which has no _pointer.json in s3://"
                        + bucket()
                        + "/"
                        + layout.versionPrefix(Layer.GOLD, table, version)));
  }

  /**
   * Makes {@code next} the snapshot readers see, after checking that every version it names is
   * complete. A compare-and-swap on the snapshot's ETag: when another writer (a rollback) changed
   * it in between, the history is recomputed and the write tried again.
   */
  public GoldSnapshot commit(GoldSnapshot next) {
    next.tables().forEach((table, version) -> manifest(next, table, version));
    GoldSnapshot committed =
        ConditionalUpdate.apply(
            storage, bucket(), key(), seen -> succeed(seen.map(this::parse), next), this::render);
    log.info("Gold snapshot {} committed: {}", committed.run(), committed.tables());
    return committed;
  }

  /**
   * {@code next} with its history: the snapshot it replaces (unless the same) and that one's
   * history, without {@code next} itself (a rollback to it), the newest {@link #HISTORY} kept.
   */
  private GoldSnapshot succeed(Optional<GoldSnapshot> replaced, GoldSnapshot next) {
    List<GoldSnapshot.Past> history = new ArrayList<>();
    replaced.ifPresent(
        old -> {
          if (!old.run().equals(next.run()) || !old.tables().equals(next.tables())) {
            history.add(old.asPast(clock.instant()));
          }
          history.addAll(old.history());
        });
    history.removeIf(past -> past.run().equals(next.run()) && past.tables().equals(next.tables()));
    return next.withHistory(history.subList(0, Math.min(HISTORY, history.size())));
  }

  /**
   * Adds tables computed from the current snapshot to it (the models' tables): the snapshot keeps
   * its run, silver and every other table, and names {@code added} beside them. Refused when the
   * current snapshot is no longer {@code base} in every table it does not add: the new tables were
   * computed from gold that readers no longer see.
   *
   * @throws StaleSnapshotException when another run published or rolled back in between
   */
  public GoldSnapshot extend(GoldSnapshot base, Map<String, String> added) {
    Map<String, String> expected = new TreeMap<>(base.tables());
    expected.keySet().removeAll(added.keySet());
    Map<String, String> tables = new TreeMap<>(base.tables());
    tables.putAll(added);
    GoldSnapshot next =
        new GoldSnapshot(base.run(), clock.instant(), tables, base.silver(), List.of());
    next.tables().forEach((table, version) -> manifest(next, table, version));
    GoldSnapshot committed =
        ConditionalUpdate.apply(
            storage,
            bucket(),
            key(),
            seen -> {
              GoldSnapshot old =
                  seen.map(this::parse)
                      .orElseThrow(
                          () -> new StaleSnapshotException("gold has no snapshot to extend"));
              Map<String, String> kept = new TreeMap<>(old.tables());
              kept.keySet().removeAll(added.keySet());
              if (!old.run().equals(base.run()) || !kept.equals(expected)) {
                throw new StaleSnapshotException(
                    "gold snapshot "
                        + old.run()
                        + " is current now, not "
                        + base.run()
                        + " that "
                        + added.keySet()
                        + " were computed from");
              }
              return succeed(Optional.of(old), next);
            },
            this::render);
    log.info("Gold snapshot {} extended with {}", committed.run(), added);
    return committed;
  }

  /** The snapshot changed since a job read the gold it computed from. */
  public static final class StaleSnapshotException extends LakeStorageException {
    public StaleSnapshotException(String message) {
      super(message);
    }
  }

  /**
   * Brings every table's {@code _current.json} in line with the snapshot (for readers of one table,
   * and the catalog's table locations). Returns the tables whose pointer moved.
   */
  public List<String> alignPointers(GoldSnapshot snapshot) {
    List<String> moved = new ArrayList<>();
    snapshot
        .tables()
        .forEach(
            (table, version) -> {
              Optional<CurrentPointer> current = versions.current(Layer.GOLD, table);
              if (current.map(p -> p.version().equals(version)).orElse(false)) {
                return;
              }
              CurrentPointer manifest = manifest(snapshot, table, version);
              versions.pointTo(
                  Layer.GOLD,
                  new CurrentPointer(
                      manifest.table(),
                      manifest.version(),
                      snapshot.publishedAt(),
                      manifest.rows(),
                      manifest.files(),
                      manifest.partitionColumns(),
                      manifest.schema()));
              moved.add(table);
            });
    return moved;
  }

  /**
   * Points readers back at an earlier snapshot as a whole: {@code run}, or the one before the
   * current one when null. Returns the snapshot now current.
   */
  public GoldSnapshot rollback(String run) {
    GoldSnapshot current =
        current().orElseThrow(() -> new IllegalStateException("gold was never published"));
    if (run == null && current.history().isEmpty()) {
      throw new IllegalStateException(
          "gold has no snapshot before " + current.run() + " to roll back to");
    }
    if (current.run().equals(run)) {
      return current;
    }
    // The previous gold run: an extension by the models (same run, other model tables) is not
    // one; readers go back to what they last saw of the run before.
    GoldSnapshot.Past target =
        run == null
            ? current.history().stream()
                .filter(p -> !p.run().equals(current.run()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "gold has no snapshot of a run before " + current.run()))
            : current.history().stream()
                .filter(p -> p.run().equals(run))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no earlier gold snapshot "
                                + run
                                + " (kept: "
                                + current.history().stream().map(GoldSnapshot.Past::run).toList()
                                + ")"));
    GoldSnapshot committed =
        commit(new GoldSnapshot(target.run(), clock.instant(), target.tables(), target.silver()));
    alignPointers(committed);
    return committed;
  }

  /** {@link #deleteOldVersions(int, Duration)} with the configured grace period. */
  public List<String> deleteOldVersions(int keep) {
    return deleteOldVersions(keep, versions.retentionGrace());
  }

  /**
   * Keeps the versions of the current snapshot and of the {@code keep - 1} gold runs before it
   * (every snapshot of each, the models' extensions included), and those of every snapshot that
   * stopped being current less than {@code grace} ago; deletes every other version of a gold table
   * older than the current one, including leftovers of runs that never published. Returns the
   * deleted versions, {@code table@version}.
   */
  public List<String> deleteOldVersions(int keep, Duration grace) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one snapshot, not " + keep);
    }
    Optional<GoldSnapshot> found = current();
    if (found.isEmpty()) {
      return List.of();
    }
    GoldSnapshot current = found.get();
    Instant graceStart = clock.instant().minus(grace);
    List<GoldSnapshot.Past> kept = new ArrayList<>();
    List<GoldSnapshot.Past> history = current.history();
    // keep counts gold runs: the snapshots of one run (extended by the models) are one.
    Set<String> runs = new LinkedHashSet<>();
    runs.add(current.run());
    for (GoldSnapshot.Past past : history) {
      boolean recent = runs.contains(past.run()) || runs.size() < keep;
      runs.add(past.run());
      if (recent || past.replacedAt() == null || past.replacedAt().isAfter(graceStart)) {
        kept.add(past);
      }
    }
    Instant forgottenBefore =
        history.isEmpty() ? current.publishedAt() : history.get(history.size() - 1).publishedAt();
    boolean forgottenAreOld = forgottenBefore != null && forgottenBefore.isBefore(graceStart);
    List<String> deleted = new ArrayList<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(current.tables()).entrySet()) {
      String table = entry.getKey();
      String published = entry.getValue();
      for (String version : versions.versions(Layer.GOLD, table)) {
        if (version.compareTo(published) >= 0
            || kept.stream().anyMatch(p -> version.equals(p.tables().get(table)))) {
          continue;
        }
        boolean inHistory = history.stream().anyMatch(p -> version.equals(p.tables().get(table)));
        if (!inHistory
            && !forgottenAreOld
            && versions.manifest(Layer.GOLD, table, version).isPresent()) {
          continue;
        }
        versions.deleteVersion(Layer.GOLD, table, version);
        deleted.add(table + "@" + version);
      }
    }
    return deleted;
  }

  private byte[] render(GoldSnapshot snapshot) {
    try {
      return json.writeValueAsBytes(snapshot);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot render gold snapshot " + snapshot.run(), e);
    }
  }

  private GoldSnapshot parse(byte[] bytes) {
    try {
      return json.readValue(bytes, GoldSnapshot.class);
    } catch (JacksonException e) {
      throw new LakeStorageException(
          "s3://"
              + bucket()
              + "/"
              + key()
              + " is not a valid gold snapshot: "
              + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8),
          e);
    }
  }
}
