package com.salestech.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
    try (LakeParquetWriter writer =
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

    assertThat(versions.deleteOldVersions(Layer.SILVER, "lojas", 2))
        .containsExactly("20261126T100000Z-0", "20261126T100001Z-1");
    assertThat(versions.versions(Layer.SILVER, "lojas"))
        .containsExactly("20261126T100002Z-2", "20261126T100003Z-3", "20261126T100004Z-4");
    assertThat(versions.deleteOldVersions(Layer.SILVER, "lojas", 1))
        .containsExactly("20261126T100002Z-2");
    assertThatThrownBy(() -> versions.deleteVersion(Layer.SILVER, "lojas", "20261126T100003Z-3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("readers are on it");
  }
}
