package com.salestech.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts on its own with the embedded lake and reports itself healthy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestApiApplicationIntegrationTests {

  static final Path DATA = newDataDir();

  static Path newDataDir() {
    try {
      return Files.createTempDirectory("salestech-ingest-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @LocalServerPort int port;
  @Autowired LakeStorage storage;
  @Autowired LakeLayout layout;

  @Test
  void startsHealthyOnTheEmbeddedLake() throws Exception {
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"UP\"");

    storage.put(
        layout.gold().bucket(), "probe.txt", "ok".getBytes(StandardCharsets.UTF_8), "text/plain");
    assertThat(Files.readString(DATA.resolve("lake/sales-tech-gld/probe.txt"))).isEqualTo("ok");
  }
}
