package com.salestech.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The models' answers: the forecasts, their backtest and the estimated promotion effect that the
 * {@code forecast} job of batch-etl adds to the gold snapshot. Each answers JSON (or CSV, with
 * {@code Accept: text/csv}) with the reports' provenance, and says in {@code data.computedFrom}
 * which gold run the models were computed from and whether that is the snapshot's run. Before the
 * job has ever run, each is a {@code 404} problem.
 */
@RestController
@RequestMapping("/api/v1")
class ModelsController {

  private final ReportService reports;
  private final Answers answers;

  ModelsController(ReportService reports, Answers answers) {
    this.reports = reports;
    this.answers = answers;
  }

  @GetMapping("/forecasts")
  @Operation(
      summary =
          "The daily forecast of the next 28 days of units or revenue, in total or of one store,"
              + " with its 80% and 95% prediction intervals and the model that made it",
      parameters = {
        @Parameter(
            name = "storeId",
            in = ParameterIn.QUERY,
            description = "a store; absent: the total of every store"),
        @Parameter(
            name = "metric",
            in = ParameterIn.QUERY,
            description = "revenue (default) | units")
      },
      responses = {
        @ApiResponse(responseCode = "200", description = "the forecast (no points: no such store)"),
        @ApiResponse(
            responseCode = "404",
            description = "no forecast published yet: run the forecast job")
      })
  ResponseEntity<?> forecast(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = new Params(raw, Set.of("storeId", "metric"));
    Integer storeId = p.id("storeId");
    ModelQueries.Metric metric =
        p.choice("metric", ModelQueries.Metric.class, ModelQueries.Metric.REVENUE);
    p.check();
    return answers.answer(reports.forecast(storeId, metric), accept);
  }

  @GetMapping("/forecasts/accuracy")
  @Operation(
      summary =
          "The rolling-origin backtest of every model on every series: per series and model the"
              + " mean MASE, RMSSE and 80%/95% interval coverage over the folds, which model was"
              + " chosen and whether it fell back to the seasonal naive; and every fold",
      parameters = {
        @Parameter(
            name = "metric",
            in = ParameterIn.QUERY,
            description = "revenue (default) | units")
      },
      responses = {
        @ApiResponse(responseCode = "200", description = "the backtest"),
        @ApiResponse(
            responseCode = "404",
            description = "no forecast published yet: run the forecast job")
      })
  ResponseEntity<?> accuracy(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = new Params(raw, Set.of("metric"));
    ModelQueries.Metric metric =
        p.choice("metric", ModelQueries.Metric.class, ModelQueries.Metric.REVENUE);
    p.check();
    return answers.answer(reports.forecastAccuracy(metric), accept);
  }

  @GetMapping("/promotions/effect")
  @Operation(
      summary =
          "The estimated uplift of promotions on daily units, overall and per product: the"
              + " controlled estimate (Poisson regression with store x product, weekday and season"
              + " effects) beside the naive difference in means, each with its 95% interval",
      responses = {
        @ApiResponse(responseCode = "200", description = "the estimates"),
        @ApiResponse(
            responseCode = "404",
            description = "no estimate published yet: run the forecast job")
      })
  ResponseEntity<?> promotionEffect(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    new Params(raw, Set.of()).check();
    return answers.answer(reports.promotionEffect(), accept);
  }
}
