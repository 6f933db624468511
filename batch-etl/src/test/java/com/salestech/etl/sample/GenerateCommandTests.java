package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.etl.sample.SampleDataGenerator.Command;
import com.salestech.etl.sample.SampleDataGenerator.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch-etl generate}'s arguments: defaults, the retail options, and clear refusals. */
class GenerateCommandTests {

  @Test
  void theDefaultsAreUniformSalesWithTheUsualSeedAndDirt() {
    Command command = SampleDataGenerator.parse("--sales", "1000", "--out", "/tmp/x");

    assertThat(command.options()).isEqualTo(new Options(1000, 42, 0.001));
    assertThat(command.options().demand()).isEqualTo(Demand.UNIFORM);
    assertThat(command.out()).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void retailTakesItsDefaultsAndEachOfItsOptions() {
    assertThat(SampleDataGenerator.parse("--sales", "1000", "--out", "x", "--demand", "retail"))
        .isEqualTo(new Command(Options.retail(1000, 42), Path.of("x")));

    Command command =
        SampleDataGenerator.parse(
            "--demand=retail",
            "--sales",
            "200_000",
            "--seed",
            "-7",
            "--dirt-rate",
            "0",
            "--days",
            "365",
            "--start",
            "2019-06-01",
            "--uplift",
            "0",
            "--campaigns",
            "high-season",
            "--out=dir");

    assertThat(command.options())
        .isEqualTo(
            new Options(
                200_000,
                -7,
                0,
                new Demand.Retail(
                    LocalDate.of(2019, 6, 1), 365, 0, CampaignPlacement.HIGH_SEASON)));
    assertThat(command.out()).isEqualTo(Path.of("dir"));
  }

  @Test
  void wrongArgumentsAreRefusedSayingWhatIsWrong() {
    assertRefused("--sales and --out are required", "--sales", "10");
    assertRefused("unknown option --salse", "--salse", "10", "--out", "x");
    assertRefused("unexpected argument 10", "10", "--out", "x");
    assertRefused("--seed needs a value", "--sales", "10", "--out", "x", "--seed");
    assertRefused("--seed needs a value", "--sales", "10", "--seed", "--out", "x");
    assertRefused("--sales is given twice", "--sales", "10", "--out", "x", "--sales=20");
    assertRefused("--sales must be a whole number, was 'ten'", "--sales", "ten", "--out", "x");
    assertRefused("sales must be between 10 and", "--sales", "9", "--out", "x");
    assertRefused(
        "--dirt-rate must be a number, was 'NaN'",
        "--sales",
        "10",
        "--out",
        "x",
        "--dirt-rate",
        "NaN");
    assertRefused(
        "dirtRate must be between 0 and 0.5", "--sales", "10", "--out", "x", "--dirt-rate", "0.6");
    assertRefused(
        "--demand must be uniform or retail, was 'seasonal'",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "seasonal");
    assertRefused("--days needs --demand retail", "--sales", "10", "--out", "x", "--days", "10");
    assertRefused(
        "--uplift needs --demand retail",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "uniform",
        "--uplift",
        "0.5");
    assertRefused(
        "days must be between 1 and 3660, was 0",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "retail",
        "--days",
        "0");
    assertRefused(
        "--days must be a whole number, was '99999999999'",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "retail",
        "--days",
        "99999999999");
    assertRefused(
        "--start must be a date YYYY-MM-DD, was '2019-02-30'",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "retail",
        "--start",
        "2019-02-30");
    assertRefused(
        "uplift must be between 0 and 10, was -0.1",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "retail",
        "--uplift",
        "-0.1");
    assertRefused(
        "campaigns must be random or high-season, was 'always'",
        "--sales",
        "10",
        "--out",
        "x",
        "--demand",
        "retail",
        "--campaigns",
        "always");
    assertRefused(
        "sales must be at most 10000000 a day",
        "--sales",
        "200000000",
        "--out",
        "x",
        "--demand",
        "retail",
        "--days",
        "10");
  }

  @Test
  void theCommandExitsWithTheUsageStatusAndOneLineOnStderr(@TempDir Path dir) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SampleDataGenerator.class.getName(),
                "--sales",
                "100",
                "--out",
                dir.toString(),
                "--uplift",
                "2")
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> stderr =
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .toList();

    assertThat(process.exitValue()).isEqualTo(64);
    assertThat(stderr).containsExactly("batch-etl: generate: --uplift needs --demand retail");
    assertThat(stdout).startsWith("usage: batch-etl generate --sales N --out DIR");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void theCommandWritesRetailExportsAndTheirTruth(@TempDir Path dir) throws IOException {
    SampleDataGenerator.main(
        new String[] {
          "--sales", "2000", "--out", dir.toString(), "--demand", "retail", "--days", "60"
        });

    DemandTruth truth = DemandTruth.read(dir.resolve("truth.json"));
    assertThat(truth.days()).isEqualTo(60);
    assertThat(truth.requestedSales()).isEqualTo(2000);
    assertThat(truth.seed()).isEqualTo(42);
  }

  private static void assertRefused(String message, String... args) {
    assertThatThrownBy(() -> SampleDataGenerator.parse(args))
        .as(String.join(" ", args))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
