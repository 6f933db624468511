package com.salestech.ingest.api;

import static com.salestech.ingest.IngestTestSupport.DEV_KEY;
import static com.salestech.ingest.IngestTestSupport.JSON;
import static com.salestech.ingest.IngestTestSupport.batch;
import static com.salestech.ingest.IngestTestSupport.event;
import static com.salestech.ingest.IngestTestSupport.json;
import static com.salestech.ingest.IngestTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.ingest.IngestTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The intake's HTTP contract, as an API-only process (no lander) on the embedded queue: every rule
 * of DATA-CONTRACT §1.2, batches, limits, keys and the rate limit.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "salestech.ingest.lander.enabled=false",
      "salestech.ingest.auth.keys[0].name=local-dev",
      "salestech.ingest.auth.keys[0].sha256="
          + "ccb27e56a86bf54da6177595404ef31d731d44093c4da7fb3b342170056c63ff",
      "salestech.ingest.auth.keys[1].name=old-shop",
      "salestech.ingest.auth.keys[1].sha256="
          + "2522b895cd9725459e1cd0b3e939d837dac71eb060ff3d234e7b78b2eda1670f",
      "salestech.ingest.auth.keys[1].revoked=true",
      "salestech.ingest.auth.keys[2].name=slow-shop",
      "salestech.ingest.auth.keys[2].sha256="
          + "6d1f58334a12a3549c5e173407191607c3cee66e31cdf1e2e33a92959f50f79f",
      "salestech.ingest.auth.keys[2].events-per-second=1",
      "salestech.ingest.auth.keys[2].burst=3"
    })
class SalesApiIntegrationTests {

  static final Path DATA = IngestTestSupport.newDataDir("ingest-api");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  static Map<String, Object> valid() {
    return new LinkedHashMap<>(json(event(UUID.randomUUID(), 42)));
  }

  static Map<String, Object> with(String field, Object value) {
    Map<String, Object> event = valid();
    event.put(field, value);
    return event;
  }

  static Map<String, Object> without(String field) {
    Map<String, Object> event = valid();
    event.remove(field);
    return event;
  }

