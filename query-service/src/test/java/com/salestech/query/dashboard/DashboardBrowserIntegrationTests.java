package com.salestech.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.salestech.query.GoldLake;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs), over real gold built by batch-etl: it loads without console
 * errors, draws every chart, shows the API's numbers, and follows filters and cross-filter clicks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserIntegrationTests {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static final GoldLake LAKE = GoldLake.create("dashboard").publish(3_000, 11, LocalDate.now());

  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  static final List<String> CHARTS =
      List.of("revenue", "stores", "products", "promotions", "payments", "customers");

  static ChromeDriver browser;
  static Path profile;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", () -> LAKE.dataDir().toString());
  }

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBrowser() throws Exception {
    // CI installs the browser and must never skip; a developer without it gets a skip
    assumeTrue(
        Files.isExecutable(CHROMEDRIVER) || System.getenv("CI") != null,
        "Debian's chromium and chromium-driver are not installed");
    profile = Files.createTempDirectory("salestech-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,2000",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  String from;
  String to;

  @BeforeEach
  void range() throws Exception {
    LocalDate newest =
        LocalDate.parse(api("/api/v1/reports/freshness").at("/data/newestSale").asString());
    from = newest.minusMonths(6).withDayOfMonth(1).toString();
    to = newest.toString();
  }

  JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> response = send(pathAndQuery, "application/json");
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  HttpResponse<String> send(String pathAndQuery, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Opens the dashboard and waits for its first complete load. */
  void open(String query) {
    browser.get("http://localhost:" + port + "/" + query);
    awaitLoads(1);
  }

  int loads() {
    Object n = js("return Number(document.body.dataset.loaded || 0)");
    return ((Number) n).intValue();
  }

  void awaitLoads(int atLeast) {
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d ->
                loads() >= atLeast
                    && "false".equals(js("return document.body.dataset.loading || ''")));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  Map<String, String> tiles() {
    Map<String, String> tiles = new java.util.HashMap<>();
    for (WebElement tile : browser.findElements(By.cssSelector("#tiles .tile"))) {
      tiles.put(tile.getDomAttribute("data-kpi"), tile.getDomAttribute("data-value"));
    }
    return tiles;
  }

  void assertTilesEqual(JsonNode kpis) {
    Map<String, String> tiles = tiles();
    JsonNode figures = kpis.at("/data/figures");
    assertThat(tiles)
        .containsOnlyKeys(
            "sales", "units", "revenue", "averageTicket", "promotionShare", "paidShare");
    for (String kpi : tiles.keySet()) {
      JsonNode expected = figures.get(kpi);
      if (expected.isNull()) {
        assertThat(tiles.get(kpi)).as(kpi).isEmpty();
      } else {
        assertThat(new BigDecimal(tiles.get(kpi)))
            .as(kpi)
            .isEqualByComparingTo(expected.decimalValue());
      }
    }
  }

  List<String> consoleErrors() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Test
  void thePageLoadsWithoutConsoleErrorsAndDrawsEveryChart() throws Exception {
    // when
    open("?from=" + from + "&to=" + to);

    // then
    assertThat(consoleErrors()).isEmpty();
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    for (String chart : CHARTS) {
      WebElement element = browser.findElement(By.id("chart-" + chart));
      assertThat(Integer.parseInt(element.getDomAttribute("data-rendered")))
          .as("rows drawn in %s", chart)
          .isPositive();
      assertThat(element.findElements(By.cssSelector("svg path"))).as(chart).isNotEmpty();
    }
    assertThat(browser.findElement(By.id("freshness")).getText())
        .contains(LAKE.run())
        .contains("engine duckdb");
    assertTilesEqual(
        api("/api/v1/reports/kpis?from=" + from + "&to=" + to + "&compare=previous_period"));
  }

  @Test
  void aFilterChangeUpdatesTheTilesAndTheUrl() throws Exception {
    // given
    open("?from=" + from + "&to=" + to);
    int before = loads();

    // when
    new Select(browser.findElement(By.id("promotion"))).selectByValue("true");
    awaitLoads(before + 1);

    // then
    assertThat(browser.getCurrentUrl()).contains("promotion=true");
    JsonNode expected =
        api(
            "/api/v1/reports/kpis?from="
                + from
                + "&to="
                + to
                + "&promotion=true&compare=previous_period");
    assertThat(expected.at("/data/figures/promotionShare").decimalValue())
        .isEqualByComparingTo("1.0000");
    assertTilesEqual(expected);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void clickingAStoreFiltersEveryOtherChart() throws Exception {
    // given
    open("?from=" + from + "&to=" + to);
    JsonNode stores = api("/api/v1/reports/revenue?from=" + from + "&to=" + to + "&groupBy=store");
    String firstStore = stores.at("/data/rows/0/key").asString();
    int before = loads();

    // when: a real mouse click on the middle of the first bar
    @SuppressWarnings("unchecked")
    List<Number> point =
        (List<Number>)
            js(
                "const c = charts.stores; const v = c.getOption().series[0].data[0].value;"
                    + " return c.convertToPixel({seriesIndex: 0}, [v / 2, 0]);");
    WebElement chart = browser.findElement(By.id("chart-stores"));
    int dx = point.get(0).intValue() - chart.getSize().getWidth() / 2;
    int dy = point.get(1).intValue() - chart.getSize().getHeight() / 2;
    new Actions(browser).moveToElement(chart, dx, dy).click().perform();
    awaitLoads(before + 1);

    // then
    assertThat(browser.getCurrentUrl()).contains("storeId=" + firstStore);
    assertThat(
            new Select(browser.findElement(By.id("storeId")))
                .getFirstSelectedOption()
                .getDomAttribute("value"))
        .isEqualTo(firstStore);
    assertTilesEqual(
        api(
            "/api/v1/reports/kpis?from="
                + from
                + "&to="
                + to
                + "&storeId="
                + firstStore
                + "&compare=previous_period"));
    JsonNode products =
        api(
            "/api/v1/reports/top-products?from="
                + from
                + "&to="
                + to
                + "&storeId="
                + firstStore
                + "&limit=10");
    assertThat(browser.findElement(By.id("chart-products")).getDomAttribute("data-rendered"))
        .isEqualTo(String.valueOf(products.at("/data/rows").size()));
  }

  @Test
  void aSharedUrlOpensTheSameView() throws Exception {
    // when
    open("?from=" + from + "&to=" + to + "&paid=false&grain=day");

    // then
    assertThat(
            new Select(browser.findElement(By.id("paid")))
                .getFirstSelectedOption()
                .getDomAttribute("value"))
        .isEqualTo("false");
    assertThat(
            new Select(browser.findElement(By.id("grain")))
                .getFirstSelectedOption()
                .getDomAttribute("value"))
        .isEqualTo("day");
    assertTilesEqual(
        api(
            "/api/v1/reports/kpis?from="
                + from
                + "&to="
                + to
                + "&paid=false&compare=previous_period"));
  }

  @Test
  void theRowsBehindAChartAreTheApisSaleRows() throws Exception {
    // given
    open("?from=" + from + "&to=" + to + "&promotion=true");

    // when
    browser.findElement(By.cssSelector("[data-chart=promotions] .rows")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> !d.findElements(By.cssSelector("#rows-table tbody tr")).isEmpty());

    // then
    JsonNode page = api("/api/v1/sales?from=" + from + "&to=" + to + "&promotion=true&limit=100");
    List<WebElement> rows = browser.findElements(By.cssSelector("#rows-table tbody tr"));
    assertThat(rows).hasSize(page.at("/data/rows").size());
    assertThat(rows.get(0).findElements(By.tagName("td")).get(0).getText())
        .isEqualTo(page.at("/data/rows/0/saleId").asString());
  }

  @Test
  void aCsvDownloadIsTheApisCsv() throws Exception {
    // given
    open("?from=" + from + "&to=" + to);

    // when
    browser.findElement(By.cssSelector("[data-chart=stores] .csv")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> js("return window.lastCsv ? window.lastCsv.bytes : null") != null);

    // then
    HttpResponse<String> csv =
        send("/api/v1/reports/revenue?from=" + from + "&to=" + to + "&groupBy=store", "text/csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Number> downloaded = (List<Number>) js("return window.lastCsv.bytes");
    byte[] bytes = new byte[downloaded.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = downloaded.get(i).byteValue();
    }
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(csv.body());
    assertThat(csv.body().lines().count()).isEqualTo(11);
  }
}
