package com.salestech.lake;

/** A write made only if no object had the key found one there: someone else wrote first. */
public class ObjectExistsException extends LakeStorageException {

  public ObjectExistsException(String bucket, String key) {
    super("s3://" + bucket + "/" + key + " exists already: not replaced");
  }
}
