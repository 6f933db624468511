package com.salestech.model.event;

import java.util.Set;

/**
 * One line of a bronze event object ({@code <bronze
 * root>/events/ingest_date=YYYY-MM-DD/*.ndjson.gz}, gzip'd newline-delimited JSON): the event
 * object exactly as the shop system posted it, plus the fields below, added by the ingest API and
 * the lander. Senders may not use these names (the API refuses an event that carries one), so a
 * line always tells what was sent from what was added.
 */
public final class BronzeEventLine {

  /** When the ingest API accepted the event: an ISO-8601 instant. */
  public static final String RECEIVED_AT = "receivedAt";

  /** The name of the API key that sent it. */
  public static final String API_KEY_ID = "apiKeyId";

  /** The SQS message that carried it to the lander (several events share one message). */
  public static final String MESSAGE_ID = "sqsMessageId";

  /** The file name suffix of an event object. */
  public static final String SUFFIX = ".ndjson.gz";

  public static final Set<String> RESERVED = Set.of(RECEIVED_AT, API_KEY_ID, MESSAGE_ID);

  private BronzeEventLine() {}
}
