package com.salestech.query.engine.catalog;

import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.ResolvedSnapshot;
import com.salestech.model.lake.LakeLayout;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.InFlight;
import com.salestech.query.engine.NoGoldException;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link QueryEngine} over an engine that reads tables from a catalog (Athena, Trino).
 *
 * <p>A catalog table has one location, so each version of a gold table is registered as a table of
 * its own ({@link VersionedTable}), once, when a snapshot naming it is first loaded and before any
 * reading can pin that snapshot. A reading rewrites the plain gold table names of its SQL to the
 * versioned names of its pinned snapshot, so readers in flight keep reading the old versions while
 * new readings get the new ones, and no statement ever mixes two runs. Versions never change, so a
 * registered table is good forever; tables of versions that neither the last {@code keepSnapshots}
 * snapshots (the current one and those of its history) nor an open reading name are dropped after a
 * new snapshot is loaded. The history comes from {@code _snapshot.json}, which every instance of
 * the service reads alike, so instances sharing one schema keep the same tables.
 */
public final class CatalogEngine implements QueryEngine, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CatalogEngine.class);

  /**
   * How a catalog engine pins and runs.
   *
   * @param pollInterval how often {@code _snapshot.json} is read for a new snapshot
   * @param keepSnapshots versioned tables of the last this many snapshots stay registered
   * @param maxInFlight statements running at the same time through this engine
   * @param queueTimeout how long a statement waits for a slot before it is refused as busy
   */
  public record Settings(
      Duration pollInterval, int keepSnapshots, int maxInFlight, Duration queueTimeout) {

    public Settings {
      if (keepSnapshots < 1) {
        throw new IllegalArgumentException("keep at least one snapshot, not " + keepSnapshots);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("allow one statement in flight at least");
      }
    }
  }

  private final Catalog catalog;
  private final GoldSnapshots snapshots;
  private final LakeLayout layout;
  private final Settings settings;
  private final InFlight inFlight;
  private final AtomicReference<Pinned> current = new AtomicReference<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /** Snapshots with readings open; their tables are kept whatever the history says. */
  private final Map<GoldView, Pinned> open = new LinkedHashMap<>();

  private final List<Consumer<GoldView>> listeners = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService poller;

  public CatalogEngine(
      Catalog catalog, GoldSnapshots snapshots, LakeLayout layout, Settings settings) {
    this.catalog = catalog;
    this.snapshots = snapshots;
    this.layout = layout;
    this.settings = settings;
    this.inFlight = new InFlight(catalog.engine(), settings.maxInFlight(), settings.queueTimeout());
  }

  @Override
  public String name() {
    return catalog.engine();
  }

  /** Loads the current snapshot now and then every poll interval. */
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, catalog.engine() + "-gold-snapshot-poller");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, settings.pollInterval().toMillis());
    poller.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Called with every snapshot that becomes current (to drop cached results of the old one). */
  public void onSnapshotChange(Consumer<GoldView> listener) {
    listeners.add(listener);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // the snapshot in use stays; the next poll tries again
      log.warn("{}: cannot load the current gold snapshot: {}", catalog.engine(), e.toString());
    }
  }

  /**
   * Reads {@code _snapshot.json}; when it names another snapshot than the one loaded, registers the
   * versions not registered yet, makes it current, and drops the tables no longer kept. Returns the
   * snapshot now current.
   */
  public synchronized Optional<GoldView> refresh() {
    Optional<GoldSnapshot> found = snapshots.current();
    Pinned loaded = current.get();
    if (found.isEmpty()) {
      return Optional.ofNullable(loaded).map(Pinned::view);
    }
    GoldSnapshot snapshot = found.get();
    GoldView view = new GoldView(snapshot.run(), snapshot.publishedAt(), snapshot.tables());
    if (loaded != null && loaded.view().equals(view)) {
      return Optional.of(view);
    }
    ResolvedSnapshot resolved = snapshots.resolve(snapshot);
    Map<String, String> names = new LinkedHashMap<>();
    resolved
        .tables()
        .forEach(
            (table, pointer) -> {
              VersionedTable versioned = VersionedTable.of(pointer, layout);
              if (!registered.contains(versioned.name())) {
                catalog.register(versioned);
                registered.add(versioned.name());
                log.info(
                    "{}: registered {} for gold table {}@{}",
                    catalog.engine(),
                    versioned.name(),
                    table,
                    pointer.version());
              }
              names.put(table, versioned.name());
            });
    current.set(new Pinned(view, Map.copyOf(names)));
    log.info(
        "{}: gold snapshot {} (published {}) is now served",
        catalog.engine(),
        view.run(),
        view.publishedAt());
    listeners.forEach(l -> l.accept(view));
    dropUnused(snapshot);
    return Optional.of(view);
  }

  /** The versioned names of the snapshots kept; the others' tables are dropped. */
  private void dropUnused(GoldSnapshot snapshot) {
    Set<String> keep = new HashSet<>();
    List<Map<String, String>> kept = new ArrayList<>();
    kept.add(snapshot.tables());
    snapshot.history().stream()
        .limit(settings.keepSnapshots() - 1L)
        .forEach(p -> kept.add(p.tables()));
    synchronized (open) {
      open.keySet().forEach(v -> kept.add(v.tables()));
    }
    for (Map<String, String> tables : kept) {
      tables.forEach(
          (table, version) -> {
            if (GoldTableNames.TABLES.contains(table)) {
              keep.add(GoldTableNames.versioned(table, version));
            }
          });
    }
    try {
      for (String name : catalog.tables()) {
        if (GoldTableNames.tableOf(name).isPresent() && !keep.contains(name)) {
          catalog.drop(name);
          registered.remove(name);
          log.info("{}: dropped {}, which no kept gold snapshot names", catalog.engine(), name);
        }
      }
    } catch (RuntimeException e) {
      // tables left over cost nothing but a catalog entry; the next snapshot tries again
      log.warn("{}: cannot drop old versioned gold tables: {}", catalog.engine(), e.toString());
    }
  }

  @Override
  public GoldView current() {
    Pinned pinned = current.get();
    return pinned == null ? null : pinned.view();
  }

  @Override
  public Reading open() {
    Pinned pinned = current.get();
    if (pinned == null) {
      // the poller may not have run yet; a first reading loads gold itself
      refresh();
      pinned = current.get();
    }
    if (pinned == null) {
      throw new NoGoldException(
          catalog.engine() + ": no gold snapshot is loaded yet (gold never published?)");
    }
    Pinned found = pinned;
    synchronized (open) {
      Pinned held = open.computeIfAbsent(found.view(), v -> found);
      held.readers().incrementAndGet();
      return new CatalogReading(held);
    }
  }

  /** The versioned names a reading of the current snapshot rewrites to. For tests. */
  Map<String, String> currentNames() {
    Pinned pinned = current.get();
    return pinned == null ? Map.of() : pinned.names();
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  /** A loaded snapshot, the versioned name of each of its tables, and the readings holding it. */
  private record Pinned(GoldView view, Map<String, String> names, AtomicInteger readers) {
    Pinned(GoldView view, Map<String, String> names) {
      this(view, names, new AtomicInteger());
    }
  }

  private final class CatalogReading implements Reading {
    private final Pinned pinned;
    private boolean closed;

    CatalogReading(Pinned pinned) {
      this.pinned = pinned;
    }

    @Override
    public GoldView snapshot() {
      return pinned.view();
    }

    @Override
    public void query(String sql, List<?> values, RowHandler rows) {
      if (closed) {
        throw new IllegalStateException(
            "reading of gold snapshot " + pinned.view().run() + " closed");
      }
      String rewritten;
      try {
        rewritten = GoldTableNames.rewrite(sql, pinned.names());
      } catch (IllegalArgumentException e) {
        throw new QueryFailedException(
            catalog.engine(),
            QueryFailedException.Kind.FAILED,
            e.getMessage() + " (snapshot " + pinned.view().run() + ")",
            e);
      }
      inFlight.acquire();
      try {
        catalog.query(rewritten, values, rows);
      } finally {
        inFlight.release();
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        synchronized (open) {
          if (pinned.readers().decrementAndGet() <= 0) {
            open.remove(pinned.view());
          }
        }
      }
    }
  }
}
