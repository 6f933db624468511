package com.salestech.lake.table;

/**
 * One data file of a published table version.
 *
 * @param key the file's full object key in the layer's bucket
 */
public record DataFile(String key, long rows, long bytes) {}
