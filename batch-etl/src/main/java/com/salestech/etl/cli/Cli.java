package com.salestech.etl.cli;

import com.salestech.etl.jobs.JobRuns;
import com.salestech.etl.landing.CsvLander;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.GoldSnapshot;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.lake.table.TableVersions;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.Layer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * The one-shot commands of {@code batch-etl.jar}: what a Kubernetes CronJob or a data engineer
 * runs. The process always ends, with one of these exit statuses (the codes from 64 on are those of
 * BSD's {@code sysexits.h}), and with one line on stderr saying why when it is not 0:
 *
 * <ul>
 *   <li>0: done; for {@code daily-pipeline} even when its {@code bronze-to-silver} refused objects
 *       (the line printed and the run's exit description say so)
 *   <li>1: a run failed (a table above its reject-rate limit, a failed quality check, a storage
 *       failure), objects were not landed, or a rollback was refused
 *   <li>2: {@code bronze-to-silver} completed but refused some objects (its report names them)
 *   <li>64: usage error
 *   <li>69: the job repository or the lake store could not be reached
 *   <li>70: an unexpected error ({@code --debug} prints its stack trace)
 *   <li>75: another run is live; try again later (or once it is over)
 *   <li>78: a setting is invalid (the line names the property)
 * </ul>
 */
@Component
public class Cli {

  public static final Set<String> COMMANDS = Set.of("run", "land", "rollback", "help");
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int COMPLETED_WITH_ERRORS = 2;
  public static final int USAGE = 64;

  /** EX_UNAVAILABLE: the job repository or the lake store is unreachable. */
  public static final int UNAVAILABLE = 69;

  /** EX_SOFTWARE: an unexpected error. */
  public static final int INTERNAL_ERROR = 70;

  /** EX_TEMPFAIL: another run is live. */
  public static final int TRY_LATER = 75;

  /** EX_CONFIG: an invalid setting. */
  public static final int CONFIGURATION = 78;

  /** What starts each line the CLI prints on stderr. */
  public static final String PREFIX = "batch-etl: ";

  private static final Set<String> VALUE_OPTIONS = Set.of("--table", "--ingest-date");

  static final String USAGE_TEXT =
      """
      usage: batch-etl/bin/batch-etl <command>     (or java -jar batch-etl-exec.jar <command>)
        run <job> [--full-refresh] [--new-run]   run a job to its end (jobs: %s)
        land <dir-or-file>... [--table T] [--ingest-date YYYY-MM-DD]
                                                 land local CSV exports in bronze
        rollback gold [<run>]                    point readers of gold back at an earlier
                                                 snapshot, every table at once (default: the previous)
        rollback <silver table> [<version>]      point a silver table back at an earlier version
        generate --sales N --out DIR [--seed S] [--dirt-rate R] [--demand uniform|retail]
                 [--days N] [--start YYYY-MM-DD] [--uplift U] [--campaigns random|high-season]
                                                 write sample exports; retail: sales from a
                                                 seasonal demand model, with its truth.json
        help                                     this text
        (no command)                             start the server: jobs API and schedule
      Spring settings go as --name=value; --debug logs more and prints stack traces.
      exit status: 0 done, 1 run failed, 2 bronze-to-silver refused objects, 64 usage,
        69 job repository or lake store unreachable, 70 unexpected error,
        75 another run is live (try later), 78 invalid setting
      """;

  private final JobRuns jobRuns;
  private final CsvLander lander;
  private final TableVersions versions;
  private final GoldSnapshots snapshots;
  private final PrintStream out;
  private final PrintStream err;

  Cli(JobRuns jobRuns, CsvLander lander, TableVersions versions, GoldSnapshots snapshots) {
    this.jobRuns = jobRuns;
    this.lander = lander;
    this.versions = versions;
    this.snapshots = snapshots;
    this.out = System.out;
    this.err = System.err;
  }

  public int execute(String... args) {
    List<String> positional = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (springArgument(arg)) {
        continue;
      } else if (!arg.startsWith("--")) {
        positional.add(arg);
      } else if (VALUE_OPTIONS.contains(arg) && i + 1 < args.length) {
        options.add(arg + "=" + args[++i]);
      } else {
        options.add(arg);
      }
    }
    if (positional.isEmpty()) {
      return usage(null);
    }
    return switch (positional.get(0)) {
      case "run" -> run(positional, options);
      case "land" -> land(positional, options);
      case "rollback" -> rollback(positional);
      case "help" -> {
        out.printf(USAGE_TEXT, String.join(", ", jobRuns.jobNames()));
        yield OK;
      }
      default -> usage("unknown command " + positional.get(0));
    };
  }

  /**
   * Whether Spring Boot, not the CLI, takes an argument: {@code --debug}, {@code --trace} and
   * properties given as {@code --name=value} (a name with a dot: {@code
   * --salestech.silver.parallelism=1}).
   */
  static boolean springArgument(String arg) {
    if (arg.equals("--debug") || arg.equals("--trace")) {
      return true;
    }
    int equals = arg.indexOf('=');
    return arg.startsWith("--") && equals > 2 && arg.substring(2, equals).contains(".");
  }

  private int run(List<String> positional, List<String> options) {
    if (positional.size() != 2) {
      return usage("run takes one job name");
    }
    String job = positional.get(1);
    if (!jobRuns.knows(job)) {
      return usage("no job named '" + job + "'");
    }
    for (String option : options) {
      if (!option.equals("--full-refresh") && !option.equals("--new-run")) {
        return usage("unknown option " + option);
      }
    }
    JobExecution execution =
        jobRuns.runAndWait(job, options.contains("--full-refresh"), options.contains("--new-run"));
    String exit = execution.getExitStatus().getExitCode();
    String line =
        String.format(
            "%s execution %d: %s (%s)", job, execution.getId(), execution.getStatus(), exit);
    if (execution.getStatus() != BatchStatus.COMPLETED) {
      out.println(line);
      List<Throwable> failures = execution.getAllFailureExceptions();
      failures.forEach(e -> out.println("  " + e.getMessage()));
      err.println(
          PREFIX
              + line
              + (failures.isEmpty() ? "" : ": " + firstLine(failures.get(0).getMessage())));
      return FAILED;
    }
    // what the steps reported (daily-pipeline: bronze-to-silver: COMPLETED_WITH_FILE_ERRORS ...)
    String description = execution.getExitStatus().getExitDescription();
    out.println(line + (description.isBlank() ? "" : "; " + firstLine(description)));
    return exit.equals("COMPLETED") ? OK : COMPLETED_WITH_ERRORS;
  }

  private int land(List<String> positional, List<String> options) {
    Table table = null;
    LocalDate date = LocalDate.now();
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : null;
      String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
      if (value == null) {
        return usage(name + " needs a value: " + name + "=...");
      }
      switch (name) {
        case "--table" -> {
          table = Table.fromName(value).orElse(null);
          if (table == null) {
            return usage("unknown table " + value);
          }
        }
        case "--ingest-date" -> {
          try {
            date = LocalDate.parse(value);
          } catch (DateTimeParseException e) {
            return usage("--ingest-date is YYYY-MM-DD, not " + value);
          }
        }
        default -> {
          return usage("unknown option " + name);
        }
      }
    }
    if (positional.size() < 2) {
      return usage("land needs at least one file or directory");
    }
    List<Path> paths = positional.subList(1, positional.size()).stream().map(Path::of).toList();
    var results = lander.land(paths, table, date);
    int errors = 0;
    for (var result : results) {
      switch (result.outcome()) {
        case LANDED ->
            out.printf("landed %s -> %s (%d bytes)%n", result.file(), result.key(), result.bytes());
        case ALREADY_LANDED ->
            out.printf(
                "already landed %s as %s (%d bytes, identical)%n",
                result.file(), result.key(), result.bytes());
        case LANDED_BESIDE ->
            out.printf(
                "landed %s -> %s (%d bytes), beside the different object under its name%n",
                result.file(), result.key(), result.bytes());
        case NOT_LANDED -> {
          errors++;
          out.printf("NOT landed %s: %s%n", result.file(), result.error());
        }
      }
    }
    if (errors > 0) {
      err.printf("%s%d of %d files not landed%n", PREFIX, errors, results.size());
      return FAILED;
    }
    return results.isEmpty() ? usage("no .csv file found") : OK;
  }

  private int rollback(List<String> positional) {
    if (positional.size() < 2 || positional.size() > 3) {
      return usage("rollback takes a table and, optionally, a version");
    }
    String table = positional.get(1);
    String version = positional.size() == 3 ? positional.get(2) : null;
    if (table.equals("gold")) {
      return rollbackGold(version);
    }
    if (GoldTable.fromName(table).isPresent()) {
      return usage(
          "gold rolls back as one snapshot, all its tables together: rollback gold [<run>]");
    }
    Layer layer = Layer.SILVER;
    if (Table.fromName(table).isEmpty()) {
      return usage("unknown table " + table);
    }
    try {
      CurrentPointer before = versions.current(layer, table).orElse(null);
      CurrentPointer now = versions.rollback(layer, table, version);
      out.printf(
          "%s %s: readers now see version %s (%d rows), was %s%n",
          layer.name().toLowerCase(Locale.ROOT),
          table,
          now.version(),
          now.rows(),
          before == null ? "-" : before.version());
      return OK;
    } catch (IllegalStateException e) {
      err.println(PREFIX + firstLine(e.getMessage()));
      return FAILED;
    }
  }

  private int rollbackGold(String run) {
    try {
      String before = snapshots.current().map(GoldSnapshot::run).orElse("-");
      GoldSnapshot now = snapshots.rollback(run);
      out.printf("gold: readers now see snapshot %s %s, was %s%n", now.run(), now.tables(), before);
      return OK;
    } catch (IllegalStateException e) {
      out.println(e.getMessage());
      return FAILED;
    }
  }

  private int usage(String problem) {
    out.printf(USAGE_TEXT, String.join(", ", jobRuns.jobNames()));
    err.println(PREFIX + (problem != null ? problem : "a command is needed"));
    return USAGE;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }
}