  static Stream<Arguments> brokenRules() {
    String future = Instant.now().plus(3, ChronoUnit.DAYS).toString();
    return Stream.of(
        Arguments.of(without("eventId"), "eventId", "missing_required"),
        Arguments.of(with("eventId", "not-a-uuid"), "eventId", "invalid_value"),
        Arguments.of(without("saleId"), "saleId", "missing_required"),
        Arguments.of(with("saleId", "12"), "saleId", "bad_integer"),
        Arguments.of(with("saleId", 0), "saleId", "bad_integer"),
        Arguments.of(with("saleId", 1.5), "saleId", "bad_integer"),
        Arguments.of(with("customerId", -1), "customerId", "bad_integer"),
        Arguments.of(without("customerId"), "customerId", "missing_required"),
        Arguments.of(with("storeId", 2147483648L), "storeId", "bad_integer"),
        Arguments.of(without("storeId"), "storeId", "missing_required"),
        Arguments.of(with("productId", 0), "productId", "bad_integer"),
        Arguments.of(without("productId"), "productId", "missing_required"),
        Arguments.of(without("soldAt"), "soldAt", "missing_required"),
        Arguments.of(with("soldAt", "31/05/2026"), "soldAt", "bad_date"),
        Arguments.of(with("soldAt", "2026-05-31T14:03:00"), "soldAt", "bad_date"),
        Arguments.of(with("soldAt", future), "soldAt", "invalid_value"),
        Arguments.of(with("quantity", 0), "quantity", "invalid_value"),
        Arguments.of(with("quantity", 1001), "quantity", "invalid_value"),
        Arguments.of(with("quantity", "2"), "quantity", "bad_integer"),
        Arguments.of(with("promotion", "yes"), "promotion", "invalid_value"),
        Arguments.of(with("paidAt", "2026-05-30"), "paidAt", "invalid_value"),
        Arguments.of(with("paidAt", "tomorrow"), "paidAt", "bad_date"),
        Arguments.of(with("receivedAt", "2026-05-31T14:03:00Z"), "receivedAt", "invalid_value"),
        Arguments.of(with("apiKeyId", "me"), "apiKeyId", "invalid_value"),
        Arguments.of(with("sqsMessageId", "m"), "sqsMessageId", "invalid_value"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @MethodSource("brokenRules")
  @SuppressWarnings("unchecked")
  void aSingleEventBreakingARuleIsA400NamingTheFieldAndReason(
      Map<String, Object> event, String field, String reason) {
    HttpResponse<String> response =
        post(port, "/api/v1/sales", DEV_KEY, JSON.writeValueAsString(event));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Map<String, Object> problem = json(response.body());
    assertThat(problem).containsEntry("status", 400).containsEntry("title", "Invalid sale event");
    List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).containsEntry("field", field).containsEntry("reason", reason);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyBadFieldIsListedInTheContractsOrder() {
    Map<String, Object> event = valid();
    event.remove("eventId");
    event.put("storeId", "three");
    event.put("quantity", 0);
    event.put("paidAt", "never");

    HttpResponse<String> response =
        post(port, "/api/v1/sales", DEV_KEY, JSON.writeValueAsString(event));

    assertThat(response.statusCode()).isEqualTo(400);
    List<Map<String, Object>> errors =
        (List<Map<String, Object>>) json(response.body()).get("errors");
    assertThat(errors)
        .extracting(e -> e.get("field") + ":" + e.get("reason"))
        .containsExactly(
            "eventId:missing_required",
            "storeId:bad_integer",
            "quantity:invalid_value",
            "paidAt:bad_date");
  }

  @Test
  void aValidEventIsAccepted() {
    UUID id = UUID.randomUUID();
    HttpResponse<String> response = post(port, "/api/v1/sales", DEV_KEY, event(id, 7));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response.body()))
        .containsEntry("status", "accepted")
        .containsEntry("eventId", id.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aBatchAcceptsItsValidEventsAndAnswersEachInOrder() {
    double acceptedBefore = counter("ingest.events.accepted");
    String body =
        batch(List.of(event(1), JSON.writeValueAsString(with("quantity", 5000)), "42", event(2)));

    HttpResponse<String> response = post(port, "/api/v1/sales/batch", DEV_KEY, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
    Map<String, Object> answer = json(response.body());
    assertThat(answer)
        .containsEntry("accepted", 2)
        .containsEntry("invalid", 2)
        .containsEntry("unavailable", 0);
    List<Map<String, Object>> results = (List<Map<String, Object>>) answer.get("results");
    assertThat(results)
        .extracting(r -> r.get("index") + ":" + r.get("status"))
        .containsExactly("0:accepted", "1:invalid", "2:invalid", "3:accepted");
    assertThat((List<Map<String, Object>>) results.get(1).get("errors"))
        .extracting(e -> e.get("field") + ":" + e.get("reason"))
        .containsExactly("quantity:invalid_value");
    assertThat((List<Map<String, Object>>) results.get(2).get("errors"))
        .extracting(e -> e.get("field") + ":" + e.get("reason"))
        .containsExactly("$:malformed_row");
    assertThat(counter("ingest.events.accepted") - acceptedBefore).isEqualTo(2);
  }

  @Test
  void aBatchOfOnlyValidEventsIsA202() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      events.add(event(10_000 + i));
    }
    HttpResponse<String> response = post(port, "/api/v1/sales/batch", DEV_KEY, batch(events));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response.body())).containsEntry("accepted", 500);
  }

