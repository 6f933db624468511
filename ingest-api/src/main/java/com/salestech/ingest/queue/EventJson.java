package com.salestech.ingest.queue;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reader and writer of events, on both sides of the queue. Decimals stay {@code
 * BigDecimal} (so {@code 1.0} is not an integer, and {@code 9.90} is written back as sent); a
 * repeated field is an error rather than a silent last-wins. Kept apart from the application's own
 * mapper, which serves the responses.
 */
public final class EventJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private EventJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }
}
