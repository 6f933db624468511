package com.salestech.query.engine.athena;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Athena has no emulator: this is a local HTTP server speaking the part of its JSON 1.1 protocol
 * the adapter uses ({@code POST /} with {@code X-Amz-Target: AmazonAthena.<Operation>}), scripted
 * by the tests: the states a query goes through, its result pages, throttled calls. DDL statements
 * succeed at once and keep the list of tables {@code ListTableMetadata} answers.
 */
final class FakeAthena implements AutoCloseable {

  /** One call as received: the operation and its JSON body. */
  record Call(String operation, JsonNode body) {}

  /** A result column as {@code ColumnInfo} describes it. */
  record Column(String name, String type, int precision, int scale) {}

  private static final Pattern CREATE =
      Pattern.compile("CREATE EXTERNAL TABLE IF NOT EXISTS `[^`]+`\\.`([^`]+)`");
  private static final Pattern DROP = Pattern.compile("DROP TABLE IF EXISTS `[^`]+`\\.`([^`]+)`");

  private final JsonMapper json = JsonMapper.shared();
  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Deque<String>> states = new HashMap<>();
  private final Map<String, Result> results = new HashMap<>();
  private final Deque<List<String>> nextStates = new ArrayDeque<>();
  private final Deque<Result> nextResults = new ArrayDeque<>();
  private final Set<String> tables = Collections.synchronizedSet(new LinkedHashSet<>());
  private int throttledStarts;
  private int pageSize = 1000;

  private record Result(List<Column> columns, List<String[]> rows) {}

  FakeAthena() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A client of this server, without the SDK's own retries (the adapter's are under test). */
  AthenaClient client() {
    return AthenaClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The next SELECT goes through these states, one per {@code GetQueryExecution} (last stays). */
  synchronized FakeAthena states(String... sequence) {
    nextStates.add(List.of(sequence));
    return this;
  }

  /** The next SELECT returns these rows (a null cell is a null value). */
  synchronized FakeAthena results(List<Column> columns, List<String[]> rows) {
    nextResults.add(new Result(columns, rows));
    return this;
  }

  synchronized FakeAthena pageSize(int rows) {
    pageSize = rows;
    return this;
  }

  /** The next {@code n} {@code StartQueryExecution} are refused with TooManyRequestsException. */
  synchronized FakeAthena throttleStarts(int n) {
    throttledStarts = n;
    return this;
  }

  FakeAthena table(String name) {
    tables.add(name);
    return this;
  }

  Set<String> tables() {
    return Set.copyOf(tables);
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  List<Call> calls(String operation) {
    return calls().stream().filter(c -> c.operation().equals(operation)).toList();
  }

  /** The query strings started, in order. */
  List<String> started() {
    return calls("StartQueryExecution").stream()
        .map(c -> c.body().path("QueryString").asString())
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode request = json.readTree(body.length == 0 ? "{}".getBytes() : body);
    String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
    calls.add(new Call(operation, request));
    ObjectNode response = json.createObjectNode();
    int status = 200;
    synchronized (this) {
      switch (operation) {
        case "StartQueryExecution" -> {
          if (throttledStarts > 0) {
            throttledStarts--;
            status = 400;
            response.put("__type", "TooManyRequestsException");
            response.put("message", "Rate exceeded");
            response.put("Reason", "CONCURRENT_QUERY_LIMIT_EXCEEDED");
          } else {
            response.put("QueryExecutionId", start(request.path("QueryString").asString()));
          }
        }
        case "GetQueryExecution" -> {
          String id = request.path("QueryExecutionId").asString();
          Deque<String> seq = states.get(id);
          String state = seq.size() > 1 ? seq.poll() : seq.peek();
          ObjectNode execution = response.putObject("QueryExecution");
          execution.put("QueryExecutionId", id);
          ObjectNode st = execution.putObject("Status");
          st.put("State", state);
          if (state.equals("FAILED")) {
            st.put(
                "StateChangeReason", "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved");
            ObjectNode error = st.putObject("AthenaError");
            error.put("ErrorCategory", 2);
            error.put("ErrorType", 1006);
            error.put("Retryable", false);
            error.put("ErrorMessage", "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved");
          }
        }
        case "GetQueryResults" -> page(request, response);
        case "StopQueryExecution" -> {
          String id = request.path("QueryExecutionId").asString();
          states.put(id, new ArrayDeque<>(List.of("CANCELLED")));
        }
        case "ListTableMetadata" -> {
          ArrayNode list = response.putArray("TableMetadataList");
          synchronized (tables) {
            tables.forEach(t -> list.addObject().put("Name", t).put("TableType", "EXTERNAL_TABLE"));
          }
        }
        default -> {
          status = 400;
          response.put("__type", "InvalidRequestException");
          response.put("message", "unknown operation " + operation);
        }
      }
    }
    byte[] out = json.writeValueAsBytes(response);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  private String start(String sql) {
    String id = "q-" + ids.incrementAndGet();
    String upper = sql.stripLeading().toUpperCase();
    if (upper.startsWith("CREATE") || upper.startsWith("DROP")) {
      Matcher create = CREATE.matcher(sql);
      if (create.find()) {
        tables.add(create.group(1));
      }
      Matcher drop = DROP.matcher(sql);
      if (drop.find()) {
        tables.remove(drop.group(1));
      }
      states.put(id, new ArrayDeque<>(List.of("SUCCEEDED")));
      results.put(id, new Result(List.of(), List.of()));
      return id;
    }
    List<String> seq =
        nextStates.isEmpty() ? List.of("QUEUED", "RUNNING", "SUCCEEDED") : nextStates.poll();
    states.put(id, new ArrayDeque<>(seq));
    results.put(id, nextResults.isEmpty() ? new Result(List.of(), List.of()) : nextResults.poll());
    return id;
  }

  /** Pages of {@code pageSize} rows; the header row counts as a row of the first page. */
  private void page(JsonNode request, ObjectNode response) {
    String id = request.path("QueryExecutionId").asString();
    Result result = results.get(id);
    int from =
        request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asString()) : 0;
    int size = Math.min(pageSize, request.path("MaxResults").asInt(1000));
    List<String[]> all = new ArrayList<>();
    all.add(result.columns().stream().map(Column::name).toArray(String[]::new));
    all.addAll(result.rows());
    int to = Math.min(all.size(), from + size);
    ObjectNode set = response.putObject("ResultSet");
    ArrayNode rows = set.putArray("Rows");
    for (String[] row : all.subList(from, to)) {
      ArrayNode data = rows.addObject().putArray("Data");
      for (String cell : row) {
        ObjectNode datum = data.addObject();
        if (cell != null) {
          datum.put("VarCharValue", cell);
        }
      }
    }
    ArrayNode info = set.putObject("ResultSetMetadata").putArray("ColumnInfo");
    for (Column c : result.columns()) {
      info.addObject()
          .put("CatalogName", "hive")
          .put("Name", c.name())
          .put("Label", c.name())
          .put("Type", c.type())
          .put("Precision", c.precision())
          .put("Scale", c.scale())
          .put("Nullable", "UNKNOWN");
    }
    if (to < all.size()) {
      response.put("NextToken", String.valueOf(to));
    }
    response.put("UpdateCount", 0);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
