package com.salestech.etl.silver;

import com.salestech.etl.bookmark.BronzeBookmarks;
import com.salestech.lake.LakeObject;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.event.BronzeEventLine;
import com.salestech.model.lake.BronzeCsvObject;
import com.salestech.model.lake.LakeLayout;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    boolean allEvents =
        fullRefresh
            || rebuild.contains(Table.VENDAS)
            || rebuild.contains(Table.VENDA_PROMOCAO)
            || rebuild.contains(Table.PAGAMENTOS);
    List<BronzeFile> events = eventObjects(allEvents, unknown);
    // Facts a previous run's vendas step left for its other steps: that run is over.
    List<String> staleFacts =
        storage
            .list(layout.silver().bucket(), StreamFacts.prefix(layout))
            .map(LakeObject::key)
            .toList();
    if (!staleFacts.isEmpty()) {
      storage.delete(layout.silver().bucket(), staleFacts);
    }
    SilverPlan plan = new SilverPlan(runId, fullRefresh, files, unknown, rebuild, events);
    plans.save(jobExecution.getExecutionContext(), plan);
    log.info(
        "bronze-to-silver run {}: {} objects to read{}{}",
        runId,
        files.values().stream().mapToInt(List::size).sum() + events.size(),
        fullRefresh ? " (full refresh)" : "",
        unknown.isEmpty() ? "" : "; " + unknown.size() + " objects of no known table: " + unknown);
    return RepeatStatus.FINISHED;
  }

  /**
   * The event objects to read, in key order: those not bookmarked yet, or all. A key not laid out
   * as {@code events/ingest_date=YYYY-MM-DD/<name>.ndjson.gz} is reported as unknown and left
   * unread.
   */
  private List<BronzeFile> eventObjects(boolean all, List<String> unknown) {
    String root = layout.bronze().key("events/");
    Set<String> done = all ? Set.of() : bookmarks.processed(SilverPlan.EVENTS);
    List<BronzeFile> events = new ArrayList<>();
    for (LakeObject object : storage.list(layout.bronze().bucket(), root).toList()) {
      Optional<LocalDate> date = eventIngestDate(root, object.key());
      if (date.isEmpty()) {
        unknown.add(object.key());
      } else if (!done.contains(BronzeBookmarks.id(object.key(), object.etag()))) {
        events.add(
            new BronzeFile(
                object.key(), object.etag(), object.size(), date.get(), object.lastModified()));
      }
    }
    events.sort(Comparator.comparing(BronzeFile::key));
    return events;
  }

  private static Optional<LocalDate> eventIngestDate(String root, String key) {
    String prefix = root + "ingest_date=";
    if (!key.startsWith(prefix) || !key.endsWith(BronzeEventLine.SUFFIX)) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash != 10 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(rest.substring(0, slash)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
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
