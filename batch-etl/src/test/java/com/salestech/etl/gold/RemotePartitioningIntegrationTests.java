package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchEtlApplication;
import com.salestech.etl.BatchJvm;
import com.salestech.etl.EmbeddedQueue;
import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.model.avro.GoldTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Remote partitioning of the gold build: a manager JVM runs {@code silver-to-gold} and sends its
 * four partitions to an SQS queue (ElasticMQ, in this JVM); two worker JVMs (the same application,
 * server mode, {@code salestech.gold.remote.worker}) build them over the shared lake and job
 * repository. Gold is row for row the gold of a single-process run on threads, and stays so when a
 * worker is killed (SIGKILL) in the middle of a partition: its lease runs out and the other worker
 * builds that partition again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePartitioningIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("gold-remote");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final PublishedGold GOLD = new PublishedGold(DATA);
  static final BatchJvm BATCH = new BatchJvm(DATA);
  static final String QUEUE = "sales-tech-gold-partitions";
  static final String JOBS_DB = "jdbc:h2:file:" + DATA.resolve("jobs/batch") + ";AUTO_SERVER=TRUE";
  static final int PARTITIONS = 4;

  static EmbeddedQueue sqs;
  static String endpoint;
  // Held open for the whole class: this JVM serves the H2 file to the others (AUTO_SERVER), so no
  // killed JVM takes the database server down with it.
  static Connection jobsDb;
  static final List<Process> workers = new ArrayList<>();
  static Map<String, List<String>> singleProcessGold;

  @BeforeAll
  static void lakeQueueAndJobRepository() throws Exception {
    sqs = EmbeddedQueue.start(QUEUE);
    endpoint = sqs.endpoint();
    SampleDataGenerator.generate(SampleDataGenerator.Options.of(30_000, 23), DATA.resolve("csv"));
    assertThat(
            BatchEtlApplication.runCommand(
                "land", DATA.resolve("csv").toString(), "--salestech.data-dir=" + DATA))
        .isZero();
    assertThat(
            BatchEtlApplication.runCommand(
                "run", "bronze-to-silver", "--salestech.data-dir=" + DATA))
        .isZero();
    jobsDb = DriverManager.getConnection(JOBS_DB, "sa", "");
    // the reference: one process, the four partitions on its threads
    assertThat(
            BatchEtlApplication.runCommand(
                "run",
                "silver-to-gold",
                "--salestech.data-dir=" + DATA,
                "--salestech.gold.workers=" + PARTITIONS))
        .isZero();
    singleProcessGold = gold();
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process worker : workers) {
      worker.destroy();
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
    if (jobsDb != null) {
      jobsDb.close();
    }
    if (sqs != null) {
      sqs.close();
    }
  }

  /** Options of the manager and the workers: the queue, short leases, small progress slices. */
  static List<String> remote(String role) {
    return List.of(
        "-Dsalestech.gold.remote." + role + "=true",
        "-Dsalestech.gold.remote.endpoint=" + endpoint,
        "-Dsalestech.gold.remote.lease=6s",
        "-Dsalestech.gold.remote.poll-interval=200ms",
        "-Dsalestech.gold.remote.progress-interval=2s",
        "-Dsalestech.gold.workers=" + PARTITIONS,
        "-Dsalestech.gold.progress-rows=300",
        "-Daws.accessKeyId=local",
        "-Daws.secretAccessKey=local");
  }

  static Process startWorker(String name, String... moreOptions) throws Exception {
    List<String> options = new ArrayList<>(remote("worker"));
    options.addAll(List.of(moreOptions)); // the last of a -D wins
    Process worker = BATCH.start(name, options, "--server.port=0");
    workers.add(worker);
    BATCH.awaitOutput(name, "gold worker: taking partitions from the queue " + QUEUE);
    return worker;
  }

  /** Every gold table's published rows, sorted, as text. */
  static Map<String, List<String>> gold() {
    Map<String, List<String>> tables = new TreeMap<>();
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      tables.put(
          table.tableName(),
          LAKE.query("SELECT * FROM " + GOLD.relation(table.tableName()) + " ORDER BY ALL").stream()
              .map(Object::toString)
              .toList());
    }
    return tables;
  }

  static void assertSameGoldAsOneProcess(String previousRun) {
    assertThat(GOLD.versions().values()).doesNotContain(previousRun);
    Map<String, List<String>> remote = gold();
    assertThat(remote.keySet()).isEqualTo(singleProcessGold.keySet());
    for (String table : remote.keySet()) {
      assertThat(remote.get(table)).as(table).isNotEmpty().isEqualTo(singleProcessGold.get(table));
    }
  }

  @Test
  @Order(1)
  void twoWorkerJvmsBuildTheGoldOfOneProcess() throws Exception {
    String before = GOLD.version("wide_vendas");
    startWorker("worker-a");
    startWorker("worker-b");

    BatchJvm.Outcome manager =
        BATCH.runToEnd("manager", remote("enabled"), "run", "silver-to-gold", "--full-refresh");

    assertThat(manager.exit()).as(manager.toString()).isZero();
    assertSameGoldAsOneProcess(before);
    // each partition built by a worker, both workers built some, the manager none
    String built = BATCH.output("worker-a") + BATCH.output("worker-b");
    for (int i = 0; i < PARTITIONS; i++) {
      assertThat(built).contains("gold worker: build-gold-worker:worker" + i + " ended COMPLETED");
    }
    assertThat(BATCH.output("worker-a")).contains("ended COMPLETED");
    assertThat(BATCH.output("worker-b")).contains("ended COMPLETED");
    assertThat(manager.stdout()).doesNotContain("Executing step: [build-gold-worker");
    // the manager has the schedule; a worker runs none (a server otherwise schedules
    // daily-pipeline at 03:00)
    assertThat(built).doesNotContain("is scheduled at cron");
  }

  @Test
  @Order(2)
  void aWorkerKilledInThePartitionItBuildsLeavesItToTheOther() throws Exception {
    String before = GOLD.version("wide_vendas");
    Process victim = workers.get(0);
    int seen = BATCH.output("worker-a").length();

    Process manager =
        BATCH.start("manager-kill", remote("enabled"), "run", "silver-to-gold", "--full-refresh");
    String[] killed = new String[1];
    BATCH.killWhen(
        "worker-a",
        victim,
        () -> {
          killed[0] = buildingWithProgress("worker-a", seen);
          return killed[0] != null;
        });
    assertThat(manager.waitFor(BatchJvm.BOUND.toSeconds() * 2, TimeUnit.SECONDS))
        .as("the manager ended\n%s", BATCH.output("manager-kill"))
        .isTrue();

    assertThat(manager.exitValue()).as(BATCH.output("manager-kill")).isZero();
    assertThat(BATCH.output("worker-b"))
        .contains("gold worker: building " + killed[0] + " again (take 2 of 3)")
        .contains("gold worker: " + killed[0] + " ended COMPLETED");
    assertSameGoldAsOneProcess(before);
  }

  @Test
  @Order(3)
  void aWorkerStoppedInThePartitionItBuildsFinishesOrGivesItBackAndTheRunGoesOn() throws Exception {
    String before = GOLD.version("wide_vendas");
    startWorker("worker-c");
    Process stopped = workers.get(1); // worker-b
    int seen = BATCH.output("worker-b").length();

    String building = stopWhileBuilding("manager-stop", "worker-b", stopped, seen);
    // it finished the partition within its lease, or gave it back and halted
    assertThat(BATCH.output("worker-b"))
        .containsAnyOf(
            "gold worker: " + building + " ended COMPLETED",
            building + " still building after PT6S: given back to the queue");
    assertSameGoldAsOneProcess(before);
  }

  @Test
  @Order(4)
  void aWorkerStoppedForLongerThanItsLeaseGivesThePartitionBackAndHalts() throws Exception {
    String before = GOLD.version("wide_vendas");
    // a short lease and small progress slices: its partition cannot finish within the lease
    Process slow =
        startWorker(
            "worker-d", "-Dsalestech.gold.remote.lease=3s", "-Dsalestech.gold.progress-rows=2");
    int seenOfC = BATCH.output("worker-c").length();

    String building = stopWhileBuilding("manager-halt", "worker-d", slow, 0);
    assertThat(BATCH.output("worker-d"))
        .contains(building + " still building after PT3S: given back to the queue")
        .doesNotContain(building + " ended");
    assertThat(BATCH.output("worker-c").substring(seenOfC))
        .contains("gold worker: building " + building + " again")
        .contains("gold worker: " + building + " ended COMPLETED");
    assertSameGoldAsOneProcess(before);
  }

  @Test
  @Order(5)
  void aMissingQueueFailsTheRunNamingIt() throws Exception {
    String before = GOLD.version("wide_vendas");

    int exit =
        BatchEtlApplication.runCommand(
            "run",
            "silver-to-gold",
            "--full-refresh",
            "--salestech.data-dir=" + DATA,
            "--salestech.gold.remote.enabled=true",
            "--salestech.gold.remote.endpoint=" + endpoint,
            "--salestech.gold.remote.queue=no-such-queue",
            "--spring.cloud.aws.credentials.access-key=local",
            "--spring.cloud.aws.credentials.secret-key=local");

    assertThat(exit).isNotZero();
    assertThat(GOLD.version("wide_vendas")).isEqualTo(before);
    try (PreparedStatement st =
            jobsDb.prepareStatement(
                "SELECT status, exit_message FROM batch_step_execution WHERE step_name ="
                    + " 'build-gold' ORDER BY step_execution_id DESC LIMIT 1");
        ResultSet rs = st.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("FAILED");
      assertThat(rs.getString(2))
          .contains("the SQS queue no-such-queue of the gold partitions does not exist");
    }
  }

  /**
   * Runs the build as the manager, stops (SIGTERM) a worker once it builds a partition that has
   * read sales, and waits for both; the manager must succeed. Returns that partition.
   */
  private static String stopWhileBuilding(String manager, String worker, Process process, int seen)
      throws Exception {
    Process run =
        BATCH.start(manager, remote("enabled"), "run", "silver-to-gold", "--full-refresh");
    String building = null;
    for (long waited = 0; building == null; waited += 20) {
      assertThat(waited).as("%s builds a partition", worker).isLessThan(BatchJvm.BOUND.toMillis());
      building = buildingWithProgress(worker, seen);
      Thread.sleep(20);
    }
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(BatchJvm.BOUND.toSeconds(), TimeUnit.SECONDS))
        .as("%s stopped", worker)
        .isTrue();
    assertThat(run.waitFor(BatchJvm.BOUND.toSeconds() * 2, TimeUnit.SECONDS))
        .as("the manager ended\n%s", BATCH.output(manager))
        .isTrue();
    assertThat(run.exitValue()).as(BATCH.output(manager)).isZero();
    return building;
  }

  private static final Pattern BUILDING =
      Pattern.compile("gold worker: building (build-gold-worker:worker\\d+) \\(job execution");

  /**
   * The partition a worker is building (in its output after the first {@code seen} characters) once
   * the job repository shows it started and has read sales; null before.
   */
  private static String buildingWithProgress(String worker, int seen) {
    String partition = null;
    try {
      Matcher m = BUILDING.matcher(BATCH.output(worker).substring(seen));
      while (m.find()) {
        partition = m.group(1);
      }
      if (partition == null) {
        return null;
      }
      try (PreparedStatement st =
          jobsDb.prepareStatement(
              "SELECT status, read_count FROM batch_step_execution WHERE step_name = ?"
                  + " ORDER BY step_execution_id DESC LIMIT 1")) {
        st.setString(1, partition);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() && rs.getString(1).equals("STARTED") && rs.getLong(2) > 0
              ? partition
              : null;
        }
      }
    } catch (Exception e) {
      return null;
    }
  }
}
