package com.salestech.query.report;

import com.salestech.query.engine.NoGoldException;
import com.salestech.query.engine.QueryFailedException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Failures as RFC 9457 problems. */
@RestControllerAdvice
class ProblemAdvice {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(BadParametersException.class)
  ResponseEntity<ProblemDetail> badParameters(BadParametersException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request parameters");
    List<Map<String, String>> errors =
        e.errors().stream()
            .map(err -> Map.of("parameter", err.parameter(), "message", err.message()))
            .toList();
    problem.setProperty("errors", errors);
    return problem(problem);
  }

  @ExceptionHandler(NoGoldException.class)
  ResponseEntity<ProblemDetail> noGold(NoGoldException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("No gold snapshot to report on");
    return problem(problem);
  }

  @ExceptionHandler(NoModelException.class)
  ResponseEntity<ProblemDetail> noModel(NoModelException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setTitle(
        ModelQueries.EFFECT.equals(e.table())
            ? "No promotion effect estimate published yet"
            : "No forecast published yet");
    problem.setProperty("table", e.table());
    problem.setProperty("snapshot", e.snapshot());
    return problem(problem);
  }

  @ExceptionHandler(QueryFailedException.class)
  ResponseEntity<ProblemDetail> queryFailed(QueryFailedException e) {
    HttpStatus status =
        switch (e.kind()) {
          case TIMED_OUT -> HttpStatus.GATEWAY_TIMEOUT;
          case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
          case FAILED -> HttpStatus.BAD_GATEWAY;
        };
    log.warn("Query failed ({}): {}", status.value(), e.getMessage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle("The query engine " + e.engine() + " did not answer");
    problem.setProperty("engine", e.engine());
    return problem(problem);
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
