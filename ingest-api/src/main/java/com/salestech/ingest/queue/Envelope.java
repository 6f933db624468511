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
 * as posted. The version lets a lander refuse a body it does not know instead of guessing.
 *
 * @param apiKeyId the name of the API key that sent the request
 * @param receivedAt when the API received the request
 * @param events the events' JSON objects, UTF-8
 */
public record Envelope(String apiKeyId, Instant receivedAt, List<byte[]> events) {

  public static final int VERSION = 1;

  /** One message body and how many events it carries. */
  public record Body(String text, int events) {}

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
    return new Body(current.toString(StandardCharsets.UTF_8), count);
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
