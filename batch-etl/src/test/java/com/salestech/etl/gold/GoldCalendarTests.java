package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/**
 * The calendar arithmetic of gold (ages, months, bands) checked against java.time, and the row
 * hashes behind the month fingerprints of incremental runs.
 */
class GoldCalendarTests {

  private static int day(String iso) {
    return (int) LocalDate.parse(iso).toEpochDay();
  }

  private static Integer age(String born, String sold) {
    return GoldCalendar.fullYears(day(born), day(sold));
  }

  private static String band(Integer age) {
    return GoldCalendar.AGE_BANDS[GoldCalendar.band(age)];
  }

  @Test
  void aTwentyNinthOfFebruaryBirthdayWaitsForTheFirstOfMarchInCommonYears() {
    // given someone born on 29 February 2000
    String born = "2000-02-29";
    // when and then
    assertThat(age(born, "2000-02-29")).isZero();
    assertThat(age(born, "2001-02-28")).isZero();
    assertThat(age(born, "2001-03-01")).isEqualTo(1);
    assertThat(age(born, "2003-02-28")).isEqualTo(2);
    assertThat(age(born, "2004-02-28")).isEqualTo(3);
    assertThat(age(born, "2004-02-29")).isEqualTo(4);
    assertThat(age(born, "2100-02-28")).isEqualTo(99);
    assertThat(age(born, "2100-03-01")).isEqualTo(100);
  }

  @Test
  void fullYearsCountOnlyBirthdaysReached() {
    assertThat(age("1990-03-10", "2019-03-09")).isEqualTo(28);
    assertThat(age("1990-03-10", "2019-03-10")).isEqualTo(29);
    assertThat(age("1999-12-31", "2000-01-01")).isZero();
    assertThat(age("1999-12-31", "2000-12-31")).isEqualTo(1);
    // a sale on 29 February of someone born on the 28th or 1 March
    assertThat(age("1999-02-28", "2000-02-29")).isEqualTo(1);
    assertThat(age("1999-03-01", "2000-02-29")).isZero();
  }

  @Test
  void aSaleBeforeTheBirthHasNoAge() {
    assertThat(age("2000-01-02", "2000-01-01")).isNull();
    assertThat(age("2021-01-01", "2019-06-01")).isNull();
    assertThat(age("2000-02-29", "1999-03-01")).isNull();
  }

  @Test
  void fullYearsAgreeWithJavaTimeOverAWideRangeOfPairs() {
    // given a fixed seed: pairs of days from 1800 to 2200, in both orders
    Random random = new Random(20_000_229L);
    int first = day("1800-01-01");
    int span = day("2200-12-31") - first;
    for (int i = 0; i < 200_000; i++) {
      int from = first + random.nextInt(span);
      // half of the pairs within a few days of an anniversary, where mistakes hide
      int to =
          i % 2 == 0
              ? first + random.nextInt(span)
              : (int)
                  LocalDate.ofEpochDay(from)
                      .plusYears(random.nextInt(120) - 10)
                      .plusDays(random.nextInt(5) - 2)
                      .toEpochDay();
      LocalDate born = LocalDate.ofEpochDay(from);
      LocalDate sold = LocalDate.ofEpochDay(to);
      // when
      Integer years = GoldCalendar.fullYears(from, to);
      // then
      Integer expected = sold.isBefore(born) ? null : (int) ChronoUnit.YEARS.between(born, sold);
      assertThat(years).as("%s to %s", born, sold).isEqualTo(expected);
    }
  }

  @Test
  void civilDatesOfEpochDaysAgreeWithJavaTime() {
    // every day from year -4000 to 6000
    int last = (int) LocalDate.of(6000, 12, 31).toEpochDay();
    for (int day = (int) LocalDate.of(-4000, 1, 1).toEpochDay(); day <= last; day++) {
      LocalDate expected = LocalDate.ofEpochDay(day);
      int[] civil = GoldCalendar.civil(day);
      if (civil[0] != expected.getYear()
          || civil[1] != expected.getMonthValue()
          || civil[2] != expected.getDayOfMonth()) {
        assertThat(civil)
            .as("epoch day %d", day)
            .containsExactly(
                expected.getYear(), expected.getMonthValue(), expected.getDayOfMonth());
      }
    }
    assertThat(GoldCalendar.civil(0)).containsExactly(1970, 1, 1);
    assertThat(GoldCalendar.civil(-1)).containsExactly(1969, 12, 31);
    assertThat(GoldCalendar.civil(day("2000-02-29"))).containsExactly(2000, 2, 29);
  }