  @Test
  void aBatchHoldsOneTo500Events() {
    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, "[]").statusCode()).isEqualTo(400);
    HttpResponse<String> tooMany =
        post(port, "/api/v1/sales/batch", DEV_KEY, batch(Collections.nCopies(501, event(3))));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany.body()).get("detail").toString()).contains("1 to 500", "501");
    assertThat(post(port, "/api/v1/sales/batch", DEV_KEY, event(3)).statusCode()).isEqualTo(400);
    assertThat(post(port, "/api/v1/sales", DEV_KEY, batch(List.of(event(3)))).statusCode())
        .isEqualTo(400);
  }

  @Test
  void malformedJsonWrongContentTypeAndRepeatedFieldsAreRefusedClearly() {
    HttpResponse<String> malformed = post(port, "/api/v1/sales", DEV_KEY, "{\"eventId\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(malformed.body()).get("detail").toString())
        .startsWith("the body is not valid JSON");

    HttpResponse<String> twice =
        post(port, "/api/v1/sales", DEV_KEY, event(4).replace("{", "{\"saleId\":1,"));
    assertThat(twice.statusCode()).isEqualTo(400);

    HttpResponse<String> text = post(port, "/api/v1/sales", DEV_KEY, event(4), "text/plain");
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(json(text.body())).containsEntry("status", 415).containsKey("detail");
  }

  @Test
  void aBodyOver1MiBIsA413() {
    String padding = "x".repeat(1024 * 1024);
    HttpResponse<String> response =
        post(
            port,
            "/api/v1/sales/batch",
            DEV_KEY,
            "[" + event(5).replace("{", "{\"note\":\"" + padding + "\",") + "]");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response.body())).containsEntry("status", 413);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anEventLargerThanOneQueueMessageIsInvalid() {
    String note = "é".repeat(130_000); // 260,000 UTF-8 bytes in 130,000 characters
    HttpResponse<String> response =
        post(port, "/api/v1/sales", DEV_KEY, event(6).replace("{", "{\"note\":\"" + note + "\","));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat((List<Map<String, Object>>) json(response.body()).get("errors"))
        .extracting(e -> e.get("field") + ":" + e.get("reason"))
        .containsExactly("$:line_too_long");
  }

  @Test
  void aBatchTooLargeForOneMessageIsPackedIntoSeveralUnderTheLimit() {
    double messagesBefore = counter("ingest.messages.enqueued");
    String note = "ü".repeat(700); // 1,400 UTF-8 bytes per event, ~700 KB for 480 events
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 480; i++) {
      events.add(event(20_000 + i).replace("{", "{\"note\":\"" + note + "\","));
    }
    HttpResponse<String> response = post(port, "/api/v1/sales/batch", DEV_KEY, batch(events));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    // ~780,000 bytes at most 250,000 per message: 4 messages, not 480 and not 1.
    assertThat(counter("ingest.messages.enqueued") - messagesBefore).isEqualTo(4);
  }

  @Test
  void requestsWithoutAKnownLiveKeyAre401() {
    HttpResponse<String> missing = post(port, "/api/v1/sales", null, event(8));
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(missing.body()).get("detail").toString())
        .contains("X-API-Key header is required");

    HttpResponse<String> wrong = post(port, "/api/v1/sales", "not-a-key", event(8));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(wrong.body()).get("detail").toString()).contains("not a known key");

    HttpResponse<String> revoked =
        post(port, "/api/v1/sales/batch", "revoked-key-1", batch(List.of(event(8))));
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(json(revoked.body()).get("detail").toString()).contains("old-shop is revoked");
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfter() {
    HttpResponse<String> burst =
        post(
            port,
            "/api/v1/sales/batch",
            "slow-key-1",
            batch(List.of(event(9), event(10), event(11))));
    assertThat(burst.statusCode()).as(burst.body()).isEqualTo(202);

    HttpResponse<String> over = post(port, "/api/v1/sales", "slow-key-1", event(12));
    assertThat(over.statusCode()).isEqualTo(429);
    assertThat(over.headers().firstValue("Retry-After")).hasValue("1");
    // Another key is not slowed down by it.
    assertThat(post(port, "/api/v1/sales", DEV_KEY, event(13)).statusCode()).isEqualTo(202);
  }

  double counter(String name) {
    var counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
