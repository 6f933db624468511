package com.salestech.etl;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** An ElasticMQ on a free loopback port with these queues, for the gold partitions' tests. */
public final class EmbeddedQueue implements AutoCloseable {

  private final SQSRestServer server;
  private final String endpoint;

  private EmbeddedQueue(SQSRestServer server, String endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  public static EmbeddedQueue start(String... queues) {
    SQSRestServer server =
        SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
    try (SqsClient client =
        SqsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build()) {
      for (String queue : queues) {
        client.createQueue(r -> r.queueName(queue));
      }
    }
    return new EmbeddedQueue(server, endpoint);
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
