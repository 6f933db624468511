package com.salestech.etl.gold;

import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * One worker's share of {@code vendas_diarias}, the dense daily series the models read: a row for
 * every store × product that sold and every day from the first sale of {@code wide_vendas} to its
 * last, zeros on a day without sales.
 *
 * <p>Which pairs sold and the first and last day span the whole history, while a worker writes only
 * its own months: so every worker notes the pair and day of every sale on its first pass (one probe
 * of a table of pairs per sale), and sums its own months' sales per pair and day. Only days with
 * sales are held (at most pairs × days of the worker's months, a few dozen bytes each); the zeros
 * are made when the months are written.
 *
 * <p>Each month gets a fingerprint of its dense rows, like {@code wide_vendas}' months, hashed from
 * the sums with no record filled. A month's rows depend on more than its sales: a new pair adds a
 * series of zeros to every month, a new first or last day lengthens the months at either end, a new
 * city or product name changes every row of it. The fingerprint covers all of that, so a month is
 * copied from the previous version exactly when its rows would come out the same.
 */
final class DailySales {

  /** What an incremental run takes from the previous version instead of writing a month again. */
  @FunctionalInterface
  interface Reuse {
    /** Nothing to compare with: every month is written. */
    Reuse NONE = (month, rows, hash) -> null;

    /**
     * The previous version's files of the month, copied into this run's version, when its
     * fingerprint there was {@code rows} and {@code hash}; null when the month must be written.
     */
    List<DataFile> copyIfUnchanged(String month, long rows, long hash);
  }

  // A pair's first sums: its number + 1, so 0 is a pair just met, or ORPHAN for a store or
  // product silver lacks (its sales are quarantined, never in wide_vendas).
  private static final long NEW = 0;
  private static final long ORPHAN = -1;

  private final Map<Integer, Dimensions.Store> stores;
  private final Map<Integer, Dimensions.Product> products;
  // Every pair of the sales: {number + 1 or ORPHAN, first day, last day}.
  private final LongKeyedSums pairs = new LongKeyedSums(3);
  private int pairCount;
  // The worker's months, per (pair number, day) with sales: {sales, units, cents, units and cents
  // of the promoted sales}.
  private final LongKeyedSums days = new LongKeyedSums(5);

  // The pairs that sold in (id_loja, id_produto) order, set by seal().
  private int[] pairStore;
  private int[] pairProduct;
  private int[] pairNumber;
  private long[] pairHash;
  private int firstDay = Dimensions.NO_DATE;
  private int lastDay = Dimensions.NO_DATE;

  /**
   * @param stores the stores of silver, whose cities the rows carry
   * @param products the products of silver, whose names the rows carry
   */
  DailySales(Map<Integer, Dimensions.Store> stores, Map<Integer, Dimensions.Product> products) {
    this.stores = stores;
    this.products = products;
  }

  /**
   * Notes a sale's store, product and day; returns the pair's number, or -1 when silver lacks the
   * store or the product. Noting a sale twice (a later pass) changes nothing.
   */
  int pair(int store, int product, int day) {
    int g = pairs.group(key(store, product));
    long[] sums = pairs.sums();
    long number = sums[g];
    if (number == NEW) {
      // Boxed lookups, once per pair.
      if (!stores.containsKey(store) || !products.containsKey(product)) {
        sums[g] = ORPHAN;
        return -1;
      }
      sums[g] = ++pairCount;
      sums[g + 1] = day;
      sums[g + 2] = day;
      return pairCount - 1;
    }
    if (number == ORPHAN) {
      return -1;
    }
    if (day < sums[g + 1]) {
      sums[g + 1] = day;
    } else if (day > sums[g + 2]) {
      sums[g + 2] = day;
    }
    return (int) number - 1;
  }

  /** Adds a sale of one of the worker's months to its pair's day. */
  void add(int pair, int day, int quantity, long cents, boolean promoted) {
    int g = days.group(key(pair, day));
    long[] sums = days.sums();
    sums[g]++;
    sums[g + 1] += quantity;
    sums[g + 2] += cents;
    if (promoted) {
      sums[g + 3] += quantity;
      sums[g + 4] += cents;
    }
  }

  /** The pairs that sold (in {@code wide_vendas}), once every sale is noted. */
  int pairs() {
    seal();
    return pairStore.length;
  }

  /** The epoch day of the first sale of {@code wide_vendas}, or {@link Dimensions#NO_DATE}. */
  int firstDay() {
    seal();
    return firstDay;
  }

  /** The epoch day of the last sale of {@code wide_vendas}, or {@link Dimensions#NO_DATE}. */
  int lastDay() {
    seal();
    return lastDay;
  }

  /**
   * Writes the months {@code passes} says the worker owns, from the first sale's month to the last
   * sale's, each to {@code vendas_diarias/v=<run>/mes_venda=<month>/}, or copies them when {@code
   * reuse} has them unchanged; returns them by {@code yyyy-MM}. A month without a sale is owned and
   * written all the same: its rows are zeros.
   */
  Map<String, GoldBuild.Month> write(
      ParquetLake parquet,
      LakeLayout layout,
      String runId,
      GoldPasses passes,
      long rowsPerFile,
      int rowGroupBytes,
      Reuse reuse) {
    seal();
    Map<String, GoldBuild.Month> months = new TreeMap<>();
    if (pairStore.length == 0) {
      return months;
    }
    GenericData.Record row = new GenericData.Record(GoldTable.VENDAS_DIARIAS.schema());
    for (int month = GoldCalendar.monthOfDay(firstDay);
        month <= GoldCalendar.monthOfDay(lastDay);
        month++) {
      if (!passes.owns(month)) {
        continue;
      }
      int from = Math.max(firstDay, GoldCalendar.firstDayOfMonth(month));
      int to = Math.min(lastDay, GoldCalendar.lastDayOfMonth(month));
      long rows = (long) pairStore.length * (to - from + 1);
      long hash = fingerprint(from, to);
      String name = GoldCalendar.monthName(month);
      List<DataFile> copied = reuse.copyIfUnchanged(name, rows, hash);
      months.put(
          name,
          copied != null
              ? new GoldBuild.Month(rows, hash, copied, true)
              : new GoldBuild.Month(
                  rows,
                  hash,
                  writeMonth(
                      parquet, layout, runId, name, from, to, rowsPerFile, rowGroupBytes, row),
                  false));
    }
    return months;
  }

  /** The order-independent sum of the month's row hashes, the same rows as written. */
  private long fingerprint(int from, int to) {
    long[] sums = days.sums();
    long hash = 0;
    for (int p = 0; p < pairStore.length; p++) {
      for (int day = from; day <= to; day++) {
        int g = days.find(key(pairNumber[p], day));
        long h = RowHash.add(pairHash[p], day);
        if (g < 0) {
          h = RowHash.add(h, 0);
          h = RowHash.add(h, 0);
          h = RowHash.add(h, 0);
          h = RowHash.add(h, 0);
          h = RowHash.add(h, 0);
        } else {
          h = RowHash.add(h, sums[g]);
          h = RowHash.add(h, sums[g + 1]);
          h = RowHash.add(h, sums[g + 2]);
          h = RowHash.add(h, sums[g + 3]);
          h = RowHash.add(h, sums[g + 4]);
        }
        hash += RowHash.finish(h);
      }
    }
    return hash;
  }

  private List<DataFile> writeMonth(
      ParquetLake parquet,
      LakeLayout layout,
      String runId,
      String month,
      int from,
      int to,
      long rowsPerFile,
      int rowGroupBytes,
      GenericData.Record row) {
    List<DataFile> files = new ArrayList<>();
    String bucket = layout.gold().bucket();
    long[] sums = days.sums();
    LakeParquetWriter<GenericRecord> writer = null;
    try {
      for (int p = 0; p < pairStore.length; p++) {
        Dimensions.Store store = stores.get(pairStore[p]);
        Dimensions.Product product = products.get(pairProduct[p]);
        Utf8 cidade = store.cidadeUtf8();
        Utf8 produto = product.produtoUtf8();
        for (int day = from; day <= to; day++) {
          if (writer != null && writer.rows() >= rowsPerFile) {
            writer.close();
            files.add(new DataFile(writer.key(), writer.rows(), writer.bytes()));
            writer = null;
          }
          if (writer == null) {
            String key =
                layout.dataFileKey(
                    Layer.GOLD,
                    GoldTable.VENDAS_DIARIAS.tableName(),
                    runId,
                    "mes_venda=" + month,
                    files.size());
            writer = parquet.writer(bucket, key, GoldTable.VENDAS_DIARIAS.schema(), rowGroupBytes);
          }
          int g = days.find(key(pairNumber[p], day));
          row.put(0, pairStore[p]);
          row.put(1, cidade);
          row.put(2, pairProduct[p]);
          row.put(3, produto);
          row.put(4, day);
          if (g < 0) {
            row.put(5, 0);
            row.put(6, 0);
            row.put(7, 0.0);
            row.put(8, 0);
            row.put(9, 0.0);
          } else {
            row.put(5, Math.toIntExact(sums[g]));
            row.put(6, Math.toIntExact(sums[g + 1]));
            row.put(7, money(sums[g + 2]));
            row.put(8, Math.toIntExact(sums[g + 3]));
            row.put(9, money(sums[g + 4]));
          }
          writer.write(row);
        }
      }
      writer.close();
      files.add(new DataFile(writer.key(), writer.rows(), writer.bytes()));
      return files;
    } catch (RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      throw e;
    }
  }

  /**
   * Cents as reais in a double: the nearest double to the exact decimal (one correctly rounded
   * division of two exact doubles), what {@code CAST(decimal AS DOUBLE)} gives a reader.
   */
  static double money(long cents) {
    return cents / 100.0;
  }

  /**
   * Fixes the pairs that sold in (id_loja, id_produto) order, each with the hash of its columns,
   * and the first and last day of sales; once, after the last sale.
   */
  private void seal() {
    if (pairStore != null) {
      return;
    }
    long[] keys = pairs.sortedKeys();
    long[] sums = pairs.sums();
    int n = 0;
    for (long key : keys) {
      if (sums[pairs.existing(key)] > 0) {
        n++;
      }
    }
    pairStore = new int[n];
    pairProduct = new int[n];
    pairNumber = new int[n];
    pairHash = new long[n];
    int p = 0;
    for (long key : keys) {
      int g = pairs.existing(key);
      if (sums[g] <= 0) {
        continue;
      }
      int store = (int) (key >>> 32);
      int product = (int) key;
      pairStore[p] = store;
      pairProduct[p] = product;
      pairNumber[p] = (int) sums[g] - 1;
      long h = RowHash.add(RowHash.START, store);
      h = RowHash.add(h, RowHash.hash(stores.get(store).cidadeUtf8()));
      h = RowHash.add(h, product);
      h = RowHash.add(h, RowHash.hash(products.get(product).produtoUtf8()));
      pairHash[p] = h;
      firstDay =
          firstDay == Dimensions.NO_DATE
              ? (int) sums[g + 1]
              : Math.min(firstDay, (int) sums[g + 1]);
      lastDay =
          lastDay == Dimensions.NO_DATE ? (int) sums[g + 2] : Math.max(lastDay, (int) sums[g + 2]);
      p++;
    }
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }
}
