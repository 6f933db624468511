package com.salestech.ingest.lander;

import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;

/**
 * Deletes through the listener's manual acknowledgements, per poll batch. The container is set to
 * acknowledge at once (no interval, no threshold), so each call becomes its own {@code
 * DeleteMessageBatch}; failures also reach {@link LanderConfiguration}'s result callback.
 */
class AcknowledgingDeleter implements MessageDeleter {

  @Override
  public CompletableFuture<Void> delete(List<Held> messages) {
    Map<BatchAcknowledgement<String>, List<Message<String>>> byBatch = new IdentityHashMap<>();
    for (Held held : messages) {
      byBatch.computeIfAbsent(held.acknowledgement(), a -> new ArrayList<>()).add(held.message());
    }
    List<CompletableFuture<Void>> deletes = new ArrayList<>(byBatch.size());
    byBatch.forEach((ack, batch) -> deletes.add(ack.acknowledgeAsync(batch)));
    return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
  }
}
