package com.salestech.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetColumns;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.ResolvedSnapshot;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every S3 server the lake runs on must do for the storage port, the publishing protocol and
 * Parquet I/O. Subclasses supply the server: the embedded S3Proxy here, LocalStack where Docker
 * runs.
 */
abstract class LakeStorageContract {

  static final LakeLayout layout = LakeLayout.defaults();

  /** The storage under test, with the three default buckets created. */
  abstract LakeStorage storage();

  @Test
  void smallObjectsListingsAndDeletes() throws IOException {
    storage()
        .put(
            "sales-tech-brz",
            "t/a=1/x.txt",
            "hello".getBytes(StandardCharsets.UTF_8),
            "text/plain");
    storage()
        .put(
            "sales-tech-brz",
            "t/a=2/y.txt",
            "world".getBytes(StandardCharsets.UTF_8),
            "text/plain");
    assertThat(storage().readIfExists("sales-tech-brz", "t/a=1/x.txt"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
    assertThat(storage().readIfExists("sales-tech-brz", "t/none")).isEmpty();
    assertThat(storage().stat("sales-tech-brz", "t/a=2/y.txt"))
        .hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(5));
    assertThat(storage().stat("sales-tech-brz", "t/none")).isEmpty();
    assertThat(storage().list("sales-tech-brz", "t/").map(LakeObject::key))
        .containsExactly("t/a=1/x.txt", "t/a=2/y.txt");
    assertThat(storage().listPrefixes("sales-tech-brz", "t/")).containsExactly("t/a=1/", "t/a=2/");
    try (InputStream in = storage().open("sales-tech-brz", "t/a=2/y.txt", 2)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rld");
    }
    storage().copy("sales-tech-brz", "t/a=1/x.txt", "t/a=3/x.txt");
    assertThat(storage().readIfExists("sales-tech-brz", "t/a=3/x.txt"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
    storage().delete("sales-tech-brz", List.of("t/a=1/x.txt", "t/a=2/y.txt", "t/a=3/x.txt"));
    assertThat(storage().list("sales-tech-brz", "t/")).isEmpty();
  }

  @Test
  void conditionalWritesLetOnlyOneWriterWin() {
    String bucket = "sales-tech-gld";
    String key = "cas/_pointer.json";
    byte[] first = "first".getBytes(StandardCharsets.UTF_8);
    byte[] second = "second".getBytes(StandardCharsets.UTF_8);
    byte[] third = "third".getBytes(StandardCharsets.UTF_8);

    String created = storage().putIfAbsent(bucket, key, first, "text/plain").orElseThrow();
    assertThat(storage().putIfAbsent(bucket, key, second, "text/plain")).isEmpty();
    LakeStorage.Tagged read = storage().readTagged(bucket, key).orElseThrow();
    assertThat(read.content()).isEqualTo(first);
    assertThat(read.etag()).isEqualTo(created);

    String replaced =
        storage().putIfMatch(bucket, key, second, "text/plain", read.etag()).orElseThrow();
    assertThat(replaced).isNotEqualTo(created);
    // A writer still holding the first ETag lost the race: nothing is overwritten.
    assertThat(storage().putIfMatch(bucket, key, third, "text/plain", created)).isEmpty();
    assertThat(storage().readIfExists(bucket, key)).hasValue(second);
    assertThat(storage().putIfMatch(bucket, "cas/none.json", third, "text/plain", created))
        .isEmpty();
    assertThat(storage().readTagged(bucket, "cas/none.json")).isEmpty();
    storage().delete(bucket, List.of(key));
  }

  @Test
  void aFileIsUploadedIfAbsentOnlyWhenNoObjectHasTheKey(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String bucket = "sales-tech-brz";
    Path small = Files.writeString(dir.resolve("small.csv"), "id;cidade\n1;Recife\n");
    byte[] big = new byte[9 * 1024 * 1024];
    new Random(3).nextBytes(big);
    Path large = Files.write(dir.resolve("large.bin"), big);
    Path other = Files.writeString(dir.resolve("other.csv"), "other");

    assertThat(storage().putFileIfAbsent(bucket, "ifabsent/small.csv", small)).isTrue();
    assertThat(storage().putFileIfAbsent(bucket, "ifabsent/small.csv", other)).isFalse();
    assertThat(storage().readIfExists(bucket, "ifabsent/small.csv"))
        .hasValue(Files.readAllBytes(small));
    // in parts: the condition rides on completing the multipart upload
    assertThat(storage().putFileIfAbsent(bucket, "ifabsent/large.bin", large)).isTrue();
    assertThat(storage().putFileIfAbsent(bucket, "ifabsent/large.bin", other)).isFalse();
    assertThat(storage().putFileIfAbsent(bucket, "ifabsent/small.csv", large)).isFalse();
    assertThat(storage().readIfExists(bucket, "ifabsent/small.csv"))
        .hasValue(Files.readAllBytes(small));
    assertThat(storage().stat(bucket, "ifabsent/large.bin").orElseThrow().size())
        .isEqualTo(big.length);
    storage().delete(bucket, List.of("ifabsent/small.csv", "ifabsent/large.bin"));
  }

  @Test
  void largeObjectsAreStreamedInPartsAndAbortLeavesNothing() throws Exception {
    byte[] chunk = new byte[1 << 20];
    new Random(7).nextBytes(chunk);
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    try (LakeOutputStream out = storage().create("sales-tech-slv", "big/object.bin")) {
      for (int i = 0; i < 20; i++) {
        out.write(chunk);
        sent.update(chunk);
      }
      assertThat(out.bytesWritten()).isEqualTo(20L << 20);
    }
    assertThat(storage().stat("sales-tech-slv", "big/object.bin").orElseThrow().etag())
        .contains("-3");
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    try (InputStream in = storage().open("sales-tech-slv", "big/object.bin")) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        received.update(buf, 0, n);
      }
    }
    assertThat(received.digest()).isEqualTo(sent.digest());

    LakeOutputStream aborted = storage().create("sales-tech-slv", "big/aborted.bin");
    for (int i = 0; i < 10; i++) {
      aborted.write(chunk);
    }
    aborted.abort();
    aborted.close();
    assertThat(storage().stat("sales-tech-slv", "big/aborted.bin")).isEmpty();
  }

  static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"t","fields":[
                {"name":"id","type":"long"},
                {"name":"valor","type":{"type":"fixed","name":"d","size":6,"logicalType":"decimal","precision":12,"scale":2}},
                {"name":"dia","type":{"type":"int","logicalType":"date"}},
                {"name":"nome","type":["null","string"],"default":null}]}
              """);

  /** 1,000 rows whose prices add up to R$ 751,740.00, every other one without a name. */
  void writeSample(String key) {
    try (LakeParquetWriter<GenericRecord> writer =
        new ParquetLake(storage()).writer("sales-tech-slv", key, SCHEMA)) {
      for (int i = 1; i <= 1000; i++) {
        GenericData.Record r = new GenericData.Record(SCHEMA);
        r.put("id", (long) i);
        r.put("valor", BigDecimal.valueOf(i * 150L + 99, 2));
        r.put("dia", (int) LocalDate.of(2018, 1, 1).plusDays(i).toEpochDay());
        r.put("nome", i % 2 == 0 ? "São Paulo" : null);
        writer.write(r);
      }
    }
  }

  @Test
  void parquetRoundTripsDecimalsAndDates() throws Exception {
    ParquetLake parquet = new ParquetLake(storage());
    String key = "produtos/v=1/part-00000.parquet";
    writeSample(key);
    int rows = 0;
    BigDecimal sum = BigDecimal.ZERO;
    try (ParquetReader<GenericRecord> reader = parquet.reader("sales-tech-slv", key)) {
      for (GenericRecord r; (r = reader.read()) != null; ) {
        rows++;
        sum = sum.add((BigDecimal) r.get("valor"));
      }
    }
    assertThat(rows).isEqualTo(1000);
    assertThat(sum).isEqualTo(new BigDecimal("751740.00"));
    long length = storage().stat("sales-tech-slv", key).orElseThrow().size();
    ParquetColumns columns = new ParquetColumns(storage());
    assertThat(columns.footerRows("sales-tech-slv", key, length)).isEqualTo(1000);
    assertThat(columns.sumUnscaled("sales-tech-slv", key, length, "valor")).isEqualTo(75174000L);
  }

  @Test
  void publishResolveAndKeepTheNewestPublishedVersions() {
    TableVersions versions = new TableVersions(storage(), layout);
    assertThat(versions.current(Layer.SILVER, "lojas")).isEmpty();
    // v0: left over by a run that crashed before publishing; v1..v3 published; v4 being written
    for (int v = 0; v <= 4; v++) {
      String version =
          TableVersions.versionName(Instant.parse("2026-11-26T10:00:00Z").plusSeconds(v), v);
      String key = layout.dataFileKey(Layer.SILVER, "lojas", version, null, 0);
      storage().put("sales-tech-slv", key, new byte[] {1, 2, 3}, "application/octet-stream");
      if (v >= 1 && v <= 3) {
        versions.publish(
            Layer.SILVER,
            new CurrentPointer(
                "lojas",
                version,
                Instant.now(),
                10,
                List.of(new DataFile(key, 10, 3)),
                List.of(),
                JsonMapper.shared().readTree("{\"type\":\"record\"}")));
      }
    }
    CurrentPointer current = versions.current(Layer.SILVER, "lojas").orElseThrow();
    assertThat(current.version()).isEqualTo("20261126T100003Z-3");
    assertThat(current.previousVersions())
        .containsExactly("20261126T100002Z-2", "20261126T100001Z-1");
    assertThat(current.files())
        .extracting(DataFile::key)
        .containsExactly("lojas/v=20261126T100003Z-3/part-00000.parquet");
    assertThat(current.schema().get("type").asString()).isEqualTo("record");
    assertThat(versions.versions(Layer.SILVER, "lojas")).hasSize(5);

    assertThat(versions.deleteOldVersions(Layer.SILVER, "lojas", 2, Duration.ZERO))
        .containsExactly("20261126T100000Z-0", "20261126T100001Z-1");
    assertThat(versions.versions(Layer.SILVER, "lojas"))
        .containsExactly("20261126T100002Z-2", "20261126T100003Z-3", "20261126T100004Z-4");
    assertThat(versions.deleteOldVersions(Layer.SILVER, "lojas", 1, Duration.ZERO))
        .containsExactly("20261126T100002Z-2");
    assertThatThrownBy(() -> versions.deleteVersion(Layer.SILVER, "lojas", "20261126T100003Z-3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("readers are on it");
  }

  /** A clock the tests move by hand. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private CurrentPointer pointer(String table, String version) {
    String key = layout.dataFileKey(Layer.GOLD, table, version, null, 0);
    storage().put("sales-tech-gld", key, new byte[] {1, 2, 3}, "application/octet-stream");
    return new CurrentPointer(
        table,
        version,
        Instant.parse("2026-11-26T10:00:00Z"),
        1,
        List.of(new DataFile(key, 1, 3)),
        List.of(),
        JsonMapper.shared().readTree("{\"type\":\"record\"}"));
  }

  @Test
  void aVersionReplacedLessThanTheGracePeriodAgoIsKept() {
    TestClock clock = new TestClock();
    TableVersions versions = new TableVersions(storage(), layout, clock);
    versions.publish(Layer.GOLD, pointer("grace", "v1"));
    clock.now = clock.now.plusSeconds(60);
    versions.publish(Layer.GOLD, pointer("grace", "v2"));
    clock.now = clock.now.plusSeconds(60);
    versions.publish(Layer.GOLD, pointer("grace", "v3"));

    // v2 stopped being current a minute ago: a reader that resolved it may still be reading.
    clock.now = clock.now.plusSeconds(60);
    assertThat(versions.deleteOldVersions(Layer.GOLD, "grace", 1, Duration.ofHours(1))).isEmpty();
    clock.now = clock.now.plus(Duration.ofMinutes(58));
    assertThat(versions.deleteOldVersions(Layer.GOLD, "grace", 1, Duration.ofHours(1)))
        .containsExactly("v1");
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(versions.deleteOldVersions(Layer.GOLD, "grace", 1, Duration.ofHours(1)))
        .containsExactly("v2");
    assertThat(versions.versions(Layer.GOLD, "grace")).containsExactly("v3");
  }

  /**
   * The real store, except that just before the first conditional write another writer publishes:
   * the interleaving of a rollback racing a publish, made certain instead of likely.
   */
  static final class RacedStorage implements LakeStorage {
    private final LakeStorage delegate;
    private Runnable competitor;

    RacedStorage(LakeStorage delegate, Runnable competitor) {
      this.delegate = delegate;
      this.competitor = competitor;
    }

    private void race() {
      Runnable once = competitor;
      competitor = null;
      if (once != null) {
        once.run();
      }
    }

    @Override
    public Optional<String> putIfMatch(
        String bucket, String key, byte[] content, String contentType, String etag) {
      race();
      return delegate.putIfMatch(bucket, key, content, contentType, etag);
    }

    @Override
    public Optional<String> putIfAbsent(
        String bucket, String key, byte[] content, String contentType) {
      race();
      return delegate.putIfAbsent(bucket, key, content, contentType);
    }

    @Override
    public Optional<Tagged> readTagged(String bucket, String key) {
      return delegate.readTagged(bucket, key);
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
      delegate.put(bucket, key, content, contentType);
    }

    @Override
    public void putFile(String bucket, String key, Path file) {
      delegate.putFile(bucket, key, file);
    }

    @Override
    public boolean putFileIfAbsent(String bucket, String key, Path file) {
      return delegate.putFileIfAbsent(bucket, key, file);
    }

    @Override
    public LakeOutputStream create(String bucket, String key) {
      return delegate.create(bucket, key);
    }

    @Override
    public InputStream open(String bucket, String key, long offset) {
      return delegate.open(bucket, key, offset);
    }

    @Override
    public Optional<byte[]> readIfExists(String bucket, String key) {
      return delegate.readIfExists(bucket, key);
    }

    @Override
    public Optional<LakeObject> stat(String bucket, String key) {
      return delegate.stat(bucket, key);
    }

    @Override
    public java.util.stream.Stream<LakeObject> list(String bucket, String prefix) {
      return delegate.list(bucket, prefix);
    }

    @Override
    public List<String> listPrefixes(String bucket, String prefix) {
      return delegate.listPrefixes(bucket, prefix);
    }

    @Override
    public void delete(String bucket, java.util.Collection<String> keys) {
      delegate.delete(bucket, keys);
    }

    @Override
    public void copy(String bucket, String fromKey, String toKey) {
      delegate.copy(bucket, fromKey, toKey);
    }

    @Override
    public void ensureBucket(String bucket) {
      delegate.ensureBucket(bucket);
    }
  }

  @Test
  void aRollbackRacingAPublishLosesNoHistoryEntry() {
    TableVersions plain = new TableVersions(storage(), layout);
    plain.publish(Layer.GOLD, pointer("race", "v1"));
    plain.publish(Layer.GOLD, pointer("race", "v2"));
    CurrentPointer v3 = pointer("race", "v3");
    // The publisher read the pointer at v2; a rollback to v1 lands before its write.
    TableVersions publisher =
        new TableVersions(
            new RacedStorage(storage(), () -> plain.rollback(Layer.GOLD, "race", "v1")), layout);

    CurrentPointer published = publisher.publish(Layer.GOLD, v3);

    assertThat(published.version()).isEqualTo("v3");
    CurrentPointer current = plain.current(Layer.GOLD, "race").orElseThrow();
    assertThat(current.version()).isEqualTo("v3");
    assertThat(current.previousVersions()).containsExactly("v1", "v2");
  }

  @Test
  void goldIsCommittedAsOneSnapshotAndRolledBackAsAWhole() {
    TestClock clock = new TestClock();
    TableVersions versions = new TableVersions(storage(), layout, clock);
    GoldSnapshots snapshots = new GoldSnapshots(storage(), versions, clock);
    for (String run : List.of("r1", "r2")) {
      for (String table : List.of("snap_a", "snap_b")) {
        versions.writeManifest(Layer.GOLD, pointer(table, run));
      }
      snapshots.commit(
          new GoldSnapshot(
              run, clock.instant(), Map.of("snap_a", run, "snap_b", run), Map.of("vendas", run)));
      clock.now = clock.now.plusSeconds(10);
    }
    // Per-table pointers lag until aligned; readers of the snapshot never see them.
    assertThat(versions.current(Layer.GOLD, "snap_a")).isEmpty();
    ResolvedSnapshot resolved = snapshots.resolve().orElseThrow();
    assertThat(resolved.snapshot().run()).isEqualTo("r2");
    assertThat(resolved.table("snap_b").orElseThrow().files())
        .extracting(DataFile::key)
        .containsExactly("snap_b/v=r2/part-00000.parquet");
    assertThat(snapshots.alignPointers(resolved.snapshot())).containsExactly("snap_a", "snap_b");
    assertThat(versions.current(Layer.GOLD, "snap_a").orElseThrow().version()).isEqualTo("r2");

    // A version named by no complete manifest is refused before anything is written.
    assertThatThrownBy(
            () ->
                snapshots.commit(
                    new GoldSnapshot("r3", clock.instant(), Map.of("snap_a", "r3"), Map.of())))
        .isInstanceOf(LakeStorageException.class)
        .hasMessageContaining("snap_a");

    GoldSnapshot back = snapshots.rollback(null);
    assertThat(back.run()).isEqualTo("r1");
    assertThat(back.silver()).containsEntry("vendas", "r1");
    assertThat(back.history()).extracting(GoldSnapshot.Past::run).containsExactly("r2");
    assertThat(versions.current(Layer.GOLD, "snap_b").orElseThrow().version()).isEqualTo("r1");

    clock.now = clock.now.plus(Duration.ofHours(2));
    assertThat(snapshots.deleteOldVersions(1, Duration.ofHours(1))).isEmpty();
    assertThat(snapshots.rollback("r2").run()).isEqualTo("r2");
    clock.now = clock.now.plus(Duration.ofHours(2));
    assertThat(snapshots.deleteOldVersions(1, Duration.ofHours(1)))
        .containsExactly("snap_a@r1", "snap_b@r1");
  }
}
