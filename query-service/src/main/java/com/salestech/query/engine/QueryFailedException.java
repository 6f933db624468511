package com.salestech.query.engine;

/**
 * An engine refused or failed a statement. {@link #timedOut} tells a timeout (a {@code 504}) from
 * any other failure (a {@code 502}); {@link #busy} a query refused because too many are in flight
 * (a {@code 503}).
 */
public class QueryFailedException extends RuntimeException {

  public enum Kind {
    FAILED,
    TIMED_OUT,
    BUSY
  }

  private final String engine;
  private final Kind kind;

  public QueryFailedException(String engine, Kind kind, String message, Throwable cause) {
    super(engine + ": " + message, cause);
    this.engine = engine;
    this.kind = kind;
  }

  public String engine() {
    return engine;
  }

  public Kind kind() {
    return kind;
  }

  public boolean timedOut() {
    return kind == Kind.TIMED_OUT;
  }

  public boolean busy() {
    return kind == Kind.BUSY;
  }
}
