package com.salestech.ingest.api;

/** The body is over the limit: a 413. */
class PayloadTooLargeException extends RuntimeException {

  PayloadTooLargeException(int limit) {
    super("the body is larger than " + limit + " bytes: split it into several requests");
  }
}
