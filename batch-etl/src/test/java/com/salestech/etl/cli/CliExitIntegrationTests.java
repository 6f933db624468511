package com.salestech.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchJvm;
import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.sample.SampleDataGenerator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/**
 * {@code batch-etl.jar} as a CronJob runs it, in a JVM of its own: whatever goes wrong, the process
 * ends, with one line on stderr saying why and an exit status saying what to do.
 */
class CliExitIntegrationTests {

  private static void signal(Process process, String signal) throws Exception {
    assertThat(
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                .start()
                .waitFor())
        .isZero();
  }

  @Test
  void aStartWhileAnotherRunIsLiveEndsAtOnceAskingToTryLater() throws Exception {
    Path exports = EtlTestSupport.newDataDir("cli-exit-csv");
    SampleDataGenerator.generate(SampleDataGenerator.Options.of(200_000, 7), exports);
    BatchJvm batch = BatchJvm.landed("cli-exit-live", exports);
    // This JVM hosts the job repository (the first to open an AUTO_SERVER database serves it),
    // so that freezing the live run freezes only the run.
    try (Connection host =
        DriverManager.getConnection(
            "jdbc:h2:file:" + batch.data().resolve("jobs/batch") + ";AUTO_SERVER=TRUE", "sa", "")) {
      Process live = batch.start("live", "run", "bronze-to-silver");
      try {
        batch.awaitOutput("live", "Executing step: [silver-");
        signal(live, "STOP");

        BatchJvm.Outcome refused = batch.runToEnd("refused", "run", "daily-pipeline");

        assertThat(refused.exit()).as(refused.stdout()).isEqualTo(Cli.TRY_LATER);
        assertThat(refused.stderr()).hasSize(1);
        assertThat(refused.stderr().get(0))
            .startsWith("batch-etl: bronze-to-silver is already running (execution 1, started 20")
            .endsWith("); try again later");
        assertThat(refused.stdout()).doesNotContain("\tat ").doesNotContain("Exception");
      } finally {
        live.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void anUnknownTableInTheSettingsEndsWithAConfigurationError() throws Exception {
    BatchJvm batch = new BatchJvm(EtlTestSupport.newDataDir("cli-exit-settings"));

    BatchJvm.Outcome outcome =
        batch.runToEnd(
            "settings",
            "run",
            "bronze-to-silver",
            "--salestech.silver.tables.vends.max-reject-rate=0.5");

    assertThat(outcome.exit()).as(outcome.stdout()).isEqualTo(Cli.CONFIGURATION);
    assertThat(outcome.stderr())
        .containsExactly(
            "batch-etl: salestech.silver.tables.vends: unknown table; tables: clientes, lojas,"
                + " produtos, vendas, pagamentos, venda_promocao");
    assertThat(outcome.stdout()).doesNotContain("\tat ").doesNotContain("APPLICATION FAILED");
  }

  @Test
  void anUnreachableJobRepositoryEndsWithServiceUnavailable() throws Exception {
    BatchJvm batch = new BatchJvm(EtlTestSupport.newDataDir("cli-exit-unreachable"));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    BatchJvm.Outcome outcome =
        batch.runToEnd(
            "unreachable",
            "run",
            "daily-pipeline",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/salestech");

    assertThat(outcome.exit()).as(outcome.stdout()).isEqualTo(Cli.UNAVAILABLE);
    assertThat(outcome.stderr()).hasSize(1);
    assertThat(outcome.stderr().get(0))
        .startsWith(
            "batch-etl: the job repository is unreachable: Connection to 127.0.0.1:"
                + port
                + " refused.");
    assertThat(outcome.stdout()).doesNotContain("\tat ");
  }
}
