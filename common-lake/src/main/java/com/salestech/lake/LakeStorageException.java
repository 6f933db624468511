package com.salestech.lake;

/** The object store failed; the message names the bucket and key involved. */
public class LakeStorageException extends RuntimeException {

  public LakeStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public LakeStorageException(String message) {
    super(message);
  }
}
