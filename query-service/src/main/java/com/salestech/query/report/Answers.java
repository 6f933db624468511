package com.salestech.query.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.salestech.query.report.Bodies.Envelope;
import com.salestech.query.report.Bodies.Provenance;
import com.salestech.query.report.Bodies.Tabular;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How every endpoint answers an {@link Envelope}: JSON, or CSV with every row when the client
 * prefers {@code text/csv} (the provenance then in headers).
 */
@Component
class Answers {

  private final JsonMapper json;

  /**
   * The JSON of answers served from the results cache, by the cached result (identity, weakly held:
   * it goes when the result leaves the cache). A cached answer is the same bytes every time (same
   * data, same snapshot, {@code cached: true}), so it is serialised once.
   */
  private final Cache<Object, byte[]> cachedJson = Caffeine.newBuilder().weakKeys().build();

  Answers(JsonMapper json) {
    this.json = json;
  }

  <T extends Tabular> ResponseEntity<?> answer(Envelope<T> envelope, String accept) {
    if (!wantsCsv(accept)) {
      if (envelope.provenance().cached()) {
        byte[] body = cachedJson.get(envelope.data(), data -> json.writeValueAsBytes(envelope));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
      }
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(envelope);
    }
    CsvBody body =
        out -> {
          ReportService.CsvWriter csv = new ReportService.CsvWriter(out);
          csv.write(envelope.data().csvHeader());
          envelope.data().csvRows().forEach(csv::write);
        };
    HttpHeaders headers = provenanceHeaders(envelope.provenance());
    envelope.data().csvHeaders().forEach(headers::add);
    return ResponseEntity.ok().contentType(ReportsController.CSV).headers(headers).body(body);
  }

  /** A CSV has no room for provenance: it goes in headers. */
  static HttpHeaders provenanceHeaders(Provenance p) {
    HttpHeaders headers = new HttpHeaders();
    headers.add("X-Engine", p.engine());
    headers.add("X-Gold-Snapshot", p.snapshot());
    headers.add("X-Gold-Published-At", String.valueOf(p.publishedAt()));
    headers.add("X-Newest-Sale", String.valueOf(p.newestSale()));
    headers.add("X-Cached", String.valueOf(p.cached()));
    return headers;
  }

  /** CSV when the client prefers it to JSON; JSON otherwise. */
  static boolean wantsCsv(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types;
    try {
      types = MediaType.parseMediaTypes(accept);
    } catch (IllegalArgumentException e) {
      return false;
    }
    types = new java.util.ArrayList<>(types);
    types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
    for (MediaType type : types) {
      if (type.isCompatibleWith(ReportsController.CSV) && !type.isWildcardType()) {
        return true;
      }
      if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
        return false;
      }
    }
    return false;
  }
}
