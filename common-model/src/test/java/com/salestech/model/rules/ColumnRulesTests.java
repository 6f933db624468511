package com.salestech.model.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.Sexo;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnRulesTests {

  private static final BigDecimal MAX = ColumnRules.DEFAULT_MAX_PRICE;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "20|20.00",
        "1500.0|1500.00",
        "1500|1500.00",
        "1500,00|1500.00",
        "1.500,00|1500.00",
        "1,500.00|1500.00",
        "2300|2300.00",
        "19,9|19.90",
        "0.5|0.50",
        "1.500.000|1500000.00",
        "100000|100000.00",
        "'  540 '|540.00"
      })
  void pricesAreWholeReaisWithOptionalCents(String raw, String expected) {
    Parsed<BigDecimal> parsed = ColumnRules.price(raw, new BigDecimal("10000000"));
    assertThat(parsed.isOk()).isTrue();
    assertThat(parsed.value()).isEqualTo(new BigDecimal(expected));
  }

  @Test
  void priceOfTheJunkProductIsOutOfRange() {
    assertThat(ColumnRules.price("3211352", MAX).reason())
        .isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
    assertThat(ColumnRules.price("0", MAX).reason()).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
    assertThat(ColumnRules.price("-5", MAX).reason()).isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
    assertThat(ColumnRules.price("100000.01", MAX).reason())
        .isEqualTo(RejectReason.PRICE_OUT_OF_RANGE);
    assertThat(ColumnRules.price("100000", MAX).value()).isEqualTo(new BigDecimal("100000.00"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "1.500",
        "1,500",
        "1500.000",
        "1.5.0,00,1",
        "15,00,00",
        "1.50,0.0",
        "1500.",
        ",5",
        "12.345,6.7",
        "1.5000,00",
        "19.999",
        "R$ 20",
        "--5"
      })
  // "19.999" would need rounding, "1.500" could be 1.5 or 1500: refused, never guessed.
  void malformedPricesAreBadDecimals(String raw) {
    assertThat(ColumnRules.price(raw, MAX).reason()).isEqualTo(RejectReason.BAD_DECIMAL);
  }

  @Test
  void birthDatesAreMonthFirst() {
    assertThat(ColumnRules.date("4/16/1978", false).value()).isEqualTo(LocalDate.of(1978, 4, 16));
    assertThat(ColumnRules.date("5/2/1975", false).value()).isEqualTo(LocalDate.of(1975, 5, 2));
    assertThat(ColumnRules.date("12/25/1980", false).value()).isEqualTo(LocalDate.of(1980, 12, 25));
    assertThat(ColumnRules.date("16/4/1978", false).reason()).isEqualTo(RejectReason.BAD_DATE);
  }

  @Test
  void saleDatesAreDayFirstAndStrict() {
    assertThat(ColumnRules.date("07/11/2018", true).value()).isEqualTo(LocalDate.of(2018, 11, 7));
    assertThat(ColumnRules.date("7/1/2018", true).value()).isEqualTo(LocalDate.of(2018, 1, 7));
    assertThat(ColumnRules.date("29/02/2020", true).value()).isEqualTo(LocalDate.of(2020, 2, 29));
    assertThat(ColumnRules.date("31/12/1969", true).value()).isEqualTo(LocalDate.of(1969, 12, 31));
    assertThat(ColumnRules.date("01/03/1900", true).value()).isEqualTo(LocalDate.of(1900, 3, 1));
    assertThat(ColumnRules.date("31/02/2019", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("29/02/2019", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("29/02/1900", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("00/01/2019", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("01/13/2019", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("2019-01-01", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("1/1/19", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("001/01/2019", true).reason()).isEqualTo(RejectReason.BAD_DATE);
    assertThat(ColumnRules.date("", true).reason()).isEqualTo(RejectReason.MISSING_REQUIRED);
  }

  @Test
  void everyDayOfFourCenturiesMatchesJavaTime() {
    LocalDate day = LocalDate.of(1900, 1, 1);
    while (day.getYear() < 2300) {
      byte[] text =
          (day.getDayOfMonth() + "/" + day.getMonthValue() + "/" + day.getYear()).getBytes();
      assertThat(ColumnRules.parseDate(text, 0, text.length, true))
          .isEqualTo((int) day.toEpochDay());
      day = day.plusDays(1);
    }
  }

  @Test
  void idsArePositiveIntegers() {
    assertThat(ColumnRules.id("620").value()).isEqualTo(620L);
    assertThat(ColumnRules.id(" 007 ").value()).isEqualTo(7L);
    assertThat(ColumnRules.id("0").reason()).isEqualTo(RejectReason.BAD_INTEGER);
    assertThat(ColumnRules.id("-3").reason()).isEqualTo(RejectReason.BAD_INTEGER);
    assertThat(ColumnRules.id("12a").reason()).isEqualTo(RejectReason.BAD_INTEGER);
    assertThat(ColumnRules.id("1.5").reason()).isEqualTo(RejectReason.BAD_INTEGER);
    assertThat(ColumnRules.id("99999999999999999999").reason()).isEqualTo(RejectReason.BAD_INTEGER);
    assertThat(ColumnRules.id("  ").reason()).isEqualTo(RejectReason.MISSING_REQUIRED);
  }

  @Test
  void sexIsMOrFInAnyCase() {
    assertThat(ColumnRules.sex("F").value()).isEqualTo(Sexo.F);
    assertThat(ColumnRules.sex("m").value()).isEqualTo(Sexo.M);
    assertThat(ColumnRules.sex("X").reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(ColumnRules.sex("Masc").reason()).isEqualTo(RejectReason.INVALID_VALUE);
  }

  @ParameterizedTest
  @CsvSource({
    "1,true",
    "0,false",
    "true,true",
    "FALSE,false",
    "Sim,true",
    "não,false",
    "NÃO,false",
    "nao,false",
    "s,true",
    "N,false"
  })
  void promotionFlags(String raw, boolean expected) {
    assertThat(ColumnRules.flag(raw).value()).isEqualTo(expected);
  }

  @Test
  void anythingElseIsNotAFlag() {
    assertThat(ColumnRules.flag("talvez").reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(ColumnRules.flag("2").reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(ColumnRules.flag("yes").reason()).isEqualTo(RejectReason.INVALID_VALUE);
  }
}
