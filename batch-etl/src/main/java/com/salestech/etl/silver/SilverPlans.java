package com.salestech.etl.silver;

import com.salestech.etl.jobs.ContextJson;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/** Keeps a run's {@link SilverPlan} in the job execution context, as JSON. */
@Component
class SilverPlans {

  private static final String KEY = "salestech.silver.plan";

  void save(ExecutionContext context, SilverPlan plan) {
    ContextJson.put(context, KEY, plan);
  }

  boolean hasPlan(ExecutionContext context) {
    return context.containsKey(KEY);
  }

  SilverPlan load(ExecutionContext context) {
    return ContextJson.plan(context, KEY, SilverPlan.class);
  }
}
