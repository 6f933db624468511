package com.salestech.etl.sample;

/**
 * What the generator wrote into one export, by the outcome silver must reach for each row
 * (DATA-CONTRACT §2). Every dirty row carries exactly one problem, so the numbers are exact.
 *
 * @param fileName the export's file name, e.g. {@code caso_estudo_vendas.csv}
 * @param dataLines lines after the header, empty rows included
 * @param emptyRows fully empty rows ({@code ;;}): skipped, not quarantined
 * @param badDates rows whose required date is not a calendar date ({@code bad_date})
 * @param badIds rows with one required id that is not an integer above zero ({@code bad_integer})
 * @param invalidValues rows with a promotion flag that is not a flag ({@code invalid_value})
 * @param pricesOutOfRange product rows priced outside {@code 0 < valor <= 100000} ({@code
 *     price_out_of_range})
 * @param duplicates later rows repeating the key of an earlier valid row ({@code duplicate_key})
 * @param optionalWarnings rows kept with an optional value nulled because it did not parse ({@code
 *     clientes.dt_nasc}); not part of the quarantine
 */
public record TableCounts(
    String fileName,
    long dataLines,
    long emptyRows,
    long badDates,
    long badIds,
    long invalidValues,
    long pricesOutOfRange,
    long duplicates,
    long optionalWarnings) {

  /** Rows silver sends to quarantine. */
  public long quarantined() {
    return badDates + badIds + invalidValues + pricesOutOfRange + duplicates;
  }

  /** Rows silver keeps: one per key, since duplicates and bad rows are already taken out. */
  public long expectedValid() {
    return dataLines - emptyRows - quarantined();
  }
}
