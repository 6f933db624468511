package com.salestech.ingest.auth;

import com.salestech.ingest.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api/**} by {@code X-API-Key} before anything reads the body. The key is
 * hashed at once and never logged; only its configured name travels on.
 */
class ApiKeyFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";

  private final ApiKeys keys;
  private final Problems problems;

  ApiKeyFilter(ApiKeys keys, Problems problems) {
    this.keys = keys;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ApiKeys.Lookup lookup = keys.lookup(request.getHeader(HEADER));
    String detail;
    if (lookup instanceof ApiKeys.Lookup.Known known) {
      request.setAttribute(ApiKey.ATTRIBUTE, known.key());
      detail = null;
    } else if (lookup instanceof ApiKeys.Lookup.Revoked revoked) {
      detail = "the API key " + revoked.name() + " is revoked";
    } else {
      detail =
          request.getHeader(HEADER) == null
              ? "an " + HEADER + " header is required"
              : "the " + HEADER + " is not a known key";
    }
    if (detail == null) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
    problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
  }
}
