package com.salestech.etl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.cli.Cli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A job run through the CLI shows in {@code /actuator/prometheus}, scraped without a key. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class BatchMetricsIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("batch-metrics");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;
  @LocalServerPort int port;

  @Test
  void rowsAndJobAndStepTimersOfARunAreScraped(CapturedOutput output) throws Exception {
    assertThat(cli.execute("land", EtlTestSupport.fixture("gold").toString())).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
    String body = scrape.body();

    assertThat(
            value(
                body,
                "salestech_batch_rows_total\\{[^}]*job=\"bronze-to-silver\",kind=\"read\","
                    + "step=\"silver-vendas\"[^}]*\\}"))
        .isPositive();
    assertThat(
            value(
                body,
                "salestech_batch_rows_total\\{[^}]*job=\"bronze-to-silver\",kind=\"written\","
                    + "step=\"silver-vendas\"[^}]*\\}"))
        .isPositive();
    assertThat(
            value(
                body,
                "salestech_batch_rows_total\\{[^}]*job=\"bronze-to-silver\",kind=\"skipped\","
                    + "step=\"silver-vendas\"[^}]*\\}"))
        .isZero();
    // the steps of a flow job, which Spring Batch does not time, and the gold partitions
    assertThat(
            value(
                body,
                "salestech_batch_step_duration_seconds_count\\{[^}]*job=\"bronze-to-silver\","
                    + "status=\"COMPLETED\",step=\"silver-vendas\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(
            value(
                body,
                "salestech_batch_step_duration_seconds_count\\{[^}]*job=\"silver-to-gold\","
                    + "status=\"COMPLETED\",step=\"build-gold-worker:worker0\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(
            value(
                body,
                "spring_batch_job_seconds_count\\{[^}]*spring_batch_job_name=\"bronze-to-silver\""
                    + "[^}]*spring_batch_job_status=\"COMPLETED\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(
            value(
                body,
                "spring_batch_step_seconds_count\\{[^}]*spring_batch_step_job_name=\"silver-to-gold\","
                    + "spring_batch_step_name=\"publish-gold\","
                    + "spring_batch_step_status=\"COMPLETED\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(
            value(
                body,
                "salestech_batch_rows_total\\{[^}]*job=\"silver-to-gold\",kind=\"written\","
                    + "step=\"build-gold\"[^}]*\\}"))
        .isPositive();

    // logging.structured.format.console=ecs: the console is one ECS JSON object a line
    assertThat(output.getOut().lines().filter(l -> l.startsWith("{\"@timestamp\"")))
        .anySatisfy(l -> assertThat(l).contains("\"batch-etl\"", "\"ecs\""));
  }

  /** The value of the one sample matching {@code sample}. */
  static double value(String body, String sample) {
    Matcher m = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(body);
    assertThat(m.find()).as("a sample %s in:%n%s", sample, body).isTrue();
    double value = Double.parseDouble(m.group(1));
    assertThat(m.find()).as("only one sample %s", sample).isFalse();
    return value;
  }
}
