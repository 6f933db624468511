package com.salestech.query.engine;

/** No gold snapshot is available to query: gold was never published, or is not loaded yet. */
public class NoGoldException extends RuntimeException {

  public NoGoldException(String message) {
    super(message);
  }
}
