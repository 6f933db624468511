package com.salestech.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.salestech.model.event.FieldError;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one event of a request.
 *
 * @param index its position in the request, from 0
 * @param eventId its {@code eventId} as sent, when it sent a text one
 * @param status {@code accepted} (in the queue), {@code invalid} (see errors) or {@code
 *     unavailable} (not in the queue: send it again)
 * @param errors every rule it breaks, for {@code invalid}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventResult(int index, String eventId, Status status, List<Error> errors) {

  public enum Status {
    ACCEPTED,
    INVALID,
    UNAVAILABLE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One broken rule: the JSON field, the reason code, a message that never repeats the value. */
  public record Error(String field, String reason, String message) {

    static Error of(FieldError error) {
      return new Error(
          error.field(), error.reason().name().toLowerCase(Locale.ROOT), error.message());
    }
  }
}
