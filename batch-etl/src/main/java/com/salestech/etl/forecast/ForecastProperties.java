package com.salestech.etl.forecast;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code salestech.forecast.*}: the {@code forecast} job.
 *
 * @param horizon days forecast after the last day of gold
 * @param folds rolling-origin backtest folds of {@code horizon} days each
 */
@ConfigurationProperties("salestech.forecast")
public record ForecastProperties(@DefaultValue("28") int horizon, @DefaultValue("4") int folds) {

  public ForecastProperties {
    if (horizon < 1 || horizon > 366) {
      throw new IllegalArgumentException(
          "salestech.forecast.horizon must be 1 to 366 days, was " + horizon);
    }
    if (folds < 1 || folds > 52) {
      throw new IllegalArgumentException("salestech.forecast.folds must be 1 to 52, was " + folds);
    }
  }
}
