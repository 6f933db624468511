package com.salestech.ingest;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.await;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.bronzeLines;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The main flows on LocalStack's SQS and S3, a configured endpoint like Amazon's: the queues and
 * buckets exist before the start, as they must. Skipped without a Docker engine; the same flows run
 * on the embedded servers in the other integration tests.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"salestech.ingest.lander.max-wait=300ms"})
class LocalStackIngestIntegrationTests {

  @Container
  static final LocalStackContainer localstack =
      new LocalStackContainer("localstack/localstack:4.4").withServices("sqs", "s3");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    prepare();
    registry.add("spring.cloud.aws.endpoint", () -> localstack.getEndpoint().toString());
    registry.add("spring.cloud.aws.region.static", localstack::getRegion);
    registry.add("spring.cloud.aws.credentials.access-key", localstack::getAccessKey);
    registry.add("spring.cloud.aws.credentials.secret-key", localstack::getSecretKey);
    registry.add("salestech.data-dir", () -> IngestTestSupport.newDataDir("ingest-localstack"));
  }

  /** What an operator creates beforehand on AWS: the buckets, the DLQ, the queue with redrive. */
  static void prepare() {
    var credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
    try (S3Client s3 =
            S3Client.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .build();
        SqsClient sqs =
            SqsClient.builder()
                .endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion()))
                .credentialsProvider(credentials)
                .build()) {
      for (String bucket : List.of("sales-tech-brz", "sales-tech-slv", "sales-tech-gld")) {
        s3.createBucket(r -> r.bucket(bucket));
      }
      String dlq = sqs.createQueue(r -> r.queueName("sales-events-dlq")).queueUrl();
      String arn =
          sqs.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      sqs.createQueue(
          r ->
              r.queueName("sales-events")
                  .attributes(
                      Map.of(
                          QueueAttributeName.REDRIVE_POLICY,
                          "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"5\"}")));
    }
  }

  @LocalServerPort int port;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;

  @Test
  void acceptedEventsLandInBronzeOnce() {
    UUID id = UUID.randomUUID();
    HttpResponse<String> one = post(port, "/api/v1/sales", DEV_KEY, event(id, 1));
    assertThat(one.statusCode()).as(one.body()).isEqualTo(202);
    HttpResponse<String> many =
        post(port, "/api/v1/sales/batch", DEV_KEY, batch(List.of(event(2), event(3), event(4))));
    assertThat(many.statusCode()).as(many.body()).isEqualTo(202);

    await(Duration.ofSeconds(30), () -> bronzeLines(storage, layout).size() == 4, "4 lines");
    assertThat(bronzeLines(storage, layout))
        .anySatisfy(l -> assertThat(l).containsEntry("eventId", id.toString()));
  }

  @Test
  void anInvalidEventIsRefusedBeforeTheQueue() {
    HttpResponse<String> response = post(port, "/api/v1/sales", DEV_KEY, "{\"saleId\":1}");
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
