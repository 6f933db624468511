package com.salestech.ingest.api;

/** The request as a whole cannot be read as events: a 400 that says why. */
class BadRequestException extends RuntimeException {

  BadRequestException(String message) {
    super(message);
  }
}
