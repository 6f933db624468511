package com.salestech.etl.report;

import java.time.Instant;
import java.util.List;

/**
 * The machine-readable report of one run, written under {@code <gold root>/_reports/<job>/}.
 *
 * @param status the job's batch status (COMPLETED, FAILED, …)
 * @param exitCode COMPLETED, COMPLETED_WITH_FILE_ERRORS or FAILED
 * @param unknownObjects bronze objects that belong to no known table, left unread
 */
public record RunReport(
    String job,
    String runId,
    long executionId,
    String status,
    String exitCode,
    boolean fullRefresh,
    Instant startedAt,
    Instant finishedAt,
    long durationMs,
    List<TableReport> tables,
    List<String> unknownObjects) {}
