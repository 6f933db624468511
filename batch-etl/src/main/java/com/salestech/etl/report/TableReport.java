package com.salestech.etl.report;

import java.util.List;
import java.util.Map;

/**
 * What a run did to one table. Reconciliation holds for every table: {@code rowsRead = written +
 * quarantined + emptyRows + superseded}.
 *
 * @param status PUBLISHED, UNCHANGED (nothing new to read) or FAILED
 * @param version the version published, or null
 * @param carriedOver rows kept from the previous version because no newer export named them
 * @param replaced rows of the previous version replaced by a newer export
 * @param rowsInVersion rows in the version published ({@code written + carriedOver})
 * @param quarantinedByReason quarantined rows by reason code
 * @param warnings optional values that became null, by {@code column:reason}
 * @param rejectRate quarantined share of non-empty rows read
 * @param error why the table failed, or null
 */
public record TableReport(
    String table,
    String status,
    String version,
    long rowsRead,
    long written,
    long quarantined,
    long emptyRows,
    long superseded,
    long carriedOver,
    long replaced,
    long rowsInVersion,
    Map<String, Long> quarantinedByReason,
    Map<String, Long> warnings,
    double rejectRate,
    double maxRejectRate,
    long bytesRead,
    long bytesWritten,
    long durationMs,
    List<FileReport> files,
    String error) {}
