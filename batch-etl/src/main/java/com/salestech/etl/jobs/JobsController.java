package com.salestech.etl.jobs;

import java.net.URI;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Starts job runs and shows their status and progress. Every call needs an API key. */
@RestController
@RequestMapping("/api/v1/jobs")
// a worker of the gold build serves no jobs API: its manager starts the runs
@ConditionalOnExpression("!${salestech.gold.remote.worker:false}")
class JobsController {

  private final JobRuns jobRuns;

  JobsController(JobRuns jobRuns) {
    this.jobRuns = jobRuns;
  }

  /** Options of a new run; all optional. */
  record RunRequest(Boolean fullRefresh, Boolean newRun) {}

  record StepView(
      String name,
      String status,
      String exitCode,
      long rowsRead,
      long rowsWritten,
      LocalDateTime startedAt,
      LocalDateTime endedAt) {}

  record RunView(
      long id,
      String job,
      String status,
      String exitCode,
      String exitDescription,
      LocalDateTime startedAt,
      LocalDateTime endedAt,
      LocalDateTime lastUpdated,
      List<StepView> steps,
      List<String> failures) {

    static RunView of(JobExecution e) {
      return new RunView(
          e.getId(),
          e.getJobInstance().getJobName(),
          e.getStatus().name(),
          e.getExitStatus().getExitCode(),
          firstLine(e.getExitStatus().getExitDescription()),
          e.getStartTime(),
          e.getEndTime(),
          e.getLastUpdated(),
          e.getStepExecutions().stream()
              .sorted(Comparator.comparing(StepExecution::getId))
              .map(
                  s ->
                      new StepView(
                          s.getStepName(),
                          s.getStatus().name(),
                          s.getExitStatus().getExitCode(),
                          s.getReadCount(),
                          s.getWriteCount(),
                          s.getStartTime(),
                          s.getEndTime()))
              .toList(),
          e.getStepExecutions().stream()
              .filter(s -> s.getStatus() == BatchStatus.FAILED)
              .map(s -> s.getStepName() + ": " + firstLine(s.getExitStatus().getExitDescription()))
              .toList());
    }

    /** The exception line of a step's exit description, without its stack trace. */
    private static String firstLine(String description) {
      int end = description.indexOf('\n');
      return (end < 0 ? description : description.substring(0, end)).strip();
    }
  }

  @PostMapping("/{job}/runs")
  ResponseEntity<RunView> start(
      @PathVariable String job, @RequestBody(required = false) RunRequest request) {
    if (!jobRuns.knows(job)) {
      throw new UnknownJobException(job);
    }
    boolean fullRefresh = request != null && Boolean.TRUE.equals(request.fullRefresh());
    boolean newRun = request != null && Boolean.TRUE.equals(request.newRun());
    JobExecution execution = jobRuns.start(job, fullRefresh, newRun);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/jobs/runs/" + execution.getId()))
        .body(RunView.of(execution));
  }

  @GetMapping("/runs/{id}")
  ResponseEntity<RunView> run(@PathVariable long id) {
    return jobRuns
        .execution(id)
        .map(e -> ResponseEntity.ok(RunView.of(e)))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  static final class UnknownJobException extends RuntimeException {
    UnknownJobException(String job) {
      super("no job named '" + job + "'");
    }
  }

  @ExceptionHandler(UnknownJobException.class)
  ProblemDetail unknownJob(UnknownJobException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    problem.setProperty("jobs", jobRuns.jobNames());
    return problem;
  }

  @ExceptionHandler(JobAlreadyRunningException.class)
  ProblemDetail alreadyRunning(JobAlreadyRunningException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
  }
}
