package com.salestech.ingest.queue;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * An ElasticMQ on loopback and a client for it, one per queue test class: {@code @RegisterExtension
 * static final LocalQueue queue = new LocalQueue();}.
 */
final class LocalQueue implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedSqs server;
  private SqsAsyncClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = EmbeddedSqs.start("127.0.0.1", 0);
    client =
        SqsAsyncClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
  }

  SqsAsyncClient client() {
    return client;
  }

  /** The defaults, but for the queue's name. */
  static QueueProperties properties(String name) {
    return properties(name, 262_144, true, 4, Duration.ofMillis(5));
  }

  static QueueProperties properties(
      String name, int maxBatchBytes, boolean combine, int senders, Duration linger) {
    return new QueueProperties(
        name,
        name + "-dlq",
        5,
        Duration.ofSeconds(60),
        250_000,
        maxBatchBytes,
        combine,
        4,
        Duration.ofMillis(50),
        Duration.ofSeconds(3),
        senders,
        linger,
        200,
        Duration.ofSeconds(5),
        new QueueProperties.Embedded(true, "127.0.0.1", 0));
  }
}
