package com.salestech.etl.report;

import com.salestech.etl.jobs.ContextJson;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/** Keeps each table's {@link TableReport} in its step's execution context, as JSON. */
@Component
public class TableReports {

  private static final String KEY = "salestech.table.report";

  public void save(ExecutionContext context, TableReport report) {
    ContextJson.put(context, KEY, report);
  }

  public TableReport load(ExecutionContext context) {
    return ContextJson.get(context, KEY, TableReport.class).orElse(null);
  }
}
