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
 * @param parts the requests' events it carries (one part for a version 1 body)
 * @param message the message, to acknowledge (delete) once landed
 * @param acknowledgement the acknowledgement of the batch it came in
 * @param visibility to keep it hidden while the store is retried
 * @param heldSince when the lander took it ({@link System#nanoTime()})
 * @param done completes when it is landed and deleted (a graceful stop waits on it)
 */
record Held(
    String messageId,
    Instant sentAt,
    List<Part> parts,
    Message<String> message,
    BatchAcknowledgement<String> acknowledgement,
    Visibility visibility,
    long heldSince,
    CompletableFuture<Void> done) {

  /** When the API received the earliest of its requests. */
  Instant receivedAt() {
    Instant earliest = parts.get(0).receivedAt();
    for (Part part : parts) {
      earliest = part.receivedAt().isBefore(earliest) ? part.receivedAt() : earliest;
    }
    return earliest;
  }

  /** How many events its parts hold. */
  int events() {
    int events = 0;
    for (Part part : parts) {
      events += part.events().size();
    }
    return events;
  }

  /**
   * The events of one request in a message.
   *
   * @param apiKeyId the name of the key that sent them
   * @param receivedAt when the API received them
   * @param events the events, as posted
   */
  record Part(String apiKeyId, Instant receivedAt, List<ObjectNode> events) {}
}
