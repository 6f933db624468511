package com.salestech.etl.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduled pipeline, when bronze-to-silver refused an object: the run succeeded (exit 0) and
 * says what its step reported, on the CLI and in the jobs API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class DailyPipelineRefusedObjectsIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("pipeline-refused");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @LocalServerPort int port;

  @Test
  void aRefusedObjectLeavesThePipelineSuccessfulAndIsNamedInItsExitDescription(
      CapturedOutput output) throws Exception {
    Path empty = Files.createFile(DATA.resolve("late_vendas.csv"));
    assertThat(cli.execute("land", EtlTestSupport.fixture("gold").toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("land", empty.toString())).isEqualTo(Cli.OK);

    int exit = cli.execute("run", "daily-pipeline");

    assertThat(exit).isEqualTo(Cli.OK);
    assertThat(output.getOut())
        .contains(
            "daily-pipeline execution 1: COMPLETED (COMPLETED);"
                + " bronze-to-silver: COMPLETED_WITH_FILE_ERRORS (execution 2)");
    assertThat(LAKE.gold("wide_vendas", "id_venda")).hasSize(7);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/jobs/runs/1"))
                    .header("X-API-Key", "local-dev-api-key")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode run = JsonMapper.shared().readTree(response.body());
    assertThat(run.get("job").asString()).isEqualTo("daily-pipeline");
    assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("exitCode").asString()).isEqualTo("COMPLETED");
    assertThat(run.get("exitDescription").asString())
        .isEqualTo("bronze-to-silver: COMPLETED_WITH_FILE_ERRORS (execution 2)");
    assertThat(run.get("steps").get(0).get("name").asString()).isEqualTo("bronze-to-silver");
    assertThat(run.get("steps").get(0).get("exitCode").asString())
        .isEqualTo("COMPLETED_WITH_FILE_ERRORS");
  }
}
