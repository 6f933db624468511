package com.salestech.etl.silver;

import com.salestech.etl.bookmark.BronzeBookmarks;
import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.lake.BronzeCsvObject;
import com.salestech.model.lake.LakeLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step: lists bronze and fixes the run's inputs (the objects not yet bookmarked, or all
 * of them on a full refresh). The plan goes into the job's execution context, so a restart reads
 * the same objects even if more were landed since.
 */
final class PlanTasklet implements Tasklet {

  private static final Logger log = LoggerFactory.getLogger(PlanTasklet.class);

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final BronzeBookmarks bookmarks;
  private final SilverPlans plans;

  PlanTasklet(
      LakeStorage storage, LakeLayout layout, BronzeBookmarks bookmarks, SilverPlans plans) {
    this.storage = storage;
    this.layout = layout;
    this.bookmarks = bookmarks;
    this.plans = plans;
  }

  @Override
  public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
    var jobExecution = contribution.getStepExecution().getJobExecution();
    if (plans.hasPlan(jobExecution.getExecutionContext())) {
      // A restart: the run goes on with the plan it made.
      return RepeatStatus.FINISHED;
    }
    boolean fullRefresh =
        Boolean.parseBoolean(
            String.valueOf(jobExecution.getJobParameters().getString("full-refresh", "false")));
    String runId =
        TableVersions.versionName(Instant.now(), jobExecution.getJobInstance().getInstanceId());
    Map<Table, List<BronzeFile>> files = new EnumMap<>(Table.class);
    List<String> unknown = new ArrayList<>();
    String csvRoot = layout.bronze().key("csv/");
    for (LakeObject object : storage.list(layout.bronze().bucket(), csvRoot).toList()) {
      var parsed = layout.parseBronzeCsvKey(object.key());
      if (parsed.isEmpty()) {
        unknown.add(object.key());
        continue;
      }
      BronzeCsvObject csv = parsed.get();
      files
          .computeIfAbsent(csv.table(), t -> new ArrayList<>())
          .add(
              new BronzeFile(
                  object.key(),
                  object.etag(),
                  object.size(),
                  csv.ingestDate(),
                  object.lastModified()));
    }
    Set<Table> rebuild = EnumSet.noneOf(Table.class);
    for (Map.Entry<Table, List<BronzeFile>> entry : files.entrySet()) {
      List<BronzeFile> list = entry.getValue();
      if (!fullRefresh) {
        Set<String> done = bookmarks.processed(entry.getKey().tableName());
        List<BronzeFile> fresh =
            list.stream()
                .filter(f -> !done.contains(BronzeBookmarks.id(f.key(), f.etag())))
                .toList();
        if (isLate(fresh, list)) {
          rebuild.add(entry.getKey());
          log.info(
              "silver {}: an export older than one already read arrived; rebuilding from all {}"
                  + " objects",
              entry.getKey().tableName(),
              list.size());
        } else {
          list.retainAll(fresh);
        }
      }
      // The winner first: its rows win over the later ones' with the same key.
      list.sort(BronzeFile.WINNER_FIRST);
    }
    files.values().removeIf(List::isEmpty);
    SilverPlan plan = new SilverPlan(runId, fullRefresh, files, unknown, rebuild);
    plans.save(jobExecution.getExecutionContext(), plan);
    log.info(
        "bronze-to-silver run {}: {} objects to read{}{}",
        runId,
        files.values().stream().mapToInt(List::size).sum(),
        fullRefresh ? " (full refresh)" : "",
        unknown.isEmpty() ? "" : "; " + unknown.size() + " objects of no known table: " + unknown);
    return RepeatStatus.FINISHED;
  }

  /**
   * Whether a new object would lose to one already read (an older export, or one landed earlier on
   * the same date), so that winner-first needs all of them again.
   */
  private static boolean isLate(List<BronzeFile> fresh, List<BronzeFile> all) {
    var winnerRead = all.stream().filter(f -> !fresh.contains(f)).min(BronzeFile.WINNER_FIRST);
    return winnerRead.isPresent()
        && fresh.stream().anyMatch(f -> BronzeFile.WINNER_FIRST.compare(f, winnerRead.get()) > 0);
  }
}
