package com.salestech.etl.forecast;

import java.time.LocalDate;

/** A way of forecasting a daily series from its history alone. */
public interface ForecastModel {

  /** The name the tables and the API show ({@code seasonal-naive}, {@code poisson-fourier}). */
  String name();

  /**
   * Forecasts the {@code horizon} days after the history.
   *
   * @param firstDay the day of {@code history[0]}
   * @param history one value per day, oldest first, none missing
   * @throws IllegalArgumentException when the history is too short for the model
   */
  Forecast forecast(LocalDate firstDay, double[] history, int horizon);
}
