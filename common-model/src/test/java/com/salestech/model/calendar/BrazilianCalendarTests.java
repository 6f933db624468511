package com.salestech.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrazilianCalendarTests {

  @Test
  void easterMatchesPublishedDates() {
    assertThat(BrazilianCalendar.easter(2018)).isEqualTo(LocalDate.of(2018, 4, 1));
    assertThat(BrazilianCalendar.easter(2019)).isEqualTo(LocalDate.of(2019, 4, 21));
    assertThat(BrazilianCalendar.easter(2020)).isEqualTo(LocalDate.of(2020, 4, 12));
    assertThat(BrazilianCalendar.easter(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
    assertThat(BrazilianCalendar.easter(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
    assertThat(BrazilianCalendar.easter(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
  }

  @Test
  void blackFridayFollowsTheFourthThursdayOfNovember() {
    assertThat(BrazilianCalendar.blackFriday(2018)).isEqualTo(LocalDate.of(2018, 11, 23));
    assertThat(BrazilianCalendar.blackFriday(2019)).isEqualTo(LocalDate.of(2019, 11, 29));
    assertThat(BrazilianCalendar.blackFriday(2020)).isEqualTo(LocalDate.of(2020, 11, 27));
    assertThat(BrazilianCalendar.blackFriday(2026)).isEqualTo(LocalDate.of(2026, 11, 27));
    assertThat(BrazilianCalendar.isBlackFriday(LocalDate.of(2019, 11, 29))).isTrue();
    assertThat(BrazilianCalendar.isBlackFriday(LocalDate.of(2019, 11, 22))).isFalse();
  }

  @Test
  void nationalHolidaysOf2019() {
    List<String> found = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2019, 1, 1); d.getYear() == 2019; d = d.plusDays(1)) {
      LocalDate day = d;
      BrazilianCalendar.holiday(day).ifPresent(name -> found.add(day + " " + name));
    }
    assertThat(found)
        .containsExactly(
            "2019-01-01 Confraternização Universal",
            "2019-04-19 Paixão de Cristo",
            "2019-04-21 Tiradentes",
            "2019-05-01 Dia do Trabalho",
            "2019-09-07 Independência do Brasil",
            "2019-10-12 Nossa Senhora Aparecida",
            "2019-11-02 Finados",
            "2019-11-15 Proclamação da República",
            "2019-12-25 Natal");
  }

  @Test
  void conscienciaNegraIsNationalFrom2024() {
    assertThat(BrazilianCalendar.isNationalHoliday(LocalDate.of(2023, 11, 20))).isFalse();
    assertThat(BrazilianCalendar.holiday(LocalDate.of(2024, 11, 20))).contains("Consciência Negra");
    assertThat(BrazilianCalendar.isNationalHoliday(LocalDate.of(2020, 2, 25))).isFalse();
  }
}
