package com.salestech.ingest.queue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of one SQS message: several events of one request, with what the API knows of them.
 * Version 1 is {@code {"v":1,"apiKeyId":…,"receivedAt":…,"events":[…]}}, each event the JSON object
 * as posted. Version 2 carries the version 1 envelopes of several requests, {@code
 * {"v":2,"parts":[{"v":1,…},{"v":1,…}]}}: the sender {@linkplain #combine combines} what concurrent
 * requests wait to send, so a thousand single-event requests need not be a thousand messages. The
 * version lets a lander refuse a body it does not know instead of guessing.
 *
 * @param apiKeyId the name of the API key that sent the request
 * @param receivedAt when the API received the request
 * @param events the events' JSON objects, UTF-8
 */
public record Envelope(String apiKeyId, Instant receivedAt, List<byte[]> events) {

  public static final int VERSION = 1;

  /** The version of a body that carries the envelopes of several requests. */
  public static final int COMBINED_VERSION = 2;

  private static final String COMBINED_HEAD = "{\"v\":" + COMBINED_VERSION + ",\"parts\":[";
  private static final String COMBINED_TAIL = "]}";

  /**
   * One message body, how many events it carries and its length in UTF-8 bytes.
   *
   * @param text the body
   * @param events the events in it
   * @param bytes its length in UTF-8 bytes (what SQS counts)
   */
  public record Body(String text, int events, int bytes) {}

  /**
   * One body carrying the given version 1 bodies: the body itself when there is one, otherwise a
   * version 2 body of {@link #combinedBytes} bytes.
   */
  public static Body combine(List<Body> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to combine");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int bytes = combinedBytes(parts.size(), totalBytes(parts));
    StringBuilder text = new StringBuilder(bytes);
    text.append(COMBINED_HEAD);
    int events = 0;
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(parts.get(i).text());
      events += parts.get(i).events();
    }
    text.append(COMBINED_TAIL);
    return new Body(text.toString(), events, bytes);
  }

  /** The UTF-8 length of {@link #combine} of {@code parts} bodies of {@code partBytes} in all. */
  public static int combinedBytes(int parts, int partBytes) {
    return parts <= 1
        ? partBytes
        : COMBINED_HEAD.length() + partBytes + (parts - 1) + COMBINED_TAIL.length();
  }

  private static int totalBytes(List<Body> parts) {
    int bytes = 0;
    for (Body part : parts) {
      bytes += part.bytes();
    }
    return bytes;
  }

  /**
   * Packs events into as few bodies as fit {@code maxBytes} UTF-8 bytes each, in order. An event
   * that cannot fit a body alone has been refused before: {@link #fits}.
   */
  public static List<Body> pack(
      JsonMapper json, String apiKeyId, Instant receivedAt, List<byte[]> events, int maxBytes) {
    byte[] head = head(json, apiKeyId, receivedAt);
    List<Body> bodies = new ArrayList<>();
    ByteArrayOutputStream current = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
    int count = 0;
    for (byte[] event : events) {
      // head + events separated by commas + "]}"
      int needed = (count == 0 ? head.length : current.size() + 1) + event.length + 2;
      if (count > 0 && needed > maxBytes) {
        bodies.add(close(current, count));
        current.reset();
        count = 0;
      }
      if (count == 0) {
        current.writeBytes(head);
      } else {
        current.write(',');
      }
      current.writeBytes(event);
      count++;
    }
    if (count > 0) {
      bodies.add(close(current, count));
    }
    return bodies;
  }

  /** Whether one event fits a body on its own. */
  public static boolean fits(
      JsonMapper json, String apiKeyId, Instant receivedAt, byte[] event, int maxBytes) {
    return head(json, apiKeyId, receivedAt).length + event.length + 2 <= maxBytes;
  }

  private static Body close(ByteArrayOutputStream current, int count) {
    current.write(']');
    current.write('}');
    return new Body(current.toString(StandardCharsets.UTF_8), count, current.size());
  }

  private static byte[] head(JsonMapper json, String apiKeyId, Instant receivedAt) {
    return ("{\"v\":"
            + VERSION
            + ",\"apiKeyId\":"
            + json.writeValueAsString(apiKeyId)
            + ",\"receivedAt\":\""
            + receivedAt
            + "\",\"events\":[")
        .getBytes(StandardCharsets.UTF_8);
  }
}
