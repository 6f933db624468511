package com.salestech.etl.forecast;

import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.lake.table.ResolvedSnapshot;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Gold's {@code vendas_diarias} of one snapshot, read into a {@link DailyPanel}, and the daily
 * series the forecasts are made for: each store's units and revenue, and the total.
 */
final class GoldDaily {

  /**
   * @param cities each store's city, by id
   * @param firstDay the panel's first day; null when gold has no sales
   */
  record Read(DailyPanel panel, Map<Integer, String> cities, LocalDate firstDay, int days) {}

  /**
   * One series to forecast.
   *
   * @param storeId null for the total
   */
  record Series(String id, Integer storeId, String city, String metric, double[] values) {}

  private GoldDaily() {}

  static Read read(ParquetLake parquet, LakeLayout layout, ResolvedSnapshot snapshot) {
    String table = GoldTable.VENDAS_DIARIAS.tableName();
    CurrentPointer pointer =
        snapshot
            .table(table)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "gold snapshot "
                            + snapshot.snapshot().run()
                            + " has no "
                            + table
                            + ": run silver-to-gold first"));
    int rows = Math.toIntExact(pointer.rows());
    int[] store = new int[rows];
    int[] product = new int[rows];
    int[] day = new int[rows];
    double[] units = new double[rows];
    double[] promoted = new double[rows];
    double[] revenue = new double[rows];
    Map<Integer, String> cities = new TreeMap<>();
    Map<Integer, String> products = new HashMap<>();
    int i = 0;
    for (DataFile file : pointer.files()) {
      try (ParquetReader<GenericRecord> reader =
          parquet.reader(layout.gold().bucket(), file.key(), file.bytes())) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          if (i == rows) {
            throw new IllegalStateException(
                table + " version " + pointer.version() + " holds more rows than its pointer says");
          }
          store[i] = (Integer) r.get("id_loja");
          product[i] = (Integer) r.get("id_produto");
          day[i] = epochDay(r.get("dt_venda"));
          units[i] = ((Number) r.get("unidades")).doubleValue();
          promoted[i] = ((Number) r.get("unidades_promocao")).doubleValue();
          revenue[i] = ((Number) r.get("receita")).doubleValue();
          cities.putIfAbsent(store[i], String.valueOf(r.get("cidade")));
          products.putIfAbsent(product[i], String.valueOf(r.get("produto")));
          i++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read s3://" + layout.gold().bucket() + "/" + file.key(), e);
      }
    }
    if (i != rows) {
      throw new IllegalStateException(
          table
              + " version "
              + pointer.version()
              + " holds "
              + i
              + " rows, its pointer says "
              + rows);
    }
    if (rows == 0) {
      return new Read(
          new DailyPanel(
              new int[0],
              new int[0],
              new int[0],
              new double[0],
              new double[0],
              new double[0],
              Map.of()),
          cities,
          null,
          0);
    }
    // Files are by month: order the rows by series, then day.
    Integer[] order = IntStream.range(0, rows).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingInt(k -> store[k])
            .thenComparingInt(k -> product[k])
            .thenComparingInt(k -> day[k]));
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    for (int d : day) {
      first = Math.min(first, d);
      last = Math.max(last, d);
    }
    DailyPanel panel =
        new DailyPanel(
            pick(store, order),
            pick(product, order),
            pick(day, order),
            pick(units, order),
            pick(promoted, order),
            pick(revenue, order),
            products);
    return new Read(panel, cities, LocalDate.ofEpochDay(first), last - first + 1);
  }

  /** Each store's and the total's units and revenue, one value per day of the panel. */
  static List<Series> series(Read read) {
    int first = (int) read.firstDay().toEpochDay();
    int days = read.days();
    Map<Integer, double[][]> byStore = new TreeMap<>();
    double[][] total = new double[2][days];
    DailyPanel panel = read.panel();
    for (int i = 0; i < panel.rows(); i++) {
      double[][] s = byStore.computeIfAbsent(panel.store()[i], k -> new double[2][days]);
      int d = panel.epochDay()[i] - first;
      s[0][d] += panel.units()[i];
      s[1][d] += panel.revenue()[i];
      total[0][d] += panel.units()[i];
      total[1][d] += panel.revenue()[i];
    }
    List<Series> out = new ArrayList<>();
    for (int m = 0; m < 2; m++) {
      out.add(new Series("total", null, null, METRICS[m], total[m]));
    }
    byStore.forEach(
        (storeId, values) -> {
          for (int m = 0; m < 2; m++) {
            out.add(
                new Series(
                    "loja:" + storeId, storeId, read.cities().get(storeId), METRICS[m], values[m]));
          }
        });
    return out;
  }

  static final String[] METRICS = {"units", "revenue"};

  private static int epochDay(Object value) {
    if (value instanceof LocalDate date) {
      return (int) date.toEpochDay();
    }
    return ((Number) value).intValue();
  }

  private static int[] pick(int[] values, Integer[] order) {
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  private static double[] pick(double[] values, Integer[] order) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }
}
