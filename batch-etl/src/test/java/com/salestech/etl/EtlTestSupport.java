package com.salestech.etl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Shared by the integration tests: a fresh data directory per test class, fixtures. */
public final class EtlTestSupport {

  private EtlTestSupport() {}

  public static Path newDataDir(String name) {
    try {
      return Files.createTempDirectory("salestech-" + name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path fixture(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(EtlTestSupport.class.getResource("/fixtures/" + name)).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
