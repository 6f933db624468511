package com.salestech.etl.gold;

import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.Layer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The {@code plan-gold} step: fixes the silver versions the run reads. First finishes a publication
 * cut short (the snapshot committed, some table pointers not yet in line with it); then, when the
 * published snapshot was built from exactly the silver versions current now, plans a run that
 * builds nothing.
 */
final class PlanGoldTasklet implements Tasklet {

  private static final Logger log = LoggerFactory.getLogger(PlanGoldTasklet.class);

  private final TableVersions versions;
  private final GoldSnapshots snapshots;
  private final GoldState state;
  private final GoldProperties settings;

  PlanGoldTasklet(
      TableVersions versions, GoldSnapshots snapshots, GoldState state, GoldProperties settings) {
    this.versions = versions;
    this.snapshots = snapshots;
    this.state = state;
    this.settings = settings;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    var job = contribution.getStepExecution().getJobExecution();
    if (state.hasPlan(job.getExecutionContext())) {
      // A restart: the run goes on with the silver versions it fixed.
      return RepeatStatus.FINISHED;
    }
    Map<Table, CurrentPointer> silver = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      versions.current(Layer.SILVER, table.tableName()).ifPresent(p -> silver.put(table, p));
    }
    for (Table required : List.of(Table.VENDAS, Table.LOJAS, Table.PRODUTOS)) {
      if (!silver.containsKey(required)) {
        throw new IllegalStateException(
            "silver " + required.tableName() + " is not published yet: run bronze-to-silver first");
      }
    }
    Optional<GoldSnapshot> published = snapshots.current();
    published.ifPresent(
        snapshot -> {
          List<String> moved = snapshots.alignPointers(snapshot);
          if (!moved.isEmpty()) {
            log.info(
                "gold snapshot {}: brought the pointers of {} in line (a publication cut short)",
                snapshot.run(),
                moved);
          }
        });
    String runId = TableVersions.versionName(Instant.now(), job.getJobInstance().getInstanceId());
    boolean fullRefresh =
        Boolean.parseBoolean(job.getJobParameters().getString("full-refresh", "false"));
    GoldPlan plan = new GoldPlan(runId, silver, fullRefresh, settings.workers(), false);
    boolean upToDate =
        !fullRefresh
            && published
                .map(
                    s ->
                        s.silver().equals(plan.silverVersions())
                            && s.tables()
                                .keySet()
                                .containsAll(
                                    GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD).stream()
                                        .map(GoldTable::tableName)
                                        .toList()))
                .orElse(false);
    state.savePlan(
        job.getExecutionContext(),
        new GoldPlan(runId, silver, fullRefresh, settings.workers(), upToDate));
    if (upToDate) {
      log.info(
          "silver-to-gold run {}: gold snapshot {} was built from the silver current now {}:"
              + " nothing to build, nothing published",
          runId,
          published.get().run(),
          plan.silverVersions());
    } else {
      log.info("silver-to-gold run {} reads silver {}", runId, plan.silverVersions());
    }
    return RepeatStatus.FINISHED;
  }
}
