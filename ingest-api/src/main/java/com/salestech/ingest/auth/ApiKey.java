package com.salestech.ingest.auth;

/** The key a request was authenticated with: only its configured name is ever kept. */
public record ApiKey(String name) {

  /** The request attribute holding the {@link ApiKey}. */
  public static final String ATTRIBUTE = ApiKey.class.getName();
}
