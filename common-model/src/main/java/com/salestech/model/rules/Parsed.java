package com.salestech.model.rules;

import java.util.Objects;

/**
 * The outcome of reading one field: a value, or the reason it has none. Bad data is never an
 * exception.
 */
public record Parsed<T>(T value, RejectReason reason) {

  public Parsed {
    if ((value == null) == (reason == null)) {
      throw new IllegalArgumentException("exactly one of value and reason must be set");
    }
  }

  public static <T> Parsed<T> ok(T value) {
    return new Parsed<>(Objects.requireNonNull(value), null);
  }

  public static <T> Parsed<T> rejected(RejectReason reason) {
    return new Parsed<>(null, Objects.requireNonNull(reason));
  }

  public boolean isOk() {
    return reason == null;
  }
}
