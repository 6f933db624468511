package com.salestech.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue set-up against a real ElasticMQ: created when embedded, required when configured. */
class QueuesIntegrationTests {

  static EmbeddedSqs server;
  static SqsAsyncClient sqs;

  @BeforeAll
  static void start() {
    server = EmbeddedSqs.start("127.0.0.1", 0);
    sqs =
        SqsAsyncClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .build();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    server.close();
  }

  static QueueProperties properties(String name) {
    return new QueueProperties(
        name,
        name + "-dlq",
        5,
        Duration.ofSeconds(60),
        250_000,
        262_144,
        true,
        4,
        Duration.ofMillis(50),
        Duration.ofSeconds(3),
        4,
        Duration.ofMillis(2),
        200,
        Duration.ofSeconds(5),
        new QueueProperties.Embedded(true, "127.0.0.1", 0));
  }

  @Test
  void aConfiguredEndpointWithoutTheQueuesFailsNamingTheQueue() throws Exception {
    assertThatThrownBy(() -> new Queues(sqs, properties("absent"), false))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("queue absent-dlq does not exist at the configured SQS endpoint");

    sqs.createQueue(r -> r.queueName("half-dlq")).get();
    assertThatThrownBy(() -> new Queues(sqs, properties("half"), false))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("queue half does not exist");
  }

  @Test
  void theEmbeddedQueueIsCreatedWithItsDeadLetterQueueAfterFiveReceives() {
    Queues queues = new Queues(sqs, properties("made"), true);

    String arn =
        queues
            .attributes(queues.deadLetterUrl(), QueueAttributeName.QUEUE_ARN)
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    var main =
        queues
            .attributes(
                queues.url(),
                QueueAttributeName.REDRIVE_POLICY,
                QueueAttributeName.VISIBILITY_TIMEOUT)
            .attributes();
    assertThat(main.get(QueueAttributeName.REDRIVE_POLICY))
        .contains("\"deadLetterTargetArn\":\"" + arn + "\"")
        .contains("\"maxReceiveCount\":5");
    assertThat(main.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("60");
    // Configured mode now finds them.
    assertThat(new Queues(sqs, properties("made"), false).url()).isEqualTo(queues.url());
  }
}
