package com.salestech.etl.silver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;

/**
 * A bronze CSV object a run reads: its key, the version of it (etag), its ingest date and when it
 * was landed (the store's last-modified time; bronze objects are never rewritten, so it is fixed).
 */
public record BronzeFile(
    String key, String etag, long size, LocalDate ingestDate, Instant lastModified) {

  /**
   * The order a table's objects are read in, the one that wins a shared key first: newest {@code
   * ingest_date}, then, within one date, the object landed last, then the greatest key (which puts
   * an object landed beside a taken name, {@code <stem>~<hash>.csv}, before the original when both
   * were landed in the same second).
   */
  public static final Comparator<BronzeFile> WINNER_FIRST =
      Comparator.comparing(BronzeFile::ingestDate)
          .thenComparing(BronzeFile::lastModified)
          .thenComparing(BronzeFile::key)
          .reversed();
}
