package com.salestech.etl.silver;

import java.time.LocalDate;

/** A bronze CSV object a run reads: its key, the version of it (etag) and its ingest date. */
public record BronzeFile(String key, String etag, long size, LocalDate ingestDate) {}
