package com.salestech.query.engine.duckdb;

import com.salestech.lake.catalog.CatalogColumn;
import com.salestech.lake.catalog.CatalogColumns;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.ResolvedSnapshot;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.InFlight;
import com.salestech.query.engine.JdbcRow;
import com.salestech.query.engine.NoGoldException;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded DuckDB over local copies of the current gold snapshot's files.
 *
 * <p>One in-memory database for the process: separate {@code jdbc:duckdb:} URLs would be separate
 * databases with thread pools of their own, and one connection shared between threads has crashed
 * the JVM, so each worker thread gets its own {@link DuckDBConnection#duplicate()}. Each loaded
 * snapshot is a schema of its own holding one view per gold table over that snapshot's files; a
 * statement runs with the schema of the snapshot its reading pinned, so readers in flight finish on
 * the old snapshot while new ones get the new one. A snapshot's schema is dropped, and its
 * versions' files evicted, when it is no longer current and its last reader is done.
 */
public final class DuckDbEngine implements QueryEngine, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DuckDbEngine.class);

  public static final String NAME = "duckdb";

  private final GoldSnapshots snapshots;
  private final GoldFileCache files;
  private final QueryProperties properties;
  private final DuckDBConnection database;
  private final ThreadLocal<Session> connections;
  private final long inMemoryMax;

  /**
   * A worker thread's connection, the schema it was last set to, and the statements it prepared in
   * that schema. Preparing was about 40% of an aggregate report's statement (0.5 of 1.2 ms), so the
   * statements are kept, the least recently used closed past {@link #STATEMENTS}; a new schema (a
   * new snapshot) closes them all.
   */
  private static final class Session {
    final DuckDBConnection connection;
    String schema;
    final Map<String, PreparedStatement> statements =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= STATEMENTS) {
              return false;
            }
            closeQuietly(eldest.getValue());
            return true;
          }
        };

    Session(DuckDBConnection connection) {
      this.connection = connection;
    }

    /** Sets the schema of a snapshot (once per thread and snapshot: names are never reused). */
    void use(String next) throws SQLException {
      if (next.equals(schema)) {
        return;
      }
      statements.values().forEach(Session::closeQuietly);
      statements.clear();
      try (Statement st = connection.createStatement()) {
        st.execute("SET schema = '" + next + "'");
      }
      schema = next;
    }

    PreparedStatement prepare(String sql, int timeoutSeconds) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        ps.setQueryTimeout(timeoutSeconds);
        statements.put(sql, ps);
      }
      return ps;
    }

    /** Drops a statement whose execution failed: it is prepared afresh next time. */
    void forget(String sql) {
      PreparedStatement ps = statements.remove(sql);
      if (ps != null) {
        closeQuietly(ps);
      }
    }

    static void closeQuietly(PreparedStatement ps) {
      try {
        ps.close();
      } catch (SQLException e) {
        log.debug("closing a DuckDB statement: {}", e.toString());
      }
    }
  }

  /** Prepared statements kept per worker thread (the reports have a few dozen texts). */
  static final int STATEMENTS = 64;

  private final ConcurrentLinkedQueue<DuckDBConnection> opened = new ConcurrentLinkedQueue<>();
  private final InFlight inFlight;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final AtomicInteger schemas = new AtomicInteger();

  /** How many loaded snapshots name each {@code table@version}: a version is evicted at zero. */
  private final Map<String, Integer> versionUsers = new HashMap<>();

  private ScheduledExecutorService poller;

  public DuckDbEngine(GoldSnapshots snapshots, GoldFileCache files, QueryProperties properties) {
    this.snapshots = snapshots;
    this.files = files;
    this.properties = properties;
    this.inFlight = new InFlight(NAME, properties.maxInFlight(), properties.queueTimeout());
    QueryProperties.DuckDb duck = properties.duckdb();
    this.inMemoryMax = duck.inMemoryMax().toBytes();
    try {
      Files.createDirectories(Path.of(duck.tempDirectory()));
      database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = database.createStatement()) {
        st.execute("SET memory_limit = '" + duck.memoryLimit() + "'");
        st.execute("SET threads = " + duck.threads());
        st.execute("SET temp_directory = '" + duck.tempDirectory().replace("'", "''") + "'");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot start the embedded DuckDB database", e);
    }
    connections =
        ThreadLocal.withInitial(
            () -> {
              try {
                DuckDBConnection c = (DuckDBConnection) database.duplicate();
                opened.add(c);
                return new Session(c);
              } catch (SQLException e) {
                throw new QueryFailedException(
                    NAME, QueryFailedException.Kind.FAILED, "cannot open a connection", e);
              }
            });
  }

  /** Factory for Spring: the file cache in the configured directory. */
  public static DuckDbEngine create(
      GoldSnapshots snapshots,
      com.salestech.lake.LakeStorage storage,
      String goldBucket,
      QueryProperties properties) {
    return new DuckDbEngine(
        snapshots,
        new GoldFileCache(storage, goldBucket, Path.of(properties.duckdb().cacheDirectory())),
        properties);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Loads the current snapshot now (a failure is logged: the poller tries again), then polls every
   * poll interval.
   */
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    refreshQuietly();
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gold-snapshot-poller");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, properties.pollInterval().toMillis());
    poller.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // the snapshot in use stays; the next poll tries again
      log.warn("Cannot load the current gold snapshot: {}", e.toString());
    }
  }

  /**
   * Reads {@code _snapshot.json}; when it names another snapshot than the one loaded, fetches its
   * files, makes it current and retires the old one. Returns the snapshot now current.
   */
  public synchronized Optional<GoldView> refresh() {
    Optional<GoldSnapshot> found = snapshots.current();
    Loaded loaded = current.get();
    if (found.isEmpty()) {
      return Optional.ofNullable(loaded).map(l -> l.view);
    }
    GoldSnapshot snapshot = found.get();
    GoldView view = new GoldView(snapshot.run(), snapshot.publishedAt(), snapshot.tables());
    if (loaded != null && loaded.view.equals(view)) {
      return Optional.of(loaded.view);
    }
    ResolvedSnapshot resolved = snapshots.resolve(snapshot);
    Loaded next = load(view, resolved);
    current.set(next);
    log.info("Gold snapshot {} (published {}) is now served", view.run(), view.publishedAt());
    if (loaded != null) {
      loaded.release();
    }
    return Optional.of(view);
  }

  private Loaded load(GoldView view, ResolvedSnapshot resolved) {
    String schema = "gold_" + schemas.incrementAndGet();
    List<String> ddl = new ArrayList<>();
    List<String> inMemory = new ArrayList<>();
    ddl.add("CREATE SCHEMA " + schema);
    for (Map.Entry<String, CurrentPointer> entry : resolved.tables().entrySet()) {
      CurrentPointer pointer = entry.getValue();
      List<Path> local = files.fetch(pointer);
      if (local.isEmpty()) {
        if (pointer.rows() != 0) {
          throw new IllegalStateException(
              "gold table " + entry.getKey() + "@" + pointer.version() + " lists no files");
        }
        // a version without rows (a model table with nothing to estimate): typed and empty
        ddl.add("CREATE VIEW " + schema + "." + entry.getKey() + " AS " + emptyRelation(pointer));
        continue;
      }
      String list =
          local.stream()
              .map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
              .collect(Collectors.joining(", ", "[", "]"));
      boolean partitioned = !pointer.partitionColumns().isEmpty();
      String files =
          "read_parquet("
              + list
              + ", hive_partitioning = "
              + partitioned
              // partition values stay text (mes_venda is YYYY-MM), as in the catalog
              + (partitioned ? ", hive_types_autocast = false" : "")
              + ")";
      long bytes = pointer.files().stream().mapToLong(DataFile::bytes).sum();
      if (bytes <= inMemoryMax) {
        // a small table (the monthly aggregates: kilobytes) is read once into DuckDB's memory:
        // opening its Parquet files was most of a statement over it
        ddl.add("CREATE TABLE " + schema + "." + entry.getKey() + " AS SELECT * FROM " + files);
        inMemory.add(entry.getKey());
      } else {
        ddl.add("CREATE VIEW " + schema + "." + entry.getKey() + " AS SELECT * FROM " + files);
      }
    }
    try (Statement st = database.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot load gold snapshot " + view.run() + " into DuckDB", e);
    }
    synchronized (versionUsers) {
      view.tables().forEach((t, v) -> versionUsers.merge(t + "@" + v, 1, Integer::sum));
    }
    log.info("Gold snapshot {} loaded; in memory: {}", view.run(), inMemory);
    return new Loaded(view, schema);
  }

  /** The columns of a version's schema (and its partition columns, text) without any row. */
  static String emptyRelation(CurrentPointer pointer) {
    List<String> columns = new ArrayList<>();
    for (CatalogColumn c : CatalogColumns.of(pointer.schema())) {
      columns.add("CAST(NULL AS " + c.trinoType() + ") AS \"" + c.name() + "\"");
    }
    for (String p : pointer.partitionColumns()) {
      columns.add("CAST(NULL AS VARCHAR) AS \"" + p + "\"");
    }
    return "SELECT " + String.join(", ", columns) + " WHERE false";
  }

  private void unload(Loaded loaded) {
    try (Statement st = database.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + loaded.schema + " CASCADE");
    } catch (SQLException e) {
      log.warn(
          "Cannot drop {} of gold snapshot {}: {}", loaded.schema, loaded.view.run(), e.toString());
    }
    List<String[]> evict = new ArrayList<>();
    synchronized (versionUsers) {
      loaded
          .view
          .tables()
          .forEach(
              (t, v) -> {
                String key = t + "@" + v;
                if (versionUsers.merge(key, -1, Integer::sum) <= 0) {
                  versionUsers.remove(key);
                  evict.add(new String[] {t, v});
                }
              });
    }
    evict.forEach(tv -> files.evict(tv[0], tv[1]));
    log.info("Gold snapshot {} unloaded", loaded.view.run());
  }

  @Override
  public GoldView current() {
    Loaded loaded = current.get();
    return loaded == null ? null : loaded.view;
  }

  @Override
  public Reading open() {
    while (true) {
      Loaded loaded = current.get();
      if (loaded == null) {
        throw new NoGoldException("no gold snapshot is loaded yet (gold never published?)");
      }
      if (loaded.acquire()) {
        return new DuckDbReading(loaded);
      }
      // it was retired between the read and the acquire: the next one is current already
    }
  }

  /** The number of snapshots loaded (current plus retired ones still read). For tests. */
  int loadedSchemas() {
    try (Statement st = database.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'gold\\_%' ESCAPE '\\'")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The tables of the current snapshot held in DuckDB's memory (the others are views). For tests.
   */
  List<String> inMemoryTables() {
    Loaded loaded = current.get();
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps =
        database.prepareStatement(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? ORDER BY table_name")) {
      ps.setString(1, loaded.schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    for (DuckDBConnection c : opened) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing a DuckDB connection: {}", e.toString());
      }
    }
    try {
      database.close();
    } catch (SQLException e) {
      log.debug("closing DuckDB: {}", e.toString());
    }
  }

  /** A loaded snapshot: its schema and who reads it. The engine's own reference counts as one. */
  private final class Loaded {
    final GoldView view;
    final String schema;
    final AtomicInteger references = new AtomicInteger(1);

    Loaded(GoldView view, String schema) {
      this.view = view;
      this.schema = schema;
    }

    boolean acquire() {
      int n;
      do {
        n = references.get();
        if (n == 0) {
          return false;
        }
      } while (!references.compareAndSet(n, n + 1));
      return true;
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        unload(this);
      }
    }
  }

  private final class DuckDbReading implements Reading {
    private final Loaded loaded;
    private boolean closed;

    DuckDbReading(Loaded loaded) {
      this.loaded = loaded;
    }

    @Override
    public GoldView snapshot() {
      return loaded.view;
    }

    @Override
    public void query(String sql, List<?> values, RowHandler rows) {
      if (closed) {
        throw new IllegalStateException(
            "reading of gold snapshot " + loaded.view.run() + " closed");
      }
      inFlight.acquire();
      try {
        Session session = connections.get();
        session.use(loaded.schema);
        PreparedStatement ps =
            session.prepare(sql, (int) Math.max(1, properties.queryTimeout().toSeconds()));
        try {
          for (int i = 0; i < values.size(); i++) {
            JdbcRow.bind(ps, i + 1, values.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            JdbcRow row = new JdbcRow(rs, NAME);
            while (rs.next()) {
              rows.row(row);
            }
          }
        } catch (SQLException | RuntimeException e) {
          session.forget(sql);
          throw e;
        }
      } catch (SQLTimeoutException e) {
        throw new QueryFailedException(
            NAME,
            QueryFailedException.Kind.TIMED_OUT,
            "statement ran past " + properties.queryTimeout(),
            e);
      } catch (SQLException e) {
        boolean interrupted = String.valueOf(e.getMessage()).contains("Interrupt");
        throw new QueryFailedException(
            NAME,
            interrupted ? QueryFailedException.Kind.TIMED_OUT : QueryFailedException.Kind.FAILED,
            interrupted
                ? "statement ran past " + properties.queryTimeout()
                : "statement failed on gold snapshot " + loaded.view.run() + ": " + e.getMessage(),
            e);
      } finally {
        inFlight.release();
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        loaded.release();
      }
    }
  }
}
