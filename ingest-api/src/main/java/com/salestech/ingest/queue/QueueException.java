package com.salestech.ingest.queue;

/** The queue failed or is missing; the message names the queue. */
public class QueueException extends RuntimeException {

  public QueueException(String message) {
    super(message);
  }

  public QueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
