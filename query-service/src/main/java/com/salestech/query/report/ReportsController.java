package com.salestech.query.report;

import com.salestech.query.report.Bodies.Envelope;
import com.salestech.query.report.Bodies.Provenance;
import com.salestech.query.report.Bodies.Tabular;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reporting API. Every endpoint takes the common filters ({@code from}, {@code to}, {@code
 * storeId}, {@code productId}, {@code promotion}, {@code paid}) and answers JSON, or CSV with every
 * row when asked with {@code Accept: text/csv}. Parameters are read strictly ({@link Params}): any
 * other parameter is a {@code 400} naming it.
 */
@RestController
@RequestMapping("/api/v1")
class ReportsController {

  static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

  /** The most sale rows one page of {@code /api/v1/sales} returns. */
  static final int MAX_PAGE = 1000;

  /** The most products {@code top-products} ranks. */
  static final int MAX_TOP = 1000;

  private final ReportService reports;
  private final Answers answers;

  ReportsController(ReportService reports, Answers answers) {
    this.reports = reports;
    this.answers = answers;
  }

  private static Params params(MultiValueMap<String, String> raw, String... extra) {
    Set<String> allowed = new HashSet<>(Filters.NAMES);
    allowed.addAll(List.of(extra));
    return new Params(raw, allowed);
  }

  @GetMapping("/reports/kpis")
  @Operation(
      summary =
          "Sales, units, revenue, average ticket, promotion and paid shares of a range;"
              + " with compare, the same for the comparison range and the change",
      parameters = {
        @Parameter(name = "from", in = ParameterIn.QUERY, required = true, example = "2024-01-01"),
        @Parameter(name = "to", in = ParameterIn.QUERY, required = true, example = "2024-01-31"),
        @Parameter(name = "storeId", in = ParameterIn.QUERY, description = "repeatable"),
        @Parameter(name = "productId", in = ParameterIn.QUERY, description = "repeatable"),
        @Parameter(name = "promotion", in = ParameterIn.QUERY, description = "true|false"),
        @Parameter(name = "paid", in = ParameterIn.QUERY, description = "true|false"),
        @Parameter(
            name = "compare",
            in = ParameterIn.QUERY,
            description = "none|previous_period|previous_year")
      })
  ResponseEntity<?> kpis(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw, "compare");
    Filters f = Filters.parse(p);
    Compare compare = p.choice("compare", Compare.class, Compare.NONE);
    p.check();
    return answer(reports.kpis(f, compare), accept);
  }

  @GetMapping("/reports/revenue")
  @Operation(
      summary = "Revenue by day, week, month, store, product or city, with an optional comparison",
      parameters = {
        @Parameter(
            name = "groupBy",
            in = ParameterIn.QUERY,
            description = "day|week|month|store|product|city (default day)"),
        @Parameter(
            name = "compare",
            in = ParameterIn.QUERY,
            description = "none|previous_period|previous_year")
      })
  ResponseEntity<?> revenue(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw, "groupBy", "compare");
    Filters f = Filters.parse(p);
    GroupBy groupBy = p.choice("groupBy", GroupBy.class, GroupBy.DAY);
    Compare compare = p.choice("compare", Compare.class, Compare.NONE);
    p.check();
    return answer(reports.revenue(f, groupBy, compare), accept);
  }

  @GetMapping("/reports/top-products")
  @Operation(
      summary = "The best products by revenue or units",
      parameters = {
        @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..1000, default 10"),
        @Parameter(name = "by", in = ParameterIn.QUERY, description = "revenue|units")
      })
  ResponseEntity<?> topProducts(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw, "limit", "by");
    Filters f = Filters.parse(p);
    Integer limit = p.integer("limit", 10, 1, MAX_TOP);
    ReportQueries.By by = p.choice("by", ReportQueries.By.class, ReportQueries.By.REVENUE);
    p.check();
    return answer(reports.topProducts(f, by, limit), accept);
  }

  @GetMapping("/reports/promotions")
  @Operation(summary = "Sales, revenue and average ticket with and without promotion")
  ResponseEntity<?> promotions(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw);
    Filters f = Filters.parse(p);
    p.check();
    return answer(reports.promotions(f), accept);
  }

  @GetMapping("/reports/payments")
  @Operation(summary = "Paid and unpaid sales, revenue and the average days to pay")
  ResponseEntity<?> payments(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw);
    Filters f = Filters.parse(p);
    p.check();
    return answer(reports.payments(f), accept);
  }

  @GetMapping("/reports/customers")
  @Operation(summary = "Customers, sales and revenue by age band and sex")
  ResponseEntity<?> customers(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw);
    Filters f = Filters.parse(p);
    p.check();
    return answer(reports.customers(f), accept);
  }

  @GetMapping("/reports/change")
  @Operation(
      summary =
          "What each store, product, promotion flag and payment status contributed to the change"
              + " in revenue against the comparison range (they add up to the total change)",
      parameters = {
        @Parameter(
            name = "compare",
            in = ParameterIn.QUERY,
            description = "previous_period (default) | previous_year")
      })
  ResponseEntity<?> change(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw, "compare");
    Filters f = Filters.parse(p);
    Compare compare = p.choice("compare", Compare.class, Compare.PREVIOUS_PERIOD);
    p.check();
    return answer(reports.change(f, compare), accept);
  }

  @GetMapping("/sales")
  @Operation(
      summary = "The sale rows behind the reports, by sale id, keyset paginated (CSV: every row)",
      parameters = {
        @Parameter(
            name = "after",
            in = ParameterIn.QUERY,
            description = "the next value of the previous page"),
        @Parameter(name = "limit", in = ParameterIn.QUERY, description = "1..1000, default 100")
      })
  ResponseEntity<?> sales(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    Params p = params(raw, "after", "limit");
    Filters f = Filters.parse(p);
    Long after = p.positiveLong("after");
    Integer limit = p.integer("limit", 100, 1, MAX_PAGE);
    p.check();
    if (wantsCsv(accept)) {
      CsvBody body =
          out -> {
            ReportService.CsvWriter csv = new ReportService.CsvWriter(out);
            reports.salesCsv(
                f,
                after,
                new ReportService.CsvOut() {
                  @Override
                  public void start(Provenance provenance, List<String> header) {
                    csv.write(header);
                  }

                  @Override
                  public void row(List<Object> values) {
                    csv.write(values);
                  }
                });
          };
      return ResponseEntity.ok().contentType(CSV).body(body);
    }
    return answer(reports.sales(f, after, limit), accept);
  }

  @GetMapping("/reports/freshness")
  @Operation(summary = "The gold snapshot in use, when it was published, the newest sale")
  ResponseEntity<?> freshness(
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> raw,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    new Params(raw, Set.of()).check();
    return answer(reports.freshness(), accept);
  }

  private <T extends Tabular> ResponseEntity<?> answer(Envelope<T> envelope, String accept) {
    return answers.answer(envelope, accept);
  }

  static boolean wantsCsv(String accept) {
    return Answers.wantsCsv(accept);
  }
}
