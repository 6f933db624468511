package com.salestech.ingest.lander;

import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;
import tools.jackson.databind.node.ObjectNode;

/**
 * A received message the lander holds until its events are in bronze.
 *
 * @param messageId the SQS message id, stored with each of its events
 * @param sentAt when SQS took it (for the age of the oldest message)
 * @param receivedAt when the API received the earliest of its requests
 * @param parts the requests' events it carries (one part for a version 1 body)
 * @param events how many events its parts hold
 * @param message the message, to acknowledge (delete) once landed
 * @param acknowledgement the acknowledgement of the batch it came in
 * @param visibility to keep it hidden while the store is retried
 * @param heldSince when the lander took it ({@link System#nanoTime()})
 * @param done completes when it is landed and deleted (a graceful stop waits on it)
 */
record Held(
    String messageId,
    Instant sentAt,
    Instant receivedAt,
    List<Part> parts,
    int events,
    Message<String> message,
    BatchAcknowledgement<String> acknowledgement,
    Visibility visibility,
    long heldSince,
    CompletableFuture<Void> done) {

  /**
   * The events of one request in a message.
   *
   * @param apiKeyId the name of the key that sent them
   * @param receivedAt when the API received them
   * @param events the events, as posted
   */
  record Part(String apiKeyId, Instant receivedAt, List<ObjectNode> events) {}
}
