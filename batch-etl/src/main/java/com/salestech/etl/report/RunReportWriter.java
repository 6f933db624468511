package com.salestech.etl.report;

import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's report to the lake as JSON and a readable summary to the log. */
@Component
public class RunReportWriter {

  private static final Logger log = LoggerFactory.getLogger(RunReportWriter.class);

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final JsonMapper json =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  RunReportWriter(LakeStorage storage, LakeLayout layout) {
    this.storage = storage;
    this.layout = layout;
  }

  /** Stores a bronze-to-silver report; returns its key in the gold bucket. */
  public String write(RunReport report) {
    return write(report.job(), report.runId(), report, summary(report));
  }

  /**
   * Stores any job's report as JSON under {@code _reports/<job>/<run>.json} and logs its readable
   * summary; returns the key in the gold bucket.
   */
  public String write(String job, String runId, Object report, String summary) {
    String key = layout.reportKey(job, runId);
    storage.put(layout.gold().bucket(), key, json.writeValueAsBytes(report), "application/json");
    log.info("{}", summary);
    log.info("Run report: {}{}", layout.gold(), key.substring(layout.gold().prefix().length()));
    return key;
  }

  static String summary(RunReport report) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s run %s %s in %.1f s%s%n",
            report.job(),
            report.runId(),
            report.exitCode(),
            report.durationMs() / 1000.0,
            report.fullRefresh() ? " (full refresh)" : ""));
    text.append(
        String.format(
            Locale.ROOT,
            "  %-15s %-10s %12s %12s %11s %8s %11s %12s  %s%n",
            "table",
            "status",
            "read",
            "written",
            "quarantined",
            "empty",
            "superseded",
            "in version",
            "quarantine reasons"));
    for (TableReport t : report.tables()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-15s %-10s %12d %12d %11d %8d %11d %12d  %s%s%n",
              t.table(),
              t.status(),
              t.rowsRead(),
              t.written(),
              t.quarantined(),
              t.emptyRows(),
              t.superseded(),
              t.rowsInVersion(),
              t.quarantinedByReason().isEmpty() ? "-" : t.quarantinedByReason(),
              t.error() == null ? "" : "  ERROR: " + t.error()));
      for (FileReport f : t.files()) {
        if (f.error() != null) {
          text.append("    refused ").append(f.key()).append(": ").append(f.error()).append('\n');
        }
      }
    }
    for (String unknown : report.unknownObjects()) {
      text.append("  not read (no known table): ").append(unknown).append('\n');
    }
    return text.toString().stripTrailing();
  }
}
