package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BronzeFileTests {

  private static BronzeFile file(String name, String date, String landedAt) {
    return new BronzeFile(
        "csv/clientes/ingest_date=" + date + "/" + name,
        "etag-" + name,
        10,
        LocalDate.parse(date),
        Instant.parse(landedAt));
  }

  @Test
  void theNewestIngestDateWinsThenTheObjectLandedLastThenTheGreatestKey() {
    BronzeFile older = file("clientes.csv", "2026-11-19", "2026-11-21T10:00:00Z");
    BronzeFile original = file("clientes.csv", "2026-11-20", "2026-11-20T10:00:00Z");
    BronzeFile besideLater =
        file("clientes~000000000000.csv", "2026-11-20", "2026-11-20T12:00:00Z");
    BronzeFile besideFirst =
        file("clientes~ffffffffffff.csv", "2026-11-20", "2026-11-20T11:00:00Z");
    BronzeFile besideSameSecond =
        file("clientes~aaaaaaaaaaaa.csv", "2026-11-20", "2026-11-20T10:00:00Z");
    List<BronzeFile> files =
        new ArrayList<>(List.of(older, original, besideFirst, besideSameSecond, besideLater));

    files.sort(BronzeFile.WINNER_FIRST);

    assertThat(files).containsExactly(besideLater, besideFirst, besideSameSecond, original, older);
  }
}
