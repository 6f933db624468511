package com.salestech.etl.silver;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Keeps a run's {@link SilverPlan} in the job execution context, as JSON. */
@Component
class SilverPlans {

  private static final String KEY = "salestech.silver.plan";
  private final JsonMapper json = JsonMapper.builder().build();

  void save(ExecutionContext context, SilverPlan plan) {
    context.putString(KEY, json.writeValueAsString(plan));
  }

  SilverPlan load(ExecutionContext context) {
    String text = context.getString(KEY, null);
    if (text == null) {
      throw new IllegalStateException("the run has no plan: the plan step did not complete");
    }
    return json.readValue(text, SilverPlan.class);
  }
}
