package com.salestech.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** The configured keys, looked up by the SHA-256 of what a request presents. */
public class ApiKeys {

  /**
   * The development key of the {@code local} profile. It is public (README), so any other profile
   * refuses to start while its hash is configured.
   */
  public static final String DEVELOPMENT_KEY = "st-local-dev-key-change-me";

  public static final String DEVELOPMENT_KEY_SHA256 = sha256(DEVELOPMENT_KEY);

  /** What a presented key is. */
  public sealed interface Lookup {
    record Known(ApiKey key) implements Lookup {}

    record Revoked(String name) implements Lookup {}

    record Unknown() implements Lookup {}
  }

  private final Map<String, ApiKeyProperties.Key> byHash = new HashMap<>();

  public ApiKeys(ApiKeyProperties properties) {
    for (ApiKeyProperties.Key key : properties.keys()) {
      if (byHash.put(key.sha256(), key) != null) {
        throw new IllegalStateException(
            "salestech.ingest.auth.keys: two keys have the same sha256 (one named "
                + key.name()
                + ")");
      }
    }
  }

  public Lookup lookup(String presented) {
    if (presented == null || presented.isBlank()) {
      return new Lookup.Unknown();
    }
    ApiKeyProperties.Key key = byHash.get(sha256(presented.strip()));
    if (key == null) {
      return new Lookup.Unknown();
    }
    return key.revoked()
        ? new Lookup.Revoked(key.name())
        : new Lookup.Known(new ApiKey(key.name()));
  }

  /** The configured development key, when it is configured and not revoked. */
  public Optional<String> developmentKeyName() {
    ApiKeyProperties.Key key = byHash.get(DEVELOPMENT_KEY_SHA256);
    return key == null || key.revoked() ? Optional.empty() : Optional.of(key.name());
  }

  public boolean isEmpty() {
    return byHash.isEmpty();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
