package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The checks of {@code vendas_diarias} and {@code calendario}, on what the lake holds: pairs × days
 * rows, the calendar's span, and the series' revenue (doubles rounded to cents) equal to {@code
 * wide_vendas}'.
 */
class VendasDiariasChecksTests {

  static final GoldProperties SETTINGS =
      new Binder(new MapConfigurationPropertySource(Map.of()))
          .bindOrCreate("salestech.gold", GoldProperties.class);
  static final LocalDate FIRST = LocalDate.of(2019, 10, 30);
  static final LocalDate LAST = LocalDate.of(2019, 11, 2);

  static GoldBuild build(long pairs) {
    Map<Table, LocalDate> fresh = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      fresh.put(table, LocalDate.now());
    }
    return new GoldBuild(
        "run",
        Map.of(),
        Map.of(GoldTable.WIDE_VENDAS, 154_157L),
        5,
        5,
        0,
        List.of(),
        Map.of(),
        0,
        0,
        0,
        fresh,
        Map.of(),
        Map.of(),
        pairs,
        FIRST,
        LAST);
  }

  /** The lake of {@code VendasDiariasIntegrationTests}' first run: 3 pairs × 4 days, R$ 1541.57. */
  static GoldAudit.Facts lake(
      long dailyRows, long dailyCents, long calendarRows, LocalDate calendarLast) {
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    receita.put(GoldTable.WIDE_VENDAS, 154_157L);
    receita.put(GoldTable.VENDAS_DIARIAS, dailyCents);
    return new GoldAudit.Facts(
        5, 5, 0, receita, 3, FIRST, LAST, dailyRows, calendarRows, FIRST, calendarLast);
  }

  static Map<String, QualityCheck.Status> statuses(GoldBuild build, GoldAudit.Facts lake) {
    Map<String, QualityCheck.Status> statuses = new java.util.TreeMap<>();
    for (QualityChecks.Result result :
        QualityChecks.evaluate(build, lake, SETTINGS, Clock.systemDefaultZone())) {
      statuses.put(result.check().code(), result.status());
    }
    return statuses;
  }

  @Test
  void theSeriesAndTheCalendarSpanThePairsAndDaysOfWideVendas() {
    LocalDate yearAfter = LAST.plusDays(366);
    assertThat(statuses(build(3), lake(12, 154_157, 370, yearAfter)))
        .containsEntry("dense-days", QualityCheck.Status.PASSED)
        .containsEntry("revenue", QualityCheck.Status.PASSED);
    // a day missing from one series
    assertThat(statuses(build(3), lake(11, 154_157, 370, yearAfter)))
        .containsEntry("dense-days", QualityCheck.Status.FAILED);
    // the builder counted another set of pairs than the files hold
    assertThat(statuses(build(4), lake(12, 154_157, 370, yearAfter)))
        .containsEntry("dense-days", QualityCheck.Status.FAILED);
    // a calendar a day short of the coming year, with as many rows
    assertThat(statuses(build(3), lake(12, 154_157, 370, yearAfter.minusDays(1))))
        .containsEntry("dense-days", QualityCheck.Status.FAILED);
    assertThat(statuses(build(3), lake(12, 154_157, 369, yearAfter)))
        .containsEntry("dense-days", QualityCheck.Status.FAILED);
    // a cent lost in the doubles
    assertThat(statuses(build(3), lake(12, 154_156, 370, yearAfter)))
        .containsEntry("revenue", QualityCheck.Status.FAILED)
        .containsEntry("dense-days", QualityCheck.Status.PASSED);
  }

  @Test
  void withoutSalesBothAreEmpty() {
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    receita.put(GoldTable.WIDE_VENDAS, 0L);
    receita.put(GoldTable.VENDAS_DIARIAS, 0L);
    GoldAudit.Facts empty = new GoldAudit.Facts(0, 0, 0, receita, 0, null, null, 0, 0, null, null);
    assertThat(statuses(build(0), empty)).containsEntry("dense-days", QualityCheck.Status.PASSED);
    GoldAudit.Facts calendarOfNothing =
        new GoldAudit.Facts(0, 0, 0, receita, 0, null, null, 0, 366, FIRST, FIRST.plusDays(365));
    assertThat(statuses(build(0), calendarOfNothing))
        .containsEntry("dense-days", QualityCheck.Status.FAILED);
  }

  @Test
  void aMillionCentsAsDoublesSumBackToTheCent() {
    // given a million rows of cents, each held as the nearest double, as vendas_diarias holds them,
    // summed in two files
    long cents = 0;
    GoldAudit.CompensatedSum[] files = {
      new GoldAudit.CompensatedSum(), new GoldAudit.CompensatedSum()
    };
    for (int i = 0; i < 1_000_000; i++) {
      long row = 1 + (i * 7_919L) % 9_999_999;
      cents += row;
      files[i % 2].add(DailySales.money(row));
    }
    // when the files' sums are added and rounded
    GoldAudit.CompensatedSum total = new GoldAudit.CompensatedSum();
    total.add(files[0]);
    total.add(files[1]);
    // then not a cent is lost, and the doubles are the exact cents
    assertThat(total.cents()).isEqualTo(cents);
    assertThat(DailySales.money(154_157)).isEqualTo(1541.57);
    assertThat(DailySales.money(5)).isEqualTo(0.05);
  }
}
