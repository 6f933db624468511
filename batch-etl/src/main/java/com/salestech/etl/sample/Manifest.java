package com.salestech.etl.sample;

import com.salestech.model.Table;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SampleDataGenerator} wrote, so tests of the pipeline can assert exact outcomes
 * instead of ranges. Valid sales are exactly ids {@code 1..sales}; valid customers exactly {@code
 * 1..sales} too.
 *
 * @param sales the number of valid sales
 * @param paidSales valid sales with at least one valid payment
 * @param promotedSales valid sales whose valid promotion row says {@code 1}
 * @param junkProductSales valid sales of product 10, the junk product that silver quarantines; they
 *     become orphans if silver checks products
 * @param tables the counts per export, in {@link Table} order
 */
public record Manifest(
    long sales,
    long paidSales,
    long promotedSales,
    long junkProductSales,
    Map<Table, TableCounts> tables) {

  public Manifest {
    if (tables.size() != Table.values().length) {
      throw new IllegalArgumentException("a manifest names all six tables, got " + tables.keySet());
    }
    tables = Collections.unmodifiableMap(new EnumMap<>(tables));
  }

  public TableCounts counts(Table table) {
    return tables.get(table);
  }

  /** A fixed-width table for people reading a terminal. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%-32s %12s %7s %7s %7s %7s %7s %7s %7s %12s%n",
            "file",
            "lines",
            "empty",
            "badDate",
            "badId",
            "invalid",
            "price",
            "dup",
            "warn",
            "valid"));
    for (TableCounts c : tables.values()) {
      text.append(
          String.format(
              Locale.ROOT,
              "%-32s %12d %7d %7d %7d %7d %7d %7d %7d %12d%n",
              c.fileName(),
              c.dataLines(),
              c.emptyRows(),
              c.badDates(),
              c.badIds(),
              c.invalidValues(),
              c.pricesOutOfRange(),
              c.duplicates(),
              c.optionalWarnings(),
              c.expectedValid()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "sales %d, paid %d, promoted %d, of junk product %d%n",
            sales,
            paidSales,
            promotedSales,
            junkProductSales));
    return text.toString();
  }
}
