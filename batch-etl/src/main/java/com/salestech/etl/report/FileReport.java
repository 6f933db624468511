package com.salestech.etl.report;

/**
 * What became of one bronze object.
 *
 * @param rowsRead data rows read (the header excluded)
 * @param written rows written to the new silver version
 * @param quarantined rows sent to quarantine
 * @param emptyRows fully empty rows, skipped
 * @param superseded valid rows replaced by a newer export in the same run
 * @param error why the whole object was refused, or null
 */
public record FileReport(
    String key,
    String ingestDate,
    long bytes,
    long rowsRead,
    long written,
    long quarantined,
    long emptyRows,
    long superseded,
    String error) {}
