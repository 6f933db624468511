package com.salestech.etl.jobs;

import java.time.LocalDateTime;

/** A job was asked to start while a live run (of it or of another job) is going on. */
public class JobAlreadyRunningException extends RuntimeException {

  private JobAlreadyRunningException(String message) {
    super(message);
  }

  /** The live run, as the job repository shows it. */
  static JobAlreadyRunningException of(String job, long executionId, LocalDateTime started) {
    return new JobAlreadyRunningException(
        job + " is already running (execution " + executionId + ", started " + started + ")");
  }

  /** A run holds the run lock and has shown no execution for a while. */
  static JobAlreadyRunningException lockHeld() {
    return new JobAlreadyRunningException(
        "another process holds the run lock in the job repository, with no run marked running");
  }
}
