package com.salestech.model.event;

import com.salestech.model.rules.RejectReason;
import java.util.Objects;

/**
 * One rule an event breaks: the field (its JSON name), the reason code the quarantine carries, and
 * a message for the sender. The message never repeats the rejected value.
 */
public record FieldError(String field, RejectReason reason, String message) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