  @Test
  void monthsOfDaysAndOfNamesRoundTrip() {
    // given every month from 1000-01 to 9999-12
    for (YearMonth month = YearMonth.of(1000, 1);
        !month.isAfter(YearMonth.of(9999, 12));
        month = month.plusMonths(1)) {
      int index = month.getYear() * 12 + month.getMonthValue() - 1;
      // when and then: its first and last day fall in it, and its name names it
      assertThat(GoldCalendar.monthOfDay((int) month.atDay(1).toEpochDay())).isEqualTo(index);
      assertThat(GoldCalendar.monthOfDay((int) month.atEndOfMonth().toEpochDay())).isEqualTo(index);
      assertThat(GoldCalendar.monthOfName(month.toString())).isEqualTo(index);
    }
    assertThat(GoldCalendar.monthOfName("2019-03")).isEqualTo(2019 * 12 + 2);
    assertThat(GoldCalendar.monthOfDay(day("2019-02-28")))
        .isEqualTo(GoldCalendar.monthOfDay(day("2019-03-01")) - 1);
  }

  @Test
  void ageBandsChangeExactlyAtTheirBoundaries() {
    assertThat(band(0)).isEqualTo("<25");
    assertThat(band(24)).isEqualTo("<25");
    assertThat(band(25)).isEqualTo("25-34");
    assertThat(band(34)).isEqualTo("25-34");
    assertThat(band(35)).isEqualTo("35-44");
    assertThat(band(44)).isEqualTo("35-44");
    assertThat(band(45)).isEqualTo("45-54");
    assertThat(band(54)).isEqualTo("45-54");
    assertThat(band(55)).isEqualTo("55-64");
    assertThat(band(64)).isEqualTo("55-64");
    assertThat(band(65)).isEqualTo("65+");
    assertThat(band(120)).isEqualTo("65+");
    assertThat(band(null)).isEqualTo("unknown");
    assertThat(GoldCalendar.AGE_BANDS)
        .containsExactly("<25", "25-34", "35-44", "45-54", "55-64", "65+", "unknown");
  }

  /** A wide_vendas row with the value types the builder puts in it. */
  private static GenericData.Record sale(long id, String nome, String valor, Integer paid) {
    GenericData.Record row = new GenericData.Record(GoldTable.WIDE_VENDAS.schema());
    int soldOn = day("2019-03-09");
    row.put("id_venda", id);
    row.put("id_cliente", 1L);
    row.put("nome_cliente", nome == null ? null : new Utf8(nome));
    row.put("sexo_cliente", new Utf8("F"));
    row.put("dt_nasc", day("1990-03-10"));
    row.put("idade_na_venda", 28);
    row.put("id_loja", 1);
    row.put("cidade", new Utf8("Recife"));
    row.put("id_produto", 3);
    row.put("produto", new Utf8("cadeira"));
    row.put("valor", new BigDecimal(valor));
    row.put("quantidade", 1);
    row.put("receita", new BigDecimal(valor));
    row.put("dt_venda", soldOn);
    row.put("promocao", false);
    row.put("dt_pgto", paid == null ? null : soldOn + paid);
    row.put("pago", paid != null);
    row.put("dias_para_pagamento", paid);
    row.put("canal", new Utf8("csv"));
    return row;
  }

  /** A month's fingerprint as the builder keeps it: its row count and the sum of row hashes. */
  private static List<Long> fingerprint(List<GenericData.Record> rows) {
    long sum = 0;
    for (GenericData.Record row : rows) {
      sum += RowHash.of(row);
    }
    return List.of((long) rows.size(), sum);
  }

