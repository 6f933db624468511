package com.salestech.etl.forecast;

/**
 * A model's forecast of the days after its history: the point (the mean) and the central 80% and
 * 95% prediction intervals, one entry per day ahead ({@code [0]} is the first day after the last
 * day the model saw). Bounds never go below zero: sales are not negative.
 */
public record Forecast(
    String model,
    double[] point,
    double[] lower80,
    double[] upper80,
    double[] lower95,
    double[] upper95) {

  public int horizon() {
    return point.length;
  }
}
