package com.salestech.etl.report;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Keeps each table's {@link TableReport} in its step's execution context, as JSON. */
@Component
public class TableReports {

  private static final String KEY = "salestech.table.report";
  private final JsonMapper json = JsonMapper.builder().build();

  public void save(ExecutionContext context, TableReport report) {
    context.putString(KEY, json.writeValueAsString(report));
  }

  public TableReport load(ExecutionContext context) {
    String text = context.getString(KEY, null);
    return text == null ? null : json.readValue(text, TableReport.class);
  }
}
