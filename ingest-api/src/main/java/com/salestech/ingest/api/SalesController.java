package com.salestech.ingest.api;

import com.salestech.ingest.auth.ApiKey;
import com.salestech.ingest.auth.RateLimiter;
import com.salestech.ingest.queue.EventJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/sales} and {@code /api/v1/sales/batch}: a {@code 202} means every event of
 * the request is in the queue. The body is read here, bounded, rather than bound by a converter, so
 * the size limit holds for chunked bodies too and the events reach the rules exactly as sent.
 */
@RestController
@ConditionalOnProperty(
    name = "salestech.ingest.api.enabled",
    havingValue = "true",
    matchIfMissing = true)
@RequestMapping("/api/v1/sales")
class SalesController {

  private final Intake intake;
  private final RateLimiter rateLimiter;
  private final JsonMapper json;
  private final ApiProperties properties;
  private final Clock clock;

  SalesController(Intake intake, RateLimiter rateLimiter, ApiProperties properties, Clock clock) {
    this.intake = intake;
    this.rateLimiter = rateLimiter;
    this.json = EventJson.mapper();
    this.properties = properties;
    this.clock = clock;
  }

  @Operation(
      summary = "Post one sale event",
      parameters = @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, required = true),
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = SaleEventDoc.class))),
      responses = {
        @ApiResponse(responseCode = "202", description = "In the queue"),
        @ApiResponse(responseCode = "400", description = "Invalid: every bad field listed"),
        @ApiResponse(responseCode = "401", description = "No, unknown or revoked key"),
        @ApiResponse(responseCode = "413", description = "Body over 1 MiB"),
        @ApiResponse(responseCode = "415", description = "Not application/json"),
        @ApiResponse(responseCode = "429", description = "Over the key's rate; see Retry-After"),
        @ApiResponse(responseCode = "503", description = "Queue unavailable; see Retry-After")
      })
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> one(HttpServletRequest request) throws IOException {
    Instant receivedAt = now();
    ApiKey key = key(request);
    Object event = parse(request);
    if (!(event instanceof Map)) {
      throw new BadRequestException("the body must be one JSON object (a batch goes to /batch)");
    }
    ResponseEntity<?> limited = rateLimit(key, 1);
    if (limited != null) {
      return limited;
    }
    EventResult result = intake.ingest(key, List.of(event), receivedAt).get(0);
    return switch (result.status()) {
      case ACCEPTED -> ResponseEntity.accepted().body(result);
      case INVALID -> {
        ProblemDetail problem =
            Problems.problem(
                HttpStatus.BAD_REQUEST,
                "Invalid sale event",
                result.errors().size() + " field(s) break the event's rules");
        problem.setProperty("errors", result.errors());
        if (result.eventId() != null) {
          problem.setProperty("eventId", result.eventId());
        }
        yield problemResponse(HttpStatus.BAD_REQUEST, problem, null);
      }
      case UNAVAILABLE -> unavailable(List.of(result));
    };
  }

  @Operation(
      summary = "Post 1 to 500 sale events; each gets its own outcome",
      parameters = @Parameter(name = "X-API-Key", in = ParameterIn.HEADER, required = true),
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content =
                  @Content(
                      array = @ArraySchema(schema = @Schema(implementation = SaleEventDoc.class)))),
      responses = {
        @ApiResponse(responseCode = "202", description = "All in the queue"),
        @ApiResponse(
            responseCode = "207",
            description = "Some invalid or unavailable: see results"),
        @ApiResponse(responseCode = "400", description = "Not a JSON array of 1 to 500 events"),
        @ApiResponse(responseCode = "503", description = "Queue unavailable; see Retry-After")
      })
  @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> batch(HttpServletRequest request) throws IOException {
    Instant receivedAt = now();
    ApiKey key = key(request);
    Object body = parse(request);
    if (!(body instanceof List<?> events)) {
      throw new BadRequestException("the body must be a JSON array of events");
    }
    if (events.isEmpty() || events.size() > properties.maxBatchEvents()) {
      throw new BadRequestException(
          "a batch holds 1 to " + properties.maxBatchEvents() + " events, not " + events.size());
    }
    ResponseEntity<?> limited = rateLimit(key, events.size());
    if (limited != null) {
      return limited;
    }
    BatchResponse response = BatchResponse.of(intake.ingest(key, events, receivedAt));
    if (response.accepted() == events.size()) {
      return ResponseEntity.accepted().body(response);
    }
    if (response.accepted() == 0 && response.unavailable() > 0) {
      return unavailable(response.results());
    }
    ResponseEntity.BodyBuilder multi = ResponseEntity.status(HttpStatus.MULTI_STATUS);
    if (response.unavailable() > 0) {
      multi.header(HttpHeaders.RETRY_AFTER, retryAfter(properties.retryAfter()));
    }
    return multi.body(response);
  }

  private ResponseEntity<?> rateLimit(ApiKey key, int events) {
    Duration wait = rateLimiter.tryAcquire(key.name(), events);
    if (wait.isZero()) {
      return null;
    }
    intake.rejectAll("RATE_LIMITED", events);
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.TOO_MANY_REQUESTS,
            "Rate limit",
            "the key " + key.name() + " is over its events per second: retry later");
    return problemResponse(HttpStatus.TOO_MANY_REQUESTS, problem, wait);
  }

  private ResponseEntity<?> unavailable(List<EventResult> results) {
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "Queue unavailable",
            "the queue did not confirm the events: none of those listed was accepted; send them"
                + " again");
    problem.setProperty("results", results);
    return problemResponse(HttpStatus.SERVICE_UNAVAILABLE, problem, properties.retryAfter());
  }

  private static ResponseEntity<?> problemResponse(
      HttpStatus status, ProblemDetail problem, Duration retryAfter) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (retryAfter != null) {
      builder.header(HttpHeaders.RETRY_AFTER, retryAfter(retryAfter));
    }
    return builder.body(problem);
  }

  private static String retryAfter(Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  private Object parse(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > properties.maxBodyBytes()) {
      throw new PayloadTooLargeException(properties.maxBodyBytes());
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(properties.maxBodyBytes() + 1);
    }
    if (body.length > properties.maxBodyBytes()) {
      throw new PayloadTooLargeException(properties.maxBodyBytes());
    }
    try {
      return json.readValue(body, Object.class);
    } catch (JacksonException e) {
      // The parser's own words name the line and column; they quote no more than a token.
      throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static ApiKey key(HttpServletRequest request) {
    return (ApiKey) request.getAttribute(ApiKey.ATTRIBUTE);
  }
}
