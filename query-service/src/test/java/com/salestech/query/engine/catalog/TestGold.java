package com.salestech.query.engine.catalog;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.s3.S3LakeStorage;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gold snapshots for engine tests that need pointers but no data: every table's {@code
 * _pointer.json} for a version (wide_vendas with files in two months) and the {@code
 * _snapshot.json} naming them, in an embedded S3 server.
 */
public final class TestGold implements AutoCloseable {

  public final LakeLayout layout = LakeLayout.defaults();
  private final EmbeddedS3Server server;
  private final S3Client s3;
  public final LakeStorage storage;
  public final TableVersions versions;
  public final GoldSnapshots snapshots;

  public TestGold(Path dir) {
    server = EmbeddedS3Server.start(dir, "127.0.0.1", 0, "k", "s", List.of(layout.gold().bucket()));
    s3 =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .build();
    storage = new S3LakeStorage(s3);
    versions = new TableVersions(storage, layout);
    snapshots = new GoldSnapshots(storage, versions);
  }

  /** Publishes a snapshot whose six tables are all at {@code version}. */
  public GoldSnapshot publish(String run, String version) {
    Map<String, String> tables = new TreeMap<>();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      String name = table.tableName();
      List<DataFile> files = new ArrayList<>();
      if (table.partitionColumns().isEmpty()) {
        files.add(new DataFile(layout.dataFileKey(Layer.GOLD, name, version, null, 0), 5, 500));
      } else {
        for (String month : List.of("2024-02", "2024-01", "2024-03")) {
          files.add(
              new DataFile(
                  layout.dataFileKey(Layer.GOLD, name, version, "mes_venda=" + month, 0), 5, 500));
        }
      }
      versions.writeManifest(
          Layer.GOLD,
          new CurrentPointer(
              name,
              version,
              Instant.now(),
              5L * files.size(),
              files,
              table.partitionColumns(),
              JsonMapper.shared().readTree(table.schema().toString())));
      tables.put(name, version);
    }
    return snapshots.commit(new GoldSnapshot(run, Instant.now(), tables, Map.of()));
  }

  @Override
  public void close() {
    s3.close();
    server.close();
  }
}
