package com.salestech.etl.gold;

import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Keeps a gold run's plan, build and check results in the job execution context, as JSON. */
@Component
class GoldState {

  private static final String PLAN = "salestech.gold.plan";
  private static final String BUILD = "salestech.gold.build";
  private static final String CHECKS = "salestech.gold.checks";
  private final JsonMapper json = JsonMapper.builder().build();

  void savePlan(ExecutionContext context, GoldPlan plan) {
    context.putString(PLAN, json.writeValueAsString(plan));
  }

  GoldPlan plan(ExecutionContext context) {
    String text = context.getString(PLAN, null);
    if (text == null) {
      throw new IllegalStateException("the run has no plan: the plan step did not complete");
    }
    return json.readValue(text, GoldPlan.class);
  }

  void saveBuild(ExecutionContext context, GoldBuild build) {
    context.putString(BUILD, json.writeValueAsString(build));
  }

  GoldBuild build(ExecutionContext context) {
    String text = context.getString(BUILD, null);
    return text == null ? null : json.readValue(text, GoldBuild.class);
  }

  void saveChecks(ExecutionContext context, List<QualityChecks.Result> checks) {
    context.putString(CHECKS, json.writeValueAsString(checks));
  }

  List<QualityChecks.Result> checks(ExecutionContext context) {
    String text = context.getString(CHECKS, null);
    return text == null ? List.of() : json.readValue(text, new TypeReference<>() {});
  }
}
