package com.salestech.lake;

import com.salestech.lake.s3.S3LakeStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The lake contract on LocalStack's S3, where a Docker engine runs; skipped without one (the same
 * contract runs on the embedded server in {@link EmbeddedS3LakeIntegrationTests}).
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLakeIntegrationTests extends LakeStorageContract {

  @Container
  static final LocalStackContainer localstack =
      new LocalStackContainer("localstack/localstack:4.4").withServices("s3");

  static S3Client s3;
  static LakeStorage storage;

  @BeforeAll
  static void connect() {
    s3 =
        S3Client.builder()
            .endpointOverride(localstack.getEndpoint())
            .region(Region.of(localstack.getRegion()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        localstack.getAccessKey(), localstack.getSecretKey())))
            .build();
    storage = new S3LakeStorage(s3);
    for (String bucket : new String[] {"sales-tech-brz", "sales-tech-slv", "sales-tech-gld"}) {
      storage.ensureBucket(bucket);
    }
  }

  @AfterAll
  static void disconnect() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  LakeStorage storage() {
    return storage;
  }
}
