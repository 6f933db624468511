package com.salestech.ingest.lander;

import com.salestech.model.event.BronzeEventLine;
import com.salestech.model.lake.LakeLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One bronze event object: the events of the messages of one flush, as gzip'd NDJSON, under a key
 * derived from those messages alone, so storing the same messages again (a retry, a redelivery
 * after a crash before the delete) finds the same key and lands nothing twice.
 *
 * <p>Key: {@code <bronze events prefix of D><yyyyMMdd'T'HHmmssSSS of the earliest
 * receivedAt>-<first 16 hex of SHA-256 over the sorted message ids joined by '\n'>.ndjson.gz}, D
 * the UTC date of that earliest {@code receivedAt}.
 *
 * @param key the object key in the bronze bucket
 * @param content the gzip'd lines
 * @param events the number of lines
 */
record BronzeObject(String key, byte[] content, int events) {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS").withZone(ZoneOffset.UTC);

  static BronzeObject of(List<Held> messages, LakeLayout layout, JsonMapper json) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a bronze object holds at least one message");
    }
    Instant earliest =
        messages.stream().map(Held::receivedAt).min(Comparator.naturalOrder()).orElseThrow();
    String key =
        layout.bronzeEventsPrefix(earliest.atZone(ZoneOffset.UTC).toLocalDate())
            + STAMP.format(earliest)
            + "-"
            + idsHash(messages)
            + BronzeEventLine.SUFFIX;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int events = 0;
    try (GZIPOutputStream gzip = fastGzip(bytes)) {
      for (Held held : messages) {
        for (Held.Part part : held.parts()) {
          String receivedAt = part.receivedAt().toString();
          for (ObjectNode event : part.events()) {
            // In place: each held event is written once (a store retry reuses these bytes).
            ObjectNode line = event;
            line.put(BronzeEventLine.RECEIVED_AT, receivedAt);
            line.put(BronzeEventLine.API_KEY_ID, part.apiKeyId());
            line.put(BronzeEventLine.MESSAGE_ID, held.messageId());
            gzip.write(json.writeValueAsBytes(line));
            gzip.write('\n');
            events++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot gzip the bronze object " + key, e);
    }
    return new BronzeObject(key, bytes.toByteArray(), events);
  }

  /**
   * The fastest deflate level: the lander's CPU is the scarce thing at intake rates, and level 1
   * still shrinks these lines several times over.
   */
  private static GZIPOutputStream fastGzip(ByteArrayOutputStream bytes) throws IOException {
    return new GZIPOutputStream(bytes, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
  }

  static String idsHash(List<Held> messages) {
    String joined = String.join("\n", messages.stream().map(Held::messageId).sorted().toList());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
