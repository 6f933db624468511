package com.salestech.ingest.auth;

import com.salestech.ingest.api.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * API keys and the rate limit. "Local" is the {@code local} profile, which is the default profile
 * ({@code spring.profiles.default=local}): any other active profile means a shared environment, and
 * the public development key is refused there.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
@ConditionalOnProperty(
    name = "salestech.ingest.api.enabled",
    havingValue = "true",
    matchIfMissing = true)
class AuthConfiguration {

  static final String LOCAL_PROFILE = "local";

  private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

  @Bean
  ApiKeys apiKeys(ApiKeyProperties properties, Environment environment) {
    ApiKeys keys = new ApiKeys(properties);
    boolean local = environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
    keys.developmentKeyName()
        .ifPresent(
            name -> {
              if (!local) {
                throw new IllegalStateException(
                    "salestech.ingest.auth.keys holds the public development key ("
                        + name
                        + ") while the profile '"
                        + LOCAL_PROFILE
                        + "' is not active: configure your own keys");
              }
              // Printing it is the point: it is public, documented, and only accepted locally.
              log.warn(
                  "Local development API key (profile '{}' only): X-API-Key: {}",
                  LOCAL_PROFILE,
                  ApiKeys.DEVELOPMENT_KEY);
            });
    if (keys.isEmpty()) {
      log.warn("No API keys configured (salestech.ingest.auth.keys): every request gets a 401");
    }
    return keys;
  }

  @Bean
  RateLimiter rateLimiter(ApiKeyProperties properties) {
    return new RateLimiter(properties);
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, Problems problems) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(keys, problems));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
    return registration;
  }
}
