package com.salestech.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.salestech.query.ForecastGold;
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
 * The lake is extended with the models' tables of {@link ForecastGold}, as the forecast job would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserIntegrationTests {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static final GoldLake LAKE = GoldLake.create("dashboard").publish(3_000, 11, LocalDate.now());

  /** The models' tables, trained up to the newest sale as the forecast job would be. */
  static final LocalDate TRAINED_UNTIL =
      (LocalDate) LAKE.oracleRow("SELECT max(dt_venda) AS d FROM WIDE").get("d");

  static {
    ForecastGold.extend(LAKE, TRAINED_UNTIL, "20261201T221401Z-903");
  }

  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  static final List<String> CHARTS =
      List.of(
          "revenue",
          "forecast",
          "accuracy",
          "effect",
          "stores",
          "products",
          "promotions",
          "payments",
          "customers");

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

  @SuppressWarnings("unchecked")
  List<List<Object>> seriesData(String chart, int series) {
    return (List<List<Object>>)
        js("return charts." + chart + ".getOption().series[" + series + "].data", new Object[0]);
  }

  static void assertNumber(Object actual, JsonNode expected) {
    if (expected == null || expected.isNull()) {
      assertThat(actual).isNull();
    } else {
      assertThat(new BigDecimal(String.valueOf(actual)))
          .isEqualByComparingTo(expected.decimalValue());
    }
  }

  @Test
  void theForecastOfTheChosenStoreIsDrawnAsItsBandsAndPointLineAfterItsHistory() throws Exception {
    // when
    open("?from=" + from + "&to=" + to + "&storeId=1");

    // then: the 95% and 80% bands and the point line are the API's forecast of store 1
    JsonNode forecast = api("/api/v1/forecasts?storeId=1&metric=revenue").get("data");
    JsonNode points = forecast.get("points");
    WebElement chart = browser.findElement(By.id("chart-forecast"));
    assertThat(chart.getDomAttribute("data-series")).isEqualTo("store:1");
    assertThat(chart.getDomAttribute("data-rendered")).isEqualTo("28");
    assertThat(chart.findElements(By.cssSelector("svg path")).size()).isGreaterThan(3);
    @SuppressWarnings("unchecked")
    List<String> dates = (List<String>) js("return charts.forecast.getOption().xAxis[0].data");
    // 56 days of history up to the day the model was trained until, then the 28 forecast days
    assertThat(dates).hasSize(56 + 28);
    assertThat(dates.get(55)).isEqualTo(TRAINED_UNTIL.toString());
    assertThat(dates.get(56)).isEqualTo(points.get(0).get("date").asString());
    List<List<Object>> band95 = seriesData("forecast", 0);
    List<List<Object>> band80 = seriesData("forecast", 1);
    List<List<Object>> line = seriesData("forecast", 3);
    assertThat(js("return charts.forecast.getOption().series.map(s => s.name).join()"))
        .isEqualTo("95% interval,80% interval,actual,forecast");
    assertThat(band95).hasSize(28);
    for (int i = 0; i < 28; i++) {
      JsonNode p = points.get(i);
      assertThat(((Number) band95.get(i).get(0)).intValue()).isEqualTo(56 + i);
      assertNumber(band95.get(i).get(1), p.get("lower95"));
      assertNumber(band95.get(i).get(2), p.get("upper95"));
      assertNumber(band80.get(i).get(1), p.get("lower80"));
      assertNumber(band80.get(i).get(2), p.get("upper80"));
      assertNumber(line.get(56 + i), p.get("point"));
    }
    // the two bands are drawn as filled polygons through the 2 x 28 bounds (the legend's icons
    // have their colour too, but four corners)
    assertThat(
            chart.findElements(By.cssSelector("svg path")).stream()
                .filter(path -> "#2f6fdf".equalsIgnoreCase(path.getDomAttribute("fill")))
                .filter(path -> String.valueOf(path.getDomAttribute("d")).split("L").length >= 56)
                .count())
        .isEqualTo(2);
    assertThat(line.get(55)).isNull();
    // the history is the revenue report of the same store by day
    JsonNode history =
        api(
            "/api/v1/reports/revenue?groupBy=day&storeId=1&from="
                + TRAINED_UNTIL.minusDays(55)
                + "&to="
                + TRAINED_UNTIL);
    List<List<Object>> actual = seriesData("forecast", 2);
    for (JsonNode row : history.at("/data/rows")) {
      int at = dates.indexOf(row.get("key").asString());
      assertNumber(actual.get(at), row.get("revenue"));
    }
    assertThat(browser.findElement(By.id("forecast-about")).getText())
        .contains("model ets")
        .contains("trained until " + TRAINED_UNTIL)
        .contains("computed from " + LAKE.run());
    assertThat(browser.findElement(By.id("forecast-note")).isDisplayed()).isFalse();

    // when: another store
    int before = loads();
    new Select(browser.findElement(By.id("storeId"))).selectByValue("2");
    awaitLoads(before + 1);

    // then
    assertThat(chart.getDomAttribute("data-series")).isEqualTo("store:2");
    assertThat(chart.getDomAttribute("data-rendered"))
        .as(browser.findElement(By.id("forecast-note")).getText())
        .isEqualTo("3");
    assertThat(browser.findElement(By.id("forecast-about")).getText())
        .contains("seasonal naive fallback");
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void theAccuracyIsTheChosenModelsMaseAgainstTheSeasonalNaivesOne() throws Exception {
    // when
    open("?from=" + from + "&to=" + to + "&metric=units");

    // then
    JsonNode models = api("/api/v1/forecasts/accuracy?metric=units").at("/data/models");
    List<List<Object>> bars = seriesData("accuracy", 0);
    assertThat(browser.findElement(By.id("chart-accuracy")).getDomAttribute("data-rendered"))
        .isEqualTo("1");
    assertThat(bars).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> bar = (Map<String, Object>) (Object) bars.get(0);
    assertNumber(bar.get("value"), models.get(0).get("mase"));
    assertThat(js("return charts.accuracy.getOption().series[0].markLine.data[0].xAxis"))
        .isEqualTo(1L);
    // the forecast follows the metric too
    assertThat(
            new Select(browser.findElement(By.id("metric")))
                .getFirstSelectedOption()
                .getDomAttribute("value"))
        .isEqualTo("units");
    assertNumber(
        seriesData("forecast", 3).get(56),
        api("/api/v1/forecasts?metric=units").at("/data/points/0/point"));
  }

  @Test
  void thePromotionEffectShowsBothEstimatesWithTheirIntervalsOverallAndPerProduct()
      throws Exception {
    // when
    open("?from=" + from + "&to=" + to);

    // then
    JsonNode rows = api("/api/v1/promotions/effect").at("/data/rows");
    assertThat(browser.findElement(By.id("chart-effect")).getDomAttribute("data-rendered"))
        .isEqualTo(String.valueOf(rows.size()))
        .isEqualTo("4");
    @SuppressWarnings("unchecked")
    List<String> labels = (List<String>) js("return charts.effect.getOption().yAxis[0].data");
    assertThat(labels).containsExactly("overall", "mouse", "teclado", "laptop básico");
    List<List<Object>> controlled = seriesData("effect", 0);
    List<List<Object>> naive = seriesData("effect", 1);
    for (int i = 0; i < rows.size(); i++) {
      JsonNode c = rows.get(i).get("controlled");
      assertNumber(controlled.get(i).get(1), c.get("uplift"));
      assertNumber(controlled.get(i).get(2), c.get("lower"));
      assertNumber(controlled.get(i).get(3), c.get("upper"));
      JsonNode n = rows.get(i).get("naive");
      assertNumber(naive.get(i).get(1), n.isNull() ? null : n.get("uplift"));
    }
    // a point and its error bar (three lines) per estimate: seven estimates
    WebElement chart = browser.findElement(By.id("chart-effect"));
    assertThat(chart.findElements(By.cssSelector("svg path, svg circle, svg line")).size())
        .isGreaterThanOrEqualTo(28);
    assertThat(consoleErrors()).isEmpty();
  }

  @Test
  void withoutAForecastPublishedTheModelCardsSayNoForecastYetAndTheRestWorks() throws Exception {
    // given: the API answers the models as it does before the forecast job ever ran
    open("?from=" + from + "&to=" + to);
    js(
        "const real = window.fetch;"
            + " window.fetch = (url, options) => /api\\/v1\\/(forecasts|promotions\\/effect)/"
            + ".test(String(url)) ? Promise.resolve(new Response(JSON.stringify({status: 404,"
            + " title: 'No forecast published yet', detail: 'gold snapshot x has no"
            + " previsao_vendas: no forecast has been published yet; run the forecast job"
            + " (batch-etl run forecast)'}), {status: 404, headers: {'Content-Type':"
            + " 'application/problem+json'}})) : real(url, options);");
    int before = loads();

    // when
    new Select(browser.findElement(By.id("paid"))).selectByValue("true");
    awaitLoads(before + 1);

    // then
    for (String model : List.of("forecast", "accuracy", "effect")) {
      WebElement note = browser.findElement(By.id(model + "-note"));
      assertThat(note.isDisplayed()).as(model).isTrue();
      assertThat(note.getText()).as(model).startsWith("No forecast yet").contains("forecast job");
      assertThat(browser.findElement(By.id("chart-" + model)).isDisplayed()).as(model).isFalse();
      assertThat(browser.findElement(By.id("chart-" + model)).getDomAttribute("data-rendered"))
          .isEqualTo("0");
    }
    assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("chart-stores")).getDomAttribute("data-rendered"))
        .isNotEqualTo("0");
    assertTilesEqual(
        api(
            "/api/v1/reports/kpis?from="
                + from
                + "&to="
                + to
                + "&paid=true&compare=previous_period"));
  }
}
