package com.salestech.etl.jobs;

/** A job was asked to start while a live run of it is going on. */
public class JobAlreadyRunningException extends RuntimeException {

  public JobAlreadyRunningException(String job, long executionId, String lastHeartbeat) {
    super(
        job
            + " is already running (execution "
            + executionId
            + ", last heartbeat "
            + lastHeartbeat
            + ")");
  }
}
