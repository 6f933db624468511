package com.salestech.etl.jobs;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets {@code /api/**} through only with a configured key in {@code X-API-Key}. */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

  static final String HEADER = "X-API-Key";

  private final List<byte[]> keys;

  ApiKeyFilter(JobsProperties properties) {
    this.keys = properties.apiKeys().stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    if (given != null && accepted(given.getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"a valid API key is required in the "
                + HEADER
                + " header\"}");
  }

  private boolean accepted(byte[] given) {
    boolean ok = false;
    for (byte[] key : keys) {
      ok |= MessageDigest.isEqual(key, given);
    }
    return ok;
  }
}
