package com.salestech.ingest;

import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.model.event.BronzeEventLine;
import com.salestech.model.lake.LakeLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.json.JsonMapper;

/** Shared by the ingest tests: requests, events, bronze read back. */
public final class IngestTestSupport {

  public static final String DEV_KEY = "st-local-dev-key-change-me";
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private IngestTestSupport() {}

  public static Path newDataDir(String name) {
    try {
      return Files.createTempDirectory("salestech-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid event, as a shop system sends it. */
  public static String event(UUID eventId, long saleId) {
    return "{\"eventId\":\""
        + eventId
        + "\",\"saleId\":"
        + saleId
        + ",\"customerId\":7,\"storeId\":3,\"productId\":5,\"soldAt\":\"2026-05-31T14:03:00Z\","
        + "\"quantity\":2,\"promotion\":true,\"paidAt\":\"2026-06-01\"}";
  }

  public static String event(long saleId) {
    return event(UUID.randomUUID(), saleId);
  }

  public static String batch(List<String> events) {
    return "[" + String.join(",", events) + "]";
  }

  public static HttpResponse<String> post(int port, String path, String key, String body) {
    return post(port, path, key, body, "application/json");
  }

  public static HttpResponse<String> post(
      int port, String path, String key, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> json(String body) {
    return JSON.readValue(body, Map.class);
  }

  /** Every bronze event object, in key order. */
  public static List<LakeObject> bronzeObjects(LakeStorage storage, LakeLayout layout) {
    return storage
        .list(layout.bronze().bucket(), layout.bronze().key("events/"))
        // The embedded store lists an object being written under a temporary name beside it.
        .filter(o -> o.key().endsWith(BronzeEventLine.SUFFIX))
        .toList();
  }

  /** Every line of every bronze event object, parsed, in key order. */
  public static List<Map<String, Object>> bronzeLines(LakeStorage storage, LakeLayout layout) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (LakeObject object : bronzeObjects(storage, layout)) {
      lines.addAll(linesOf(storage, layout.bronze().bucket(), object.key()));
    }
    return lines;
  }

  /** The lines of one bronze event object, parsed. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> linesOf(LakeStorage storage, String bucket, String key) {
    List<Map<String, Object>> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(storage.open(bucket, key)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(JSON.readValue(line, Map.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  public static void await(Duration timeout, BooleanSupplier condition, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
