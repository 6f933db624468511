package com.salestech.etl.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Daily units of every store × product (gold's {@code vendas_diarias}): one row per series and day,
 * dense, rows of a series together and in day order.
 *
 * @param productNames the name of each product, by id (for the tables)
 */
public record DailyPanel(
    int[] store,
    int[] product,
    int[] epochDay,
    double[] units,
    double[] promotedUnits,
    double[] revenue,
    Map<Integer, String> productNames) {

  public DailyPanel {
    int n = store.length;
    if (product.length != n
        || epochDay.length != n
        || units.length != n
        || promotedUnits.length != n
        || revenue.length != n) {
      throw new IllegalArgumentException("every column of a daily panel has one value per row");
    }
    for (int i = 1; i < n; i++) {
      boolean sameSeries = store[i] == store[i - 1] && product[i] == product[i - 1];
      if (sameSeries && epochDay[i] != epochDay[i - 1] + 1) {
        throw new IllegalArgumentException(
            "the days of store "
                + store[i]
                + " product "
                + product[i]
                + " are not consecutive at row "
                + i);
      }
    }
    productNames = Map.copyOf(productNames);
  }

  public int rows() {
    return store.length;
  }

  /** The rows of each store × product series: {@code {first, last}}, inclusive, in row order. */
  public List<int[]> series() {
    List<int[]> ranges = new ArrayList<>();
    int n = rows();
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && store[end + 1] == store[start] && product[end + 1] == product[start]) {
        end++;
      }
      ranges.add(new int[] {start, end});
      start = end + 1;
    }
    return ranges;
  }
}
