package com.salestech.etl.gold;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQS queue of the gold build's partition requests: the manager sends one per partition, a
 * worker takes one, keeps it hidden from the others while it builds (its lease), and deletes it
 * when the partition has ended.
 */
final class PartitionQueue {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A request's body: the partition's step execution, and the worker step that builds it. */
  record Request(String stepName, long stepExecutionId) {}

  /** A taken request, with how many times the queue has handed it out so far. */
  record Taken(Message message, Request request, int takes) {}

  private final SqsClient sqs;
  private final String name;
  private volatile String url;

  PartitionQueue(SqsClient sqs, String name) {
    this.sqs = sqs;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The queue's URL; a missing queue is a configuration error that names the queue. */
  String url() {
    String known = url;
    if (known == null) {
      try {
        known = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
      } catch (QueueDoesNotExistException e) {
        throw new IllegalStateException(
            "the SQS queue "
                + name
                + " of the gold partitions does not exist: create it (README, Batch beyond one"
                + " machine) or name another with salestech.gold.remote.queue",
            e);
      }
      url = known;
    }
    return known;
  }

  void send(Request request) {
    String body = JSON.writeValueAsString(request);
    sqs.sendMessage(r -> r.queueUrl(url()).messageBody(body));
  }

  /**
   * Waits up to {@code wait} for requests and takes at most {@code max} of them for a lease; a
   * message that is not a request is returned with a null request, to be deleted.
   */
  List<Taken> take(int max, Duration lease, Duration wait) {
    return sqs
        .receiveMessage(
            r ->
                r.queueUrl(url())
                    .maxNumberOfMessages(max)
                    .visibilityTimeout((int) lease.toSeconds())
                    .waitTimeSeconds((int) wait.toSeconds())
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages()
        .stream()
        .map(
            m ->
                new Taken(
                    m,
                    parse(m.body()),
                    Integer.parseInt(
                        m.attributes()
                            .getOrDefault(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))))
        .toList();
  }

  private static Request parse(String body) {
    try {
      Request request = JSON.readValue(body, Request.class);
      return request.stepName() == null ? null : request;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Extends a taken request's lease by {@code lease} from now; zero gives it back at once. */
  void extend(Taken taken, Duration lease) {
    sqs.changeMessageVisibility(
        r ->
            r.queueUrl(url())
                .receiptHandle(taken.message().receiptHandle())
                .visibilityTimeout((int) lease.toSeconds()));
  }

  void delete(Taken taken) {
    sqs.deleteMessage(r -> r.queueUrl(url()).receiptHandle(taken.message().receiptHandle()));
  }
}
