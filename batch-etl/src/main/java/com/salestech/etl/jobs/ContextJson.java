package com.salestech.etl.jobs;

import java.util.Optional;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values kept in a Spring Batch execution context as JSON: the job repository stores them with the
 * run, so a restart finds its plan and its steps' results.
 */
public final class ContextJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ContextJson() {}

  public static void put(ExecutionContext context, String key, Object value) {
    context.putString(key, JSON.writeValueAsString(value));
  }

  public static <T> Optional<T> get(ExecutionContext context, String key, Class<T> type) {
    return Optional.ofNullable(context.getString(key, null)).map(t -> JSON.readValue(t, type));
  }

  public static <T> Optional<T> get(ExecutionContext context, String key, TypeReference<T> type) {
    return Optional.ofNullable(context.getString(key, null)).map(t -> JSON.readValue(t, type));
  }

  /** A run's plan, which its first step saved. */
  public static <T> T plan(ExecutionContext context, String key, Class<T> type) {
    return get(context, key, type)
        .orElseThrow(
            () -> new IllegalStateException("the run has no plan: the plan step did not complete"));
  }
}
