package com.salestech.etl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliTests {

  @Test
  void springPropertiesAndLoggingSwitchesAreLeftToSpringBoot() {
    assertThat(Cli.springArgument("--salestech.silver.parallelism=1")).isTrue();
    assertThat(Cli.springArgument("--spring.profiles.active=aws")).isTrue();
    assertThat(Cli.springArgument("--debug")).isTrue();
    assertThat(Cli.springArgument("--trace")).isTrue();
  }

  @Test
  void theCommandsOwnOptionsStayTheCommands() {
    assertThat(Cli.springArgument("--full-refresh")).isFalse();
    assertThat(Cli.springArgument("--new-run")).isFalse();
    assertThat(Cli.springArgument("--table=vendas")).isFalse();
    assertThat(Cli.springArgument("--ingest-date=2026-11-20")).isFalse();
    assertThat(Cli.springArgument("vendas.csv")).isFalse();
  }
}
