package com.salestech.ingest.queue;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The queue and its dead-letter queue, resolved at start. On the embedded server they are created
 * (the dead-letter queue first: the queue's redrive policy names its ARN); a configured endpoint
 * must already have both, and start-up fails naming the one that is missing.
 */
public class Queues {

  private static final Logger log = LoggerFactory.getLogger(Queues.class);
  private static final long TIMEOUT_SECONDS = 10;

  private final SqsAsyncClient sqs;
  private final QueueProperties properties;
  private final boolean create;
  private volatile String url;
  private volatile String deadLetterUrl;

  public Queues(SqsAsyncClient sqs, QueueProperties properties, boolean create) {
    this.sqs = sqs;
    this.properties = properties;
    this.create = create;
    resolve();
  }

  /** Resolves (or, on the embedded server, creates) both queues again: after a restart. */
  public final synchronized void resolve() {
    if (create) {
      deadLetterUrl = createQueue(properties.deadLetterName(), Map.of());
      String arn =
          attributes(deadLetterUrl, QueueAttributeName.QUEUE_ARN)
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String redrive =
          "{\"deadLetterTargetArn\":\""
              + arn
              + "\",\"maxReceiveCount\":\""
              + properties.maxReceiveCount()
              + "\"}";
      url =
          createQueue(
              properties.name(),
              Map.of(
                  QueueAttributeName.REDRIVE_POLICY,
                  redrive,
                  QueueAttributeName.VISIBILITY_TIMEOUT,
                  Long.toString(properties.visibilityTimeout().toSeconds())));
      log.info(
          "Created queue {} with dead-letter queue {} (after {} receives)",
          properties.name(),
          properties.deadLetterName(),
          properties.maxReceiveCount());
    } else {
      deadLetterUrl = existing(properties.deadLetterName());
      url = existing(properties.name());
    }
  }

  public String name() {
    return properties.name();
  }

  public String url() {
    return url;
  }

  public String deadLetterName() {
    return properties.deadLetterName();
  }

  public String deadLetterUrl() {
    return deadLetterUrl;
  }

  /** Asks SQS for some attributes of a queue, within a few seconds. */
  public GetQueueAttributesResponse attributes(String queueUrl, QueueAttributeName... names) {
    try {
      return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(names))
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueException("interrupted asking SQS about " + queueUrl, e);
    } catch (Exception e) {
      throw new QueueException("cannot read the attributes of queue " + queueUrl + ": " + e, e);
    }
  }

  private String createQueue(String name, Map<QueueAttributeName, String> attributes) {
    try {
      return sqs.createQueue(r -> r.queueName(name).attributes(attributes))
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .queueUrl();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueException("interrupted creating queue " + name, e);
    } catch (Exception e) {
      throw new QueueException("cannot create queue " + name + ": " + e, e);
    }
  }

  private String existing(String name) {
    try {
      return sqs.getQueueUrl(r -> r.queueName(name))
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .queueUrl();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueException("interrupted looking up queue " + name, e);
    } catch (Exception e) {
      Throwable cause = e instanceof CompletionException || e.getCause() != null ? e.getCause() : e;
      if (cause instanceof QueueDoesNotExistException) {
        throw new QueueException(
            "queue "
                + name
                + " does not exist at the configured SQS endpoint: create it (and its"
                + " dead-letter queue) before starting",
            cause);
      }
      throw new QueueException("cannot look up queue " + name + ": " + cause, cause);
    }
  }
}
