package com.salestech.ingest.queue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SQS queue between the API and the lander.
 *
 * @param name the queue the API sends to and the lander drains (a standard queue)
 * @param deadLetterName its dead-letter queue: where a message goes after {@code maxReceiveCount}
 *     receives without being deleted
 * @param maxReceiveCount receives before SQS moves a message to the dead-letter queue; used when
 *     the embedded queue is created (a configured queue keeps its own redrive policy)
 * @param visibilityTimeout how long a received message stays hidden; the lander extends it while it
 *     holds or retries a message
 * @param maxMessageBytes the largest message body the API sends, in UTF-8 bytes; SQS allows 256 KiB
 *     including attributes, so this leaves room for them
 * @param maxBatchBytes the most one {@code SendMessageBatch} carries, message bodies and their
 *     attributes together, in UTF-8 bytes: Amazon SQS refuses a call over 256 KiB (262,144) in all;
 *     at least {@code maxMessageBytes} and 256 bytes of attributes
 * @param combineRequests whether bodies of concurrent requests may travel in one message (a version
 *     2 envelope); turn off while landers older than this one still drain the queue
 * @param sendAttempts attempts per message before its events are answered {@code unavailable}
 * @param sendBackoff wait before the second attempt, doubled before each next one
 * @param sendTimeout the longest a request waits for the queue before its events are {@code
 *     unavailable}
 * @param senderThreads {@code SendMessageBatch} calls in flight at once; one sender collects the
 *     next call while the others wait for theirs
 * @param sendLinger the shortest time between the starts of two calls: under load a call carries
 *     what came during it, after a quiet spell a request is sent at once (trades a few milliseconds
 *     under load for far fewer SQS calls and messages)
 * @param maxConnections connections the SQS client may open: the lander's long polls, the sends,
 *     deletes and visibility changes share them (the SDK's default of 50 starves the sends)
 * @param depthRefresh how often the queue depth gauges and the readiness check ask SQS
 * @param embedded the local queue server started when no SQS endpoint is configured
 */
@Validated
@ConfigurationProperties("salestech.ingest.queue")
public record QueueProperties(
    @DefaultValue("sales-events") @NotBlank String name,
    @DefaultValue("sales-events-dlq") @NotBlank String deadLetterName,
    @DefaultValue("5") @Min(1) @Max(1000) int maxReceiveCount,
    @DefaultValue("60s") @NotNull Duration visibilityTimeout,
    @DefaultValue("250000") @Min(1024) @Max(262143) int maxMessageBytes,
    @DefaultValue("262144") @Min(1280) @Max(1048576) int maxBatchBytes,
    @DefaultValue("true") boolean combineRequests,
    @DefaultValue("4") @Min(1) int sendAttempts,
    @DefaultValue("50ms") @NotNull Duration sendBackoff,
    @DefaultValue("3s") @NotNull Duration sendTimeout,
    @DefaultValue("4") @Min(1) @Max(256) int senderThreads,
    @DefaultValue("5ms") @NotNull Duration sendLinger,
    @DefaultValue("200") @Min(10) int maxConnections,
    @DefaultValue("5s") @NotNull Duration depthRefresh,
    @DefaultValue @Valid Embedded embedded) {

  public QueueProperties {
    if (maxBatchBytes < maxMessageBytes + QueueSender.ATTRIBUTE_ALLOWANCE) {
      throw new IllegalArgumentException(
          "salestech.ingest.queue.max-batch-bytes ("
              + maxBatchBytes
              + ") must be at least max-message-bytes ("
              + maxMessageBytes
              + ") + "
              + QueueSender.ATTRIBUTE_ALLOWANCE);
    }
  }

  /**
   * The embedded ElasticMQ.
   *
   * @param enabled start it when neither {@code spring.cloud.aws.sqs.endpoint} nor {@code
   *     spring.cloud.aws.endpoint} is set; turn off where a real queue must be configured
   * @param host interface to listen on; loopback by default
   * @param port port to listen on; 0 picks a free one (the endpoint is logged)
   */
  public record Embedded(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("127.0.0.1") @NotBlank String host,
      @DefaultValue("0") @Min(0) @Max(65535) int port) {}
}
