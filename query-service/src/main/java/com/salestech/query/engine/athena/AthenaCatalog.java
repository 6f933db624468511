package com.salestech.query.engine.athena;

import com.salestech.query.engine.QueryEngine;
import com.salestech.query.engine.QueryFailedException;
import com.salestech.query.engine.catalog.Catalog;
import com.salestech.query.engine.catalog.GoldTableNames;
import com.salestech.query.engine.catalog.VersionedTable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.ListTableMetadataResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseByAgeConfiguration;
import software.amazon.awssdk.services.athena.model.ResultReuseConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.TableMetadata;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

/**
 * Amazon Athena through the SDK's synchronous client: a statement is started with its values as
 * {@code ExecutionParameters}, awaited by polling {@code GetQueryExecution} with a growing wait,
 * stopped with {@code StopQueryExecution} when it runs past the query timeout or the caller is
 * interrupted, and its rows read page by page from {@code GetQueryResults} while they are handed
 * on. Throttled calls ({@code TooManyRequestsException}: over the account's quota of queries in
 * flight, or of API calls) are retried with backoff.
 */
public final class AthenaCatalog implements Catalog {

  private static final Logger log = LoggerFactory.getLogger(AthenaCatalog.class);

  public static final String NAME = "athena";

  /** Athena's largest page of results. */
  static final int PAGE = 1000;

  private final AthenaClient client;
  private final AthenaProperties properties;
  private final Duration queryTimeout;
  private volatile boolean databaseReady;

  public AthenaCatalog(AthenaClient client, AthenaProperties properties, Duration queryTimeout) {
    this.client = client;
    this.properties = properties;
    this.queryTimeout = queryTimeout;
  }

  @Override
  public String engine() {
    return NAME;
  }

  @Override
  public void register(VersionedTable table) {
    ensureDatabase();
    run(
        AthenaTableDdl.create(table, properties.database(), properties.locationScheme()),
        "registering " + table.name());
  }

  @Override
  public void drop(String name) {
    run(AthenaTableDdl.drop(properties.database(), name), "dropping " + name);
  }

  private void ensureDatabase() {
    if (!databaseReady) {
      run(AthenaTableDdl.createDatabase(properties.database()), "creating the database");
      databaseReady = true;
    }
  }

  @Override
  public Set<String> tables() {
    Set<String> names = new LinkedHashSet<>();
    String token = null;
    do {
      String next = token;
      ListTableMetadataResponse page =
          throttled(
              "listing tables of " + properties.database(),
              () ->
                  client.listTableMetadata(
                      r ->
                          r.catalogName(properties.catalog())
                              .databaseName(properties.database())
                              .nextToken(next)));
      for (TableMetadata table : page.tableMetadataList()) {
        if (GoldTableNames.tableOf(table.name()).isPresent()) {
          names.add(table.name());
        }
      }
      token = page.nextToken();
    } while (token != null);
    return names;
  }

  @Override
  public void query(String sql, List<?> values, QueryEngine.RowHandler rows) {
    String queryId = start(sql, AthenaValues.parameters(values), properties.resultReuse());
    await(queryId);
    read(queryId, rows);
  }

  /** Runs a DDL statement to its end; its (empty) result is not read. */
  private void run(String ddl, String what) {
    String queryId = start(ddl, List.of(), false);
    try {
      await(queryId);
    } catch (QueryFailedException e) {
      throw new QueryFailedException(
          NAME, e.kind(), what + " in " + properties.database() + ": " + e.getMessage(), e);
    }
  }

  private String start(String sql, List<String> parameters, boolean reuse) {
    StartQueryExecutionRequest.Builder request =
        StartQueryExecutionRequest.builder()
            .queryString(sql)
            .workGroup(properties.workgroup())
            .queryExecutionContext(
                QueryExecutionContext.builder()
                    .catalog(properties.catalog())
                    .database(properties.database())
                    .build());
    if (!parameters.isEmpty()) {
      request.executionParameters(parameters);
    }
    if (!properties.outputLocation().isEmpty()) {
      request.resultConfiguration(
          ResultConfiguration.builder().outputLocation(properties.outputLocation()).build());
    }
    if (reuse) {
      request.resultReuseConfiguration(
          ResultReuseConfiguration.builder()
              .resultReuseByAgeConfiguration(
                  ResultReuseByAgeConfiguration.builder()
                      .enabled(true)
                      .maxAgeInMinutes(
                          (int) Math.max(1, properties.resultReuseMaxAge().toMinutes()))
                      .build())
              .build());
    }
    StartQueryExecutionRequest built = request.build();
    return throttled("starting a query", () -> client.startQueryExecution(built))
        .queryExecutionId();
  }

