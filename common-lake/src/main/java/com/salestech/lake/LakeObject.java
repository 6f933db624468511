package com.salestech.lake;

import java.time.Instant;

/** An object of the lake as a listing shows it. */
public record LakeObject(String bucket, String key, long size, Instant lastModified, String etag) {}
