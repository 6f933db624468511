package com.salestech.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.s3.S3LakeStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The lake contract on the embedded S3Proxy, plus what only a local server lets us check. */
class EmbeddedS3LakeIntegrationTests extends LakeStorageContract {

  @TempDir static Path dir;
  static EmbeddedS3Server server;
  static S3Client s3;
  static LakeStorage storage;

  @BeforeAll
  static void startServer() {
    server =
        EmbeddedS3Server.start(
            dir.resolve("lake"),
            "127.0.0.1",
            0,
            "k",
            "s",
            List.of("sales-tech-brz", "sales-tech-slv", "sales-tech-gld"));
    s3 = client(server, 3);
    storage = new S3LakeStorage(s3);
  }

  static S3Client client(EmbeddedS3Server server, int attempts) {
    return S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(attempts)))
        .build();
  }

  @AfterAll
  static void stopServer() {
    s3.close();
    server.close();
  }

  @Override
  LakeStorage storage() {
    return storage;
  }

  @Test
  void theEmbeddedServerKeepsObjectsAsPlainFilesThatDuckDbReads() throws Exception {
    String key = "produtos/v=duck/part-00000.parquet";
    writeSample(key);
    Path file = dir.resolve("lake/sales-tech-slv").resolve(key);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT sum(valor), typeof(sum(valor)), min(dia), typeof(min(dia)),"
                    + " count(nome) FROM read_parquet('"
                    + file
                    + "')")) {
      rs.next();
      assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("751740.00");
      assertThat(rs.getString(2)).isEqualTo("DECIMAL(38,2)");
      assertThat(rs.getString(3)).isEqualTo("2018-01-02");
      assertThat(rs.getString(4)).isEqualTo("DATE");
      assertThat(rs.getLong(5)).isEqualTo(500);
    }
  }

  @Test
  void aDirectoryGivenWithDotsServesObjects() {
    // the default is ./data/lake: S3Proxy refuses paths that are not normalised
    EmbeddedS3Server dotted =
        EmbeddedS3Server.start(
            dir.resolve(".").resolve("dotted"), "127.0.0.1", 0, "k", "s", List.of("dotted-bucket"));
    S3Client client = client(dotted, 1);
    LakeStorage store = new S3LakeStorage(client);
    store.put("dotted-bucket", "some/key", new byte[] {7}, "x");
    assertThat(store.readIfExists("dotted-bucket", "some/key")).hasValue(new byte[] {7});
    client.close();
    dotted.close();
  }

  @Test
  void aStoppedStoreIsAnErrorThatNamesTheObject() {
    EmbeddedS3Server other =
        EmbeddedS3Server.start(dir.resolve("other"), "127.0.0.1", 0, "k", "s", List.of("b"));
    S3Client client = client(other, 1);
    other.close();
    LakeStorage down = new S3LakeStorage(client);
    assertThatThrownBy(() -> down.put("b", "some/key", new byte[1], "x"))
        .isInstanceOf(LakeStorageException.class)
        .hasMessageContaining("s3://b/some/key");
    client.close();
  }
}
