package com.salestech.ingest.lander;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes landed messages from the queue. A seam of its own because the one failure no server can
 * stage, a lander dying between the store and the delete, is staged by a test through it.
 */
interface MessageDeleter {

  CompletableFuture<Void> delete(List<Held> messages);
}
