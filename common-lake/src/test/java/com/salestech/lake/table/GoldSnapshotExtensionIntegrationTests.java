package com.salestech.lake.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.s3.S3LakeStorage;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/** The models' tables join the snapshot they were computed from, or nothing. */
class GoldSnapshotExtensionIntegrationTests {

  @TempDir static Path dir;
  static EmbeddedS3Server server;
  static S3Client s3;
  static TableVersions versions;
  static GoldSnapshots snapshots;

  @BeforeAll
  static void start() {
    server =
        EmbeddedS3Server.start(
            dir.resolve("lake"), "127.0.0.1", 0, "k", "s", List.of("brz", "slv", "gld"));
    s3 =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .build();
    versions =
        new TableVersions(
            new S3LakeStorage(s3), LakeLayout.of("s3://brz/", "s3://slv/", "s3://gld/x/"));
    snapshots = new GoldSnapshots(new S3LakeStorage(s3), versions);
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  private static void version(String table, String version) {
    versions.writeManifest(
        Layer.GOLD,
        new CurrentPointer(
            table,
            version,
            Instant.parse("2026-12-01T00:00:00Z"),
            0,
            List.of(),
            List.of(),
            JsonMapper.shared().readTree("{}")));
  }

  @Test
  void extendsTheCurrentSnapshotKeepingItsRunAndRefusesWhenGoldMovedOn() {
    version("wide_vendas", "r1");
    version("wide_vendas", "r2");
    version("previsao_vendas", "f1");
    version("previsao_vendas", "f2");
    GoldSnapshot first =
        snapshots.commit(
            new GoldSnapshot(
                "r1", Instant.now(), Map.of("wide_vendas", "r1"), Map.of("vendas", "s1")));

    GoldSnapshot extended = snapshots.extend(first, Map.of("previsao_vendas", "f1"));

    assertThat(extended.run()).isEqualTo("r1");
    assertThat(extended.silver()).isEqualTo(Map.of("vendas", "s1"));
    assertThat(extended.tables()).isEqualTo(Map.of("wide_vendas", "r1", "previsao_vendas", "f1"));
    assertThat(snapshots.current().orElseThrow().tables()).isEqualTo(extended.tables());
    assertThat(extended.history())
        .extracting(GoldSnapshot.Past::tables)
        .containsExactly(Map.of("wide_vendas", "r1"));

    // The forecast of r1 replaced by a newer one of r1: fine.
    GoldSnapshot again = snapshots.extend(extended, Map.of("previsao_vendas", "f2"));
    assertThat(again.tables().get("previsao_vendas")).isEqualTo("f2");

    // A new gold run published while a forecast of r1 was being computed.
    snapshots.commit(
        new GoldSnapshot("r2", Instant.now(), Map.of("wide_vendas", "r2"), Map.of("vendas", "s2")));
    assertThatThrownBy(() -> snapshots.extend(again, Map.of("previsao_vendas", "f1")))
        .isInstanceOf(GoldSnapshots.StaleSnapshotException.class)
        .hasMessageContaining("r2 is current now, not r1");
    assertThat(snapshots.current().orElseThrow().tables()).isEqualTo(Map.of("wide_vendas", "r2"));

    // A rollback goes back to the previous gold run as readers last saw it (with its forecasts),
    // not to the same run without the models' tables.
    version("previsao_vendas", "f3");
    GoldSnapshot r2 =
        snapshots.extend(snapshots.current().orElseThrow(), Map.of("previsao_vendas", "f3"));
    assertThat(r2.history().get(0).run()).isEqualTo("r2");
    GoldSnapshot back = snapshots.rollback(null);
    assertThat(back.run()).isEqualTo("r1");
    assertThat(back.tables()).isEqualTo(Map.of("wide_vendas", "r1", "previsao_vendas", "f2"));
    // Keeping one run keeps every snapshot of it: r1's older forecast f1 stays (versions newer
    // than the current one, r2's, are never deleted: they may be a run in progress).
    assertThat(snapshots.deleteOldVersions(1, java.time.Duration.ZERO)).isEmpty();

    // A version that has no _pointer.json is never named.
    assertThatThrownBy(
            () ->
                snapshots.extend(
                    snapshots.current().orElseThrow(), Map.of("previsao_vendas", "missing")))
        .hasMessageContaining("no _pointer.json");
  }
}
