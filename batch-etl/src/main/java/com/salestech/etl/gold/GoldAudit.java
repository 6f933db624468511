package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ColumnScan;
import com.salestech.lake.parquet.ParquetColumns;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads back what a gold run wrote, for the quality checks: row counts from the files' footers and
 * revenue summed from their {@code receita} column, never from the job's own counters. The {@code
 * wide_vendas} files also give the store × product pairs and the first and last day of sale, what
 * {@code vendas_diarias} and {@code calendario} must span.
 */
@Component
class GoldAudit {

  /**
   * What the lake holds for one run.
   *
   * @param silverRows rows of the pinned silver {@code vendas} version, from its files' footers
   * @param wideRows rows of the {@code wide_vendas} files
   * @param quarantineRows rows of the run's gold quarantine files
   * @param receitaCents {@code receita} summed over each table's files, in cents ({@code
   *     vendas_diarias}' doubles summed, then rounded to cents); tables without it are absent
   * @param salePairs distinct (id_loja, id_produto) of the {@code wide_vendas} files
   * @param firstSale the first {@code dt_venda} of the {@code wide_vendas} files, null without rows
   * @param lastSale their last {@code dt_venda}, null without rows
   * @param dailyRows rows of the {@code vendas_diarias} files
   * @param calendarRows rows of the {@code calendario} files
   * @param calendarFirst the first {@code dia} of the {@code calendario} files, null without rows
   * @param calendarLast their last {@code dia}, null without rows
   */
  record Facts(
      long silverRows,
      long wideRows,
      long quarantineRows,
      Map<GoldTable, Long> receitaCents,
      long salePairs,
      LocalDate firstSale,
      LocalDate lastSale,
      long dailyRows,
      long calendarRows,
      LocalDate calendarFirst,
      LocalDate calendarLast) {}

  private final ParquetColumns columns;
  private final LakeStorage storage;
  private final LakeLayout layout;

  GoldAudit(ParquetColumns columns, LakeStorage storage, LakeLayout layout) {
    this.columns = columns;
    this.storage = storage;
    this.layout = layout;
  }

  Facts read(GoldPlan plan, GoldBuild build) {
    String silver = layout.silver().bucket();
    String gold = layout.gold().bucket();
    long silverRows = rows(silver, plan.silver().get(Table.VENDAS).files());
    long quarantineRows = rows(gold, build.quarantineFiles());
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);

    // each file opened once: its footer's rows and the columns read
    List<WideFile> wide =
        build.files().get(GoldTable.WIDE_VENDAS).parallelStream()
            .map(f -> wideFile(gold, f))
            .toList();
    receita.put(GoldTable.WIDE_VENDAS, wide.stream().mapToLong(WideFile::cents).sum());
    LongKeyedSums pairs = new LongKeyedSums(1);
    int first = Dimensions.NO_DATE;
    int last = Dimensions.NO_DATE;
    for (WideFile file : wide) {
      for (long pair : file.pairs()) {
        pairs.group(pair);
      }
      if (file.rows() > 0) {
        first = first == Dimensions.NO_DATE ? file.firstDay() : Math.min(first, file.firstDay());
        last = last == Dimensions.NO_DATE ? file.lastDay() : Math.max(last, file.lastDay());
      }
    }

