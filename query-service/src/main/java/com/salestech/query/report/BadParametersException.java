package com.salestech.query.report;

import java.util.List;
import java.util.stream.Collectors;

/** Request parameters that are unknown or malformed: a {@code 400} naming every one of them. */
public class BadParametersException extends RuntimeException {

  /** What is wrong with one parameter. */
  public record ParameterError(String parameter, String message) {}

  private final List<ParameterError> errors;

  public BadParametersException(List<ParameterError> errors) {
    super(
        errors.stream()
            .map(e -> e.parameter() + ": " + e.message())
            .collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<ParameterError> errors() {
    return errors;
  }
}
