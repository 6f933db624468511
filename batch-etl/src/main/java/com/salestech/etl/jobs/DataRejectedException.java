package com.salestech.etl.jobs;

/**
 * A run refused its data (a table past its reject limit, a failed quality check): nothing was
 * published for it. Unlike a crash, repeating the same run would fail the same way, so the next
 * start plans afresh instead of restarting it.
 */
public class DataRejectedException extends RuntimeException {

  public DataRejectedException(String message) {
    super(message);
  }
}