    List<DoubleSum> daily =
        build.files().get(GoldTable.VENDAS_DIARIAS).parallelStream()
            .map(f -> doubleSum(gold, f, "receita"))
            .toList();
    CompensatedSum dailyReais = new CompensatedSum();
    daily.forEach(file -> dailyReais.add(file.sum()));
    receita.put(GoldTable.VENDAS_DIARIAS, dailyReais.cents());

    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      if (table == GoldTable.WIDE_VENDAS
          || table == GoldTable.VENDAS_DIARIAS
          || table.schema().getField("receita") == null) {
        continue;
      }
      receita.put(
          table,
          build.files().get(table).parallelStream()
              .mapToLong(f -> columns.sumUnscaled(gold, f.key(), f.bytes(), "receita"))
              .sum());
    }

    long calendarRows = 0;
    int calendarFirst = Dimensions.NO_DATE;
    int calendarLast = Dimensions.NO_DATE;
    for (DataFile file : build.files().get(GoldTable.CALENDARIO)) {
      try (ColumnScan scan = ColumnScan.open(storage, gold, file.key(), file.bytes(), "dia")) {
        calendarRows += scan.totalRows();
        while (scan.nextRowGroup()) {
          int[] days = scan.ints(0);
          for (int i = 0; i < scan.rows(); i++) {
            calendarFirst =
                calendarFirst == Dimensions.NO_DATE ? days[i] : Math.min(calendarFirst, days[i]);
            calendarLast = Math.max(calendarLast, days[i]);
          }
        }
      }
    }
    return new Facts(
        silverRows,
        wide.stream().mapToLong(WideFile::rows).sum(),
        quarantineRows,
        receita,
        pairs.sortedKeys().length,
        day(first),
        day(last),
        daily.stream().mapToLong(DoubleSum::rows).sum(),
        calendarRows,
        day(calendarFirst),
        day(calendarLast));
  }

  /** A {@code wide_vendas} file: rows, revenue, its distinct pairs and its days of sale. */
  private record WideFile(long rows, long cents, long[] pairs, int firstDay, int lastDay) {}

  private WideFile wideFile(String bucket, DataFile file) {
    try (ColumnScan scan =
        ColumnScan.open(
            storage,
            bucket,
            file.key(),
            file.bytes(),
            "receita",
            "id_loja",
            "id_produto",
            "dt_venda")) {
      long cents = 0;
      LongKeyedSums pairs = new LongKeyedSums(1);
      int first = Integer.MAX_VALUE;
      int last = Integer.MIN_VALUE;
      while (scan.nextRowGroup()) {
        cents = Math.addExact(cents, scan.sumUnscaled(0));
        int[] stores = scan.ints(1).clone();
        int[] products = scan.ints(2);
        int n = scan.rows();
        for (int i = 0; i < n; i++) {
          pairs.group(((long) stores[i] << 32) | (products[i] & 0xFFFFFFFFL));
        }
        int[] days = scan.ints(3);
        for (int i = 0; i < n; i++) {
          first = Math.min(first, days[i]);
          last = Math.max(last, days[i]);
        }
      }
      return new WideFile(scan.totalRows(), cents, pairs.sortedKeys(), first, last);
    }
  }

  /**
   * A sum of doubles with Neumaier's compensation, so that summing millions of rows of cents held
   * as doubles loses nothing a rounding to cents could show: the error stays near one rounding of
   * the total instead of growing with the rows.
   */
  static final class CompensatedSum {
    private double sum;
    private double compensation;

    void add(double x) {
      double t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
      sum = t;
    }

    void add(CompensatedSum other) {
      add(other.sum);
      add(other.compensation);
    }

    double value() {
      return sum + compensation;
    }

    /** The sum of reais rounded to cents. */
    long cents() {
      return Math.round(value() * 100);
    }
  }

  /** A file's rows and the compensated sum of a double column. */
  private record DoubleSum(long rows, CompensatedSum sum) {}

  private DoubleSum doubleSum(String bucket, DataFile file, String column) {
    try (ColumnScan scan = ColumnScan.open(storage, bucket, file.key(), file.bytes(), column)) {
      CompensatedSum sum = new CompensatedSum();
      while (scan.nextRowGroup()) {
        double[] values = scan.doubles(0);
        for (int i = 0; i < scan.rows(); i++) {
          sum.add(values[i]);
        }
      }
      return new DoubleSum(scan.totalRows(), sum);
    }
  }

  private long rows(String bucket, List<DataFile> files) {
    return files.stream().mapToLong(f -> columns.footerRows(bucket, f.key(), f.bytes())).sum();
  }

  private static LocalDate day(int epochDay) {
    return epochDay == Dimensions.NO_DATE ? null : LocalDate.ofEpochDay(epochDay);
  }
}
