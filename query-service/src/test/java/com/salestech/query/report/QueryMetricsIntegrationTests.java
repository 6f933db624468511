package com.salestech.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.query.GoldLake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every engine statement is timed and the report cache counted, in {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueryMetricsIntegrationTests {

  static final GoldLake LAKE = GoldLake.create("metrics").publish(300, 7, LocalDate.now());

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void reportStatementsAreTimedAndTheCacheIsCounted() throws Exception {
    String kpis = "/api/v1/reports/kpis?from=2019-01-01&to=2019-06-30";
    HttpResponse<String> first = get(kpis);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    // the same report again: answered from the cache, no statement
    assertThat(get(kpis).statusCode()).isEqualTo(200);

    HttpResponse<String> scrape = get("/actuator/prometheus");
    assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
    String body = scrape.body();

    double statements =
        value(
            body,
            "salestech_query_duration_seconds_count\\{[^}]*engine=\"duckdb\",report=\"kpis\""
                + "[^}]*\\}");
    assertThat(statements).isGreaterThanOrEqualTo(1);
    assertThat(
            value(
                body,
                "salestech_query_duration_seconds_sum\\{[^}]*engine=\"duckdb\",report=\"kpis\""
                    + "[^}]*\\}"))
        .isPositive();
    assertThat(value(body, "cache_gets_total\\{[^}]*cache=\"reports\"[^}]*result=\"hit\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(value(body, "cache_gets_total\\{[^}]*cache=\"reports\"[^}]*result=\"miss\"[^}]*\\}"))
        .isEqualTo(1);
    assertThat(value(body, "cache_size\\{[^}]*cache=\"reports\"[^}]*\\}")).isEqualTo(1);

    // the cached answer ran no statement
    assertThat(
            value(
                get("/actuator/prometheus").body(),
                "salestech_query_duration_seconds_count\\{[^}]*engine=\"duckdb\",report=\"kpis\""
                    + "[^}]*\\}"))
        .isEqualTo(statements);
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
