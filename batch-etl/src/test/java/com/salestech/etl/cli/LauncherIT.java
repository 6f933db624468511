package com.salestech.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch-etl/bin/batch-etl} on a JDK 25 or newer (this workplace has Temurin 25 beside the
 * default 17): the first start trains an AOT cache for the build and that JDK (its training run, a
 * daily pipeline over a generated sample, must succeed for the cache to be kept), and the next
 * starts are handed it without training again. Skipped where no such JDK is found under {@code
 * /usr/lib/jvm} or in {@code SALESTECH_TEST_JDK25}.
 */
@EnabledOnOs(OS.LINUX)
class LauncherIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path LAUNCHER = MODULE.resolve("bin/batch-etl");
  private static final Path APP = MODULE.resolve("target/app");

  @TempDir Path data;

  record Result(int status, String out, String err) {}

  @Test
  void onJdk25TheFirstStartTrainsAnAotCacheAndLaterStartsUseIt() throws Exception {
    Optional<Path> jdk = jdk25();
    assumeTrue(jdk.isPresent(), "no JDK 25 or newer under /usr/lib/jvm");

    Result first = run(jdk.get(), "", "help");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("usage: batch-etl/bin/batch-etl <command>");
    assertThat(APP.resolve("batch-etl.aot")).as("the AOT cache").isNotEmptyFile();
    assertThat(APP.resolve("batch-etl.jsa")).doesNotExist();
    assertThat(Files.readString(APP.resolve("jvm.txt")))
        .startsWith(jdk.get().resolve("bin/java").toRealPath().toString());

    // the JVM prints the flags it was started with: the cache is handed to it; and with
    // AOTMode=on a cache the JVM cannot use ends the start instead of being ignored
    Result second = run(jdk.get(), "-XX:+PrintCommandLineFlags -XX:AOTMode=on", "help");
    assertThat(second.status()).isZero();
    assertThat(second.err()).as("no second training").doesNotContain("preparing");
    assertThat(second.out())
        .contains("-XX:AOTCache=" + APP.resolve("batch-etl.aot"))
        .contains("usage: batch-etl/bin/batch-etl <command>");
    // the heap taken whole at start, and the throughput collector
    assertThat(second.out())
        .contains("-XX:InitialHeapSize=1073741824", "-XX:MaxHeapSize=1073741824")
        .contains("-XX:+UseParallelGC");
  }

  private static Optional<Path> jdk25() throws IOException {
    String given = System.getenv("SALESTECH_TEST_JDK25");
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    Pattern version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path home : homes.sorted().toList()) {
        Path release = home.resolve("release");
        if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
          Matcher m = version.matcher(Files.readString(release));
          if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
            return Optional.of(home);
          }
        }
      }
    }
    return Optional.empty();
  }

  private Result run(Path jdk, String javaOptions, String... args) throws Exception {
    Path out = Files.createTempFile(data, "out", ".txt");
    Path err = Files.createTempFile(data, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("JAVA_HOME", jdk.toString());
    pb.environment().put("JAVA_TOOL_OPTIONS", javaOptions);
    // the caller's launcher settings are not this test's
    pb.environment().remove("SALESTECH_ETL_CDS");
    pb.environment().remove("SALESTECH_ETL_HEAP");
    pb.environment().remove("SALESTECH_ETL_GC");
    pb.environment().put("SALESTECH_DATA_DIR", data.resolve("data").toString());
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the launcher did not end within 3 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
