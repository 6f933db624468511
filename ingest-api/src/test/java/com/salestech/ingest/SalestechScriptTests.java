package com.salestech.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level {@code ./salestech} script, for real but cheaply: its help, {@code status} over a
 * data directory where nothing runs, {@code reset}, and the checks {@code up} makes before it
 * starts anything ({@code up --check-only}), among them a port held by this JVM. A full {@code up}
 * (build, sample, pipeline, three services) is too heavy for the test command.
 */
@EnabledOnOs(OS.LINUX)
class SalestechScriptTests {

  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("salestech").normalize();

  @TempDir Path dataDir;

  private int ingestPort;
  private int queryPort;
  private int etlPort;

  record Result(int status, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @BeforeEach
  void freePorts() throws IOException {
    ingestPort = freePort();
    queryPort = freePort();
    etlPort = freePort();
  }

  @Test
  void helpNamesEveryCommandAndSetting() {
    Result help = run(List.of("help"));

    assertThat(help.status()).isZero();
    assertThat(help.out())
        .contains("usage: ./salestech <command>")
        .contains("up [--check-only] [--pipeline] [--no-events]")
        .contains("  down ", "  status", "  reset [-y]", "  help ")
        .contains("SALESTECH_DATA_DIR", "INGEST_API_PORT", "QUERY_SERVICE_PORT", "BATCH_ETL_PORT")
        .contains("SALES ", "SALESTECH_EVENT_INTERVAL", "SALESTECH_STOP_TIMEOUT")
        .contains("(now: " + dataDir + ")", "(now: " + ingestPort + ")");
    assertThat(run(List.of("--help")).out()).isEqualTo(help.out());
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Result result = run(List.of("start"));

    assertThat(result.status()).isEqualTo(64);
    assertThat(result.err()).contains("unknown command start").contains("usage:");
    assertThat(run(List.of("up", "--fast")).status()).isEqualTo(64);
  }

  @Test
  void statusSaysNothingRunsAndWhereTheDataIs() {
    Result status = run(List.of("status"));

    assertThat(status.status()).as(status.all()).isEqualTo(3);
    assertThat(status.out())
        .contains("data: " + dataDir)
        .contains("gold: none yet")
        .containsPattern("ingest-api +- +" + ingestPort + " +not running")
        .containsPattern("query-service +- +" + queryPort + " +not running")
        .containsPattern("batch-etl +- +" + etlPort + " +not running")
        .containsPattern("events +- +- +not running")
        .contains("logs: " + dataDir.resolve("logs"));
  }

  @Test
  void checkOnlyPassesWhenThePortsAreFree() {
    Result check = run(List.of("up", "--check-only"));

    assertThat(check.status()).as(check.all()).isZero();
    assertThat(check.out())
        .contains("checks passed")
        .contains(ingestPort + ", " + etlPort + ", " + queryPort + " free");
    assertThat(dataDir.resolve("run")).doesNotExist();
    assertThat(dataDir.resolve("logs")).doesNotExist();
  }

  @Test
  void aTakenPortIsNamedBeforeAnythingStarts() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      ingestPort = taken.getLocalPort();

      Result check = run(List.of("up", "--check-only"));

      assertThat(check.status()).as(check.all()).isEqualTo(69);
      assertThat(check.err())
          .contains("port " + ingestPort + " (ingest-api, INGEST_API_PORT) is already in use")
          .contains("set INGEST_API_PORT to a free port")
          .doesNotContain("QUERY_SERVICE_PORT)", "BATCH_ETL_PORT)");
      if (check.err().contains("(pid ")) {
        // ss or lsof could tell who holds it: this JVM
        assertThat(check.err()).contains("(pid " + ProcessHandle.current().pid() + ")");
      }
      assertThat(check.out()).doesNotContain("checks passed");

      // up itself refuses the same way, before building or starting anything
      Result up = run(List.of("up", "--no-events"));
      assertThat(up.status()).as(up.all()).isEqualTo(69);
      assertThat(up.out()).doesNotContain("building", "generating");
      assertThat(dataDir.resolve("run")).doesNotExist();
    }
  }

  @Test
  void resetAsksUnlessYes() throws IOException {
    Files.createDirectories(dataDir.resolve("lake/sales-tech-brz"));

    Result refused = run(List.of("reset"));
    assertThat(refused.status()).isEqualTo(64);
    assertThat(refused.err()).contains("reset -y");
    assertThat(dataDir.resolve("lake")).isDirectory();

    Result reset = run(List.of("reset", "-y"));
    assertThat(reset.status()).as(reset.all()).isZero();
    assertThat(reset.out()).contains("stopped and deleted " + dataDir);
    assertThat(dataDir).doesNotExist();
  }

  private Result run(List<String> args) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.getParent().toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("SALESTECH_") || name.equals("SALES"));
    env.put("SALESTECH_DATA_DIR", dataDir.toString());
    env.put("INGEST_API_PORT", Integer.toString(ingestPort));
    env.put("QUERY_SERVICE_PORT", Integer.toString(queryPort));
    env.put("BATCH_ETL_PORT", Integer.toString(etlPort));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    try {
      File out = Files.createTempFile("salestech-script-", ".out").toFile();
      File err = Files.createTempFile("salestech-script-", ".err").toFile();
      try {
        Process process =
            builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out)
                .redirectError(err)
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("./salestech " + String.join(" ", args) + " did not end");
        }
        return new Result(
            process.exitValue(),
            Files.readString(out.toPath(), StandardCharsets.UTF_8),
            Files.readString(err.toPath(), StandardCharsets.UTF_8));
      } finally {
        out.delete();
        err.delete();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
