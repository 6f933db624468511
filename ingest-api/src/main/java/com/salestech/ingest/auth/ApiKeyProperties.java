package com.salestech.ingest.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may post events. Keys are configured as the SHA-256 of the key, never the key itself, so the
 * configuration can be read by anyone who deploys the service.
 *
 * @param keys the accepted keys; the {@code local} profile adds the development key
 * @param rateLimit the events per second each key may post
 */
@Validated
@ConfigurationProperties("salestech.ingest.auth")
public record ApiKeyProperties(
    @DefaultValue @Valid List<Key> keys, @DefaultValue @Valid RateLimit rateLimit) {

  /**
   * One API key.
   *
   * @param name stored with each event in bronze ({@code apiKeyId}) and used as the metrics tag;
   *     never the key
   * @param sha256 lowercase hex SHA-256 of the key as sent in {@code X-API-Key} ({@code printf %s
   *     "$KEY" | sha256sum})
   * @param revoked a revoked key is refused with a 401 that says so
   * @param eventsPerSecond this key's own sustained rate; the shared {@code rate-limit} when unset
   * @param burst this key's own burst; the shared {@code rate-limit} when unset
   */
  public record Key(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
      @NotBlank @Pattern(regexp = "[0-9a-f]{64}") String sha256,
      @DefaultValue("false") boolean revoked,
      @Min(1) Long eventsPerSecond,
      @Min(1) Long burst) {}

  /**
   * A token bucket per key, counted in events (a batch of 100 takes 100).
   *
   * @param eventsPerSecond sustained events per second per key
   * @param burst events a key may post at once after being idle; at least the largest batch
   */
  public record RateLimit(
      @DefaultValue("50000") @Min(1) long eventsPerSecond,
      @DefaultValue("100000") @Min(1) long burst) {}

  public ApiKeyProperties {
    keys = keys == null ? List.of() : List.copyOf(keys);
  }

  @NotNull
  public List<Key> keys() {
    return keys;
  }
}