  private static List<GenericData.Record> month() {
    List<GenericData.Record> rows = new ArrayList<>();
    for (long id = 1; id <= 50; id++) {
      rows.add(sale(id, "Ana " + id, id % 2 == 0 ? "540.00" : "20.00", id % 3 == 0 ? null : 2));
    }
    return rows;
  }

  @Test
  void theSameRowsInAnyOrderHaveTheSameFingerprint() {
    // given
    List<GenericData.Record> rows = month();
    List<Long> fingerprint = fingerprint(rows);
    // when
    List<GenericData.Record> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(7));
    List<GenericData.Record> reversed = new ArrayList<>(rows);
    Collections.reverse(reversed);
    // then
    assertThat(fingerprint(shuffled)).isEqualTo(fingerprint);
    assertThat(fingerprint(reversed)).isEqualTo(fingerprint);
    assertThat(fingerprint(month())).isEqualTo(fingerprint);
  }

  @Test
  void oneChangedValueChangesTheFingerprint() {
    List<Long> fingerprint = fingerprint(month());
    // every column of one row, each changed alone
    int columns = GoldTable.WIDE_VENDAS.schema().getFields().size();
    for (int column = 0; column < columns; column++) {
      List<GenericData.Record> rows = month();
      GenericData.Record row = rows.get(17);
      row.put(column, changed(row.get(column)));
      assertThat(fingerprint(rows))
          .as("column %s", GoldTable.WIDE_VENDAS.schema().getFields().get(column).name())
          .isNotEqualTo(fingerprint);
    }
    // a price, a payment that appears, a name that disappears
    List<GenericData.Record> repriced = month();
    repriced.set(1, sale(2, "Ana 2", "612.35", 2));
    assertThat(fingerprint(repriced)).isNotEqualTo(fingerprint);
    List<GenericData.Record> paid = month();
    paid.set(2, sale(3, "Ana 3", "20.00", 0));
    assertThat(fingerprint(paid)).isNotEqualTo(fingerprint);
    List<GenericData.Record> unnamed = month();
    unnamed.set(3, sale(4, null, "540.00", 2));
    assertThat(fingerprint(unnamed)).isNotEqualTo(fingerprint);
    // a row more or less
    List<GenericData.Record> fewer = month();
    fewer.remove(49);
    assertThat(fingerprint(fewer)).isNotEqualTo(fingerprint);
  }

  @Test
  void valuesTradedBetweenRowsOrColumnsChangeTheFingerprint() {
    // given two rows that trade their names: the same values, in other rows
    List<GenericData.Record> rows = month();
    List<Long> fingerprint = fingerprint(rows);
    Object name = rows.get(0).get("nome_cliente");
    rows.get(0).put("nome_cliente", rows.get(1).get("nome_cliente"));
    rows.get(1).put("nome_cliente", name);
    // then
    assertThat(fingerprint(rows)).isNotEqualTo(fingerprint);

    // and one row whose two ids trade places
    GenericData.Record row = sale(2, "Ana", "20.00", 2);
    long saleTwoOfCustomerOne = RowHash.of(row);
    row.put("id_venda", 1L);
    row.put("id_cliente", 2L);
    assertThat(RowHash.of(row)).isNotEqualTo(saleTwoOfCustomerOne);
  }

  @Test
  void aReusedTextBufferHashesByItsContentOnly() {
    // given a buffer that held a longer name before, as the builder reuses one per column
    Utf8 reused = new Utf8("Alessandra Cavalcanti");
    reused.set("Ana");
    GenericData.Record fresh = sale(1, "Ana", "20.00", 2);
    GenericData.Record reusing = sale(1, "Ana", "20.00", 2);
    reusing.put("nome_cliente", reused);
    // then
    assertThat(RowHash.of(reusing)).isEqualTo(RowHash.of(fresh));
  }

  private static Object changed(Object value) {
    if (value == null) {
      return 1;
    }
    if (value instanceof Long l) {
      return l + 1;
    }
    if (value instanceof Integer i) {
      return i + 1;
    }
    if (value instanceof Boolean b) {
      return !b;
    }
    if (value instanceof BigDecimal d) {
      return d.add(new BigDecimal("0.01"));
    }
    return new Utf8(value + "x");
  }
}
