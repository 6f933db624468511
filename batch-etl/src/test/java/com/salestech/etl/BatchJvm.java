package com.salestech.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code batch-etl} in a JVM of its own, as a CronJob runs it, over a data directory; its stdout
 * and stderr go to {@code <name>.out} and {@code <name>.err} there.
 */
public record BatchJvm(Path data) {

  /** How long a command may take before the test takes it as hung. */
  public static final Duration BOUND = Duration.ofSeconds(60);

  public record Outcome(int exit, String stdout, List<String> stderr) {}

  public Process start(String name, String... args) throws IOException {
    return start(name, List.of(), args);
  }

  /** Starts a command with more JVM options ({@code -Dsalestech.gold.workers=1}, say). */
  public Process start(String name, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dsalestech.silver.progress-rows=5000");
    command.add("-Dsalestech.silver.parallelism=1");
    command.addAll(jvmOptions);
    command.add(BatchEtlApplication.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(data.resolve(name + ".out").toFile())
            .redirectError(data.resolve(name + ".err").toFile());
    builder.environment().put("SALESTECH_DATA_DIR", data.toString());
    return builder.start();
  }

  /** Runs a command; fails the test unless the process ends within {@link #BOUND}. */
  public Outcome runToEnd(String name, String... args) throws Exception {
    return runToEnd(name, List.of(), args);
  }

  public Outcome runToEnd(String name, List<String> jvmOptions, String... args) throws Exception {
    Process process = start(name, jvmOptions, args);
    boolean ended = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    Outcome outcome =
        new Outcome(
            ended ? process.exitValue() : -1,
            Files.readString(data.resolve(name + ".out")),
            Files.readAllLines(data.resolve(name + ".err")));
    assertThat(ended).as("%s ended within %s\n%s", name, BOUND, outcome).isTrue();
    return outcome;
  }

  /** Waits until a started command has printed a text on stdout. */
  public void awaitOutput(String name, String text) throws Exception {
    Path out = data.resolve(name + ".out");
    for (long waited = 0; waited < BOUND.toMillis(); waited += 100) {
      if (Files.readString(out).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " never printed '" + text + "':\n" + Files.readString(out));
  }

  /** Kills (SIGKILL) a started command once {@code now} holds; fails if it ended before. */
  public void killWhen(String name, Process process, java.util.function.BooleanSupplier now)
      throws Exception {
    for (long waited = 0; waited < BOUND.toMillis(); waited += 20) {
      if (now.getAsBoolean()) {
        process.destroyForcibly().waitFor();
        return;
      }
      assertThat(process.isAlive())
          .as("%s ended before the moment to kill it:\n%s", name, output(name))
          .isTrue();
      Thread.sleep(20);
    }
    process.destroyForcibly().waitFor();
    throw new AssertionError(name + " never reached the moment to kill it:\n" + output(name));
  }

  /** What a started command has printed on stdout so far. */
  public String output(String name) throws IOException {
    return Files.readString(data.resolve(name + ".out"));
  }

  /** A data directory with these exports landed in bronze (landed in this JVM, faster). */
  public static BatchJvm landed(String name, Path exports) {
    Path data = EtlTestSupport.newDataDir(name);
    int exit =
        BatchEtlApplication.runCommand("land", exports.toString(), "--salestech.data-dir=" + data);
    assertThat(exit).isEqualTo(0);
    return new BatchJvm(data);
  }
}