  /** Polls until the query succeeded; stops it past the timeout or when the caller gives up. */
  private void await(String queryId) {
    long deadline = System.nanoTime() + queryTimeout.toNanos();
    long wait = Math.max(1, properties.pollInitial().toMillis());
    while (true) {
      QueryExecutionStatus status;
      try {
        status =
            throttled(
                    "polling query " + queryId,
                    () -> client.getQueryExecution(r -> r.queryExecutionId(queryId)))
                .queryExecution()
                .status();
      } catch (Interrupted e) {
        throw stopInterrupted(queryId, e);
      }
      QueryExecutionState state = status.state();
      if (state == QueryExecutionState.SUCCEEDED) {
        return;
      }
      if (state == QueryExecutionState.FAILED) {
        throw new QueryFailedException(
            NAME,
            QueryFailedException.Kind.FAILED,
            "query " + queryId + " failed: " + reason(status),
            null);
      }
      if (state == QueryExecutionState.CANCELLED) {
        throw new QueryFailedException(
            NAME,
            QueryFailedException.Kind.FAILED,
            "query " + queryId + " was cancelled: " + reason(status),
            null);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        stop(queryId);
        throw new QueryFailedException(
            NAME,
            QueryFailedException.Kind.TIMED_OUT,
            "query " + queryId + " ran past " + queryTimeout + " and was stopped",
            null);
      }
      try {
        Thread.sleep(Math.min(wait, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        throw stopInterrupted(queryId, e);
      }
      wait = Math.min(wait * 2, Math.max(1, properties.pollMax().toMillis()));
    }
  }

  /**
   * The caller gave up (its thread was interrupted): the query is stopped so that it costs nothing
   * more, with the interrupt flag cleared for that call (the SDK aborts calls of an interrupted
   * thread) and set again after.
   */
  private QueryFailedException stopInterrupted(String queryId, Exception cause) {
    Thread.interrupted();
    stop(queryId);
    Thread.currentThread().interrupt();
    return new QueryFailedException(
        NAME,
        QueryFailedException.Kind.FAILED,
        "query " + queryId + " was stopped: the request was interrupted",
        cause);
  }

  /** An SDK call aborted because the calling thread was interrupted. */
  private static final class Interrupted extends QueryFailedException {
    Interrupted(String what, Throwable cause) {
      super(NAME, Kind.FAILED, what + ": interrupted", cause);
    }
  }

  private void stop(String queryId) {
    try {
      client.stopQueryExecution(r -> r.queryExecutionId(queryId));
    } catch (RuntimeException e) {
      // it may have finished meanwhile; Athena stops an abandoned one at the workgroup's limit
      log.warn("Athena: cannot stop query {}: {}", queryId, e.toString());
    }
  }

  private static String reason(QueryExecutionStatus status) {
    AthenaError error = status.athenaError();
    String reason = status.stateChangeReason();
    if (error != null && error.errorMessage() != null && !error.errorMessage().equals(reason)) {
      reason = (reason == null ? "" : reason + "; ") + error.errorMessage();
    }
    if (error != null && Boolean.TRUE.equals(error.retryable())) {
      reason += " (retryable)";
    }
    return reason == null ? "no reason given" : reason;
  }

  /** Hands on every row of every page; the first row of the first page is the header. */
  private void read(String queryId, QueryEngine.RowHandler rows) {
    String token = null;
    AthenaRow row = null;
    boolean header = true;
    do {
      String next = token;
      GetQueryResultsResponse page =
          throttled(
              "reading results of query " + queryId,
              () ->
                  client.getQueryResults(
                      r -> r.queryExecutionId(queryId).maxResults(PAGE).nextToken(next)));
      if (row == null) {
        row = new AthenaRow(queryId, page.resultSet().resultSetMetadata().columnInfo());
      }
      for (software.amazon.awssdk.services.athena.model.Row data : page.resultSet().rows()) {
        if (header) {
          header = false;
          continue;
        }
        rows.row(row.at(data.data()));
      }
      token = page.nextToken();
    } while (token != null);
  }

  /** Calls Athena, retrying with a doubling wait while it answers that it is throttling. */
  private <T> T throttled(String what, Supplier<T> call) {
    long wait = Math.max(1, properties.throttleBackoff().toMillis());
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (AthenaException e) {
        boolean throttling = e instanceof TooManyRequestsException || e.isThrottlingException();
        if (!throttling) {
          throw new QueryFailedException(
              NAME, QueryFailedException.Kind.FAILED, what + ": " + e.getMessage(), e);
        }
        if (attempt >= properties.throttleRetries()) {
          throw new QueryFailedException(
              NAME,
              QueryFailedException.Kind.BUSY,
              what + ": still throttled after " + attempt + " retries",
              e);
        }
        log.debug("Athena throttled {} (attempt {}), waiting {} ms", what, attempt + 1, wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new Interrupted(what, interrupted);
        }
        wait *= 2;
      } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
        if (Thread.currentThread().isInterrupted() || aborted(e)) {
          throw new Interrupted(what, e);
        }
        throw new QueryFailedException(
            NAME, QueryFailedException.Kind.FAILED, what + ": " + e.getMessage(), e);
      }
    }
  }

  private static boolean aborted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof software.amazon.awssdk.core.exception.AbortedException) {
        return true;
      }
    }
    return false;
  }
}
