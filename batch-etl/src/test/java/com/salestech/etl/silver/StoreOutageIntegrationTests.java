package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.etl.jobs.JobRuns;
import com.salestech.etl.sample.Manifest;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.model.Table;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The object store goes down in the middle of a run: the run fails and names what failed; once the
 * store is back, the next start finishes that run, with every valid row exactly once.
 */
@SpringBootTest
class StoreOutageIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("outage");
  static final SilverLake LAKE = new SilverLake(DATA);
  static final int PORT = freePort();

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    registry.add("salestech.lake.embedded.port", () -> PORT);
    registry.add("salestech.silver.progress-rows", () -> 2000);
    registry.add("salestech.silver.rows-per-file", () -> 20000);
    registry.add("salestech.silver.parallelism", () -> 1);
  }

  @Autowired Cli cli;
  @Autowired JobRuns jobRuns;
  @Autowired JobRepository repository;
  @Autowired EmbeddedS3Server store;

  @Test
  void aRunCutOffFromTheStoreFailsAndIsFinishedOnceTheStoreIsBack() throws Exception {
    Manifest manifest =
        SampleDataGenerator.generate(
            SampleDataGenerator.Options.of(100_000, 11), DATA.resolve("csv"));
    assertThat(cli.execute("land", DATA.resolve("csv").toString())).isEqualTo(Cli.OK);

    JobExecution started = jobRuns.start("bronze-to-silver", false, false);
    Path silver = DATA.resolve("lake/sales-tech-slv");
    while (publishedTables(silver) < 1) {
      Thread.sleep(20);
    }
    store.close();
    JobExecution failed = repository.getJobExecution(started.getId());
    for (int i = 0; i < 600 && failed.getStatus().isRunning(); i++) {
      Thread.sleep(100);
      failed = repository.getJobExecution(started.getId());
    }
    assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
    // the failed step says which object it could not store or read
    assertThat(failed.getStepExecutions())
        .filteredOn(s -> s.getStatus() == BatchStatus.FAILED)
        .anySatisfy(s -> assertThat(s.getExitStatus().getExitDescription()).contains("s3://"));

    try (EmbeddedS3Server back =
        EmbeddedS3Server.start(
            DATA.resolve("lake"),
            "127.0.0.1",
            PORT,
            "local-dev-key",
            "local-dev-secret",
            List.of("sales-tech-brz", "sales-tech-slv", "sales-tech-gld"))) {
      assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
      for (Table table : Table.values()) {
        String key = table.keyColumn().name();
        var rows = LAKE.rows(table.tableName(), key);
        assertThat(rows)
            .as(table.tableName())
            .hasSize((int) manifest.counts(table).expectedValid());
        assertThat(rows.stream().map(r -> r.get(key)).distinct().count())
            .as(table.tableName())
            .isEqualTo(rows.size());
      }
      assertThat(repository.getJobInstanceCount("bronze-to-silver")).isEqualTo(1);
    }
  }

  private static long publishedTables(Path silver) throws IOException {
    if (!Files.isDirectory(silver)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(silver)) {
      return files.filter(p -> p.getFileName().toString().equals("_current.json")).count();
    }
  }
}
