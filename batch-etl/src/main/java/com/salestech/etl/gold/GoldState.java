package com.salestech.etl.gold;

import com.salestech.etl.jobs.ContextJson;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/** Keeps a gold run's plan, build and check results in the job execution context, as JSON. */
@Component
class GoldState {

  private static final String PLAN = "salestech.gold.plan";
  private static final String BUILD = "salestech.gold.build";
  private static final String CHECKS = "salestech.gold.checks";

  void savePlan(ExecutionContext context, GoldPlan plan) {
    ContextJson.put(context, PLAN, plan);
  }

  GoldPlan plan(ExecutionContext context) {
    return ContextJson.plan(context, PLAN, GoldPlan.class);
  }

  boolean hasPlan(ExecutionContext context) {
    return context.containsKey(PLAN);
  }

  void saveBuild(ExecutionContext context, GoldBuild build) {
    ContextJson.put(context, BUILD, build);
  }

  GoldBuild build(ExecutionContext context) {
    return ContextJson.get(context, BUILD, GoldBuild.class).orElse(null);
  }

  void saveChecks(ExecutionContext context, List<QualityChecks.Result> checks) {
    ContextJson.put(context, CHECKS, checks);
  }

  List<QualityChecks.Result> checks(ExecutionContext context) {
    return ContextJson.get(context, CHECKS, new TypeReference<List<QualityChecks.Result>>() {})
        .orElse(List.of());
  }
}
