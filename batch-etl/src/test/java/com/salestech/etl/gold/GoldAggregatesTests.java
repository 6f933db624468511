package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** The aggregate tables' sums, averages and distinct customers, without a lake. */
class GoldAggregatesTests {

  private static final int NO_PAYMENT = Dimensions.NO_DATE;
  private static final int MARCH = GoldCalendar.monthOfName("2019-03");
  private static final int APRIL = GoldCalendar.monthOfName("2019-04");
  private static final int SOLD = (int) LocalDate.parse("2019-03-09").toEpochDay();

  private final GoldAggregates aggregates =
      new GoldAggregates(
          Map.of(1, new Dimensions.Store(1, "Recife"), 2, new Dimensions.Store(2, "Natal")),
          Map.of(7, new Dimensions.Product(7, "mouse", new BigDecimal("19.99"), 1999)),
          100);

  /** The table's rows, each as its values in column order (text as strings). */
  private List<List<Object>> rows(GoldTable table) {
    List<List<Object>> rows = new ArrayList<>();
    aggregates.rows(
        table,
        row -> {
          List<Object> values = new ArrayList<>();
          for (Schema.Field field : row.getSchema().getFields()) {
            Object value = row.get(field.pos());
            values.add(value instanceof CharSequence text ? text.toString() : value);
          }
          rows.add(values);
        });
    return rows;
  }

  private void sale(int store, int month, int quantity, long cents, boolean promoted, int paid) {
    aggregates.addSale(store, 7, month, quantity, cents, promoted, paid, SOLD);
  }

  @Test
  void storeAndProductMonthsSumCountsQuantitiesAndExactCents() {
    // given
    sale(1, MARCH, 1, 1999, false, NO_PAYMENT);
    sale(1, MARCH, 1, 1999, true, NO_PAYMENT);
    sale(1, APRIL, 3, 5997, false, NO_PAYMENT);
    sale(2, MARCH, 1, 1999, false, NO_PAYMENT);
    // when
    long cents = aggregates.rows(GoldTable.RECEITA_LOJA_MES, row -> {});
    // then
    assertThat(cents).isEqualTo(1999 * 6);
    assertThat(rows(GoldTable.RECEITA_LOJA_MES))
        .containsExactly(
            List.of(1, "Recife", "2019-03", 2L, new BigDecimal("39.98")),
            List.of(1, "Recife", "2019-04", 1L, new BigDecimal("59.97")),
            List.of(2, "Natal", "2019-03", 1L, new BigDecimal("19.99")));
    assertThat(rows(GoldTable.RECEITA_PRODUTO_MES))
        .containsExactly(
            List.of(7, "mouse", "2019-03", 3L, 3L, new BigDecimal("59.97")),
            List.of(7, "mouse", "2019-04", 1L, 3L, new BigDecimal("59.97")));
  }

  @Test
  void ticketMedioIsRevenueOverSalesRoundedHalfUp() {
    // given promoted sales of 0.01 and 0.04 (0.025 each), others of 0.10, 0.10 and 0.00
    sale(1, MARCH, 1, 1, true, NO_PAYMENT);
    sale(1, MARCH, 1, 4, true, NO_PAYMENT);
    sale(1, MARCH, 1, 10, false, NO_PAYMENT);
    sale(1, MARCH, 1, 10, false, NO_PAYMENT);
    sale(1, MARCH, 1, 0, false, NO_PAYMENT);
    // when and then: not promoted first, the half cent rounded up (half even would give 0.02)
    assertThat(rows(GoldTable.EFEITO_PROMOCAO))
        .containsExactly(
            List.of(false, "2019-03", 3L, new BigDecimal("0.20"), new BigDecimal("0.07")),
            List.of(true, "2019-03", 2L, new BigDecimal("0.05"), new BigDecimal("0.03")));
  }

  @Test
  void mediaDiasParaPagamentoIsTheMeanOfThePaidRoundedHalfUpAndNullForTheUnpaid() {
    // given in March 199 sales paid the day they were made and one a day later: 0.005 days
    for (int i = 0; i < 199; i++) {
      sale(1, MARCH, 1, 100, false, SOLD);
    }
    sale(1, MARCH, 1, 100, false, SOLD + 1);
    sale(1, MARCH, 1, 50, false, NO_PAYMENT);
    sale(1, MARCH, 1, 50, false, NO_PAYMENT);
    // and in April three paid after 1, 2 and 2 days
    sale(1, APRIL, 1, 100, false, SOLD + 1);
    sale(1, APRIL, 1, 100, false, SOLD + 2);
    sale(1, APRIL, 1, 100, false, SOLD + 2);
    // when
    List<List<Object>> rows = rows(GoldTable.STATUS_PAGAMENTO);
    // then
    assertThat(rows)
        .containsExactly(
            Arrays.asList(false, "2019-03", 2L, new BigDecimal("1.00"), null),
            List.of(true, "2019-03", 200L, new BigDecimal("200.00"), new BigDecimal("0.01")),
            List.of(true, "2019-04", 3L, new BigDecimal("3.00"), new BigDecimal("1.67")));
  }

  @Test
  void profilesCountEachCustomerOnceAndMissingCustomersByTheirId() {
    int band25to34 = GoldCalendar.band(30);
    int band35to44 = GoldCalendar.band(40);
    int unknownAge = GoldCalendar.band(null);
    // given customer 65 buying twice and customer 3 once, in one profile
    aggregates.addProfile(band25to34, 'F', 100, 65, 1065);
    aggregates.addProfile(band25to34, 'F', 100, 65, 1065);
    aggregates.addProfile(band25to34, 'F', 50, 3, 1003);
    // and customers missing from silver, told apart by id: 900 twice, 901 once
    aggregates.addProfile(band25to34, 'F', 10, -1, 900);
    aggregates.addProfile(band25to34, 'F', 10, -1, 900);
    aggregates.addProfile(band25to34, 'F', 10, -1, 901);
    // and customer 65 again in an older band, and a sale of no known age or sex
    aggregates.addProfile(band35to44, 'F', 1, 65, 1065);
    aggregates.addProfile(unknownAge, (char) 0, 7, -1, 900);
    // when
    long cents = aggregates.rows(GoldTable.PERFIL_CLIENTES, row -> {});
    // then
    assertThat(cents).isEqualTo(288);
    assertThat(rows(GoldTable.PERFIL_CLIENTES))
        .containsExactly(
            List.of("25-34", "F", 4L, 6L, new BigDecimal("2.80")),
            List.of("35-44", "F", 1L, 1L, new BigDecimal("0.01")),
            Arrays.asList("unknown", null, 1L, 1L, new BigDecimal("0.07")));
  }

  @Test
  void averagesRoundHalfAwayFromZero() {
    assertThat(GoldAggregates.average(1, 200, 2)).isEqualByComparingTo("0.01");
    assertThat(GoldAggregates.average(-1, 200, 2)).isEqualByComparingTo("-0.01");
    assertThat(GoldAggregates.average(1, 3, 2)).isEqualTo(new BigDecimal("0.33"));
  }

  @Test
  void wideVendasIsNotAnAggregate() {
    assertThatThrownBy(() -> aggregates.rows(GoldTable.WIDE_VENDAS, row -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noSalesMeanNoRows() {
    List<GenericData.Record> none = new ArrayList<>();
    for (GoldTable table : GoldAggregates.MONTHLY) {
      assertThat(aggregates.rows(table, none::add)).isZero();
    }
    assertThat(none).isEmpty();
  }
}
