package com.salestech.model.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.SaleEvent;
import com.salestech.model.rules.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaleEventRulesTests {

  static final Instant NOW = Instant.parse("2024-06-10T12:00:00Z");

  static Map<String, Object> event() {
    Map<String, Object> json = new HashMap<>();
    json.put("eventId", "3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    json.put("saleId", 1001L);
    json.put("customerId", 7);
    json.put("storeId", 3);
    json.put("productId", 12);
    json.put("soldAt", "2024-06-09T10:15:30Z");
    return json;
  }

  static SaleEvent valid(Map<String, Object> json) {
    EventCheck check = SaleEventRules.check(json, NOW);
    assertThat(check).isInstanceOf(EventCheck.Valid.class);
    return ((EventCheck.Valid) check).event();
  }

  static List<FieldError> errors(Map<String, Object> json) {
    EventCheck check = SaleEventRules.check(json, NOW);
    assertThat(check).isInstanceOf(EventCheck.Invalid.class);
    return ((EventCheck.Invalid) check).errors();
  }

  @Test
  void aMinimalEventTakesItsDefaults() {
    SaleEvent event = valid(event());

    assertThat(event)
        .isEqualTo(
            new SaleEvent(
                UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
                1001,
                7,
                3,
                12,
                Instant.parse("2024-06-09T10:15:30Z"),
                1,
                false,
                null));
  }

  @Test
  void everyOptionalFieldIsRead() {
    Map<String, Object> json = event();
    json.put("soldAt", "2024-06-09");
    json.put("quantity", 1000);
    json.put("promotion", true);
    json.put("paidAt", "2024-06-09T18:00:00-03:00");

    SaleEvent event = valid(json);

    assertThat(event.soldAt()).isEqualTo(Instant.parse("2024-06-09T00:00:00Z"));
    assertThat(event.quantity()).isEqualTo(1000);
    assertThat(event.promotion()).isTrue();
    assertThat(event.paidAt()).isEqualTo(Instant.parse("2024-06-09T21:00:00Z"));
  }

  @Test
  void everyBrokenRuleIsListedInTheContractsFieldOrder() {
    Map<String, Object> json = new HashMap<>();
    json.put("eventId", "not-a-uuid");
    json.put("saleId", "1001");
    json.put("storeId", 0);
    json.put("productId", 1.5);
    json.put("soldAt", "09/06/2024");
    json.put("quantity", 1001);
    json.put("promotion", "yes");
    json.put("paidAt", 20240609);
    json.put("receivedAt", "2024-06-09T10:15:30Z");

    assertThat(errors(json))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("eventId", RejectReason.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("saleId", RejectReason.BAD_INTEGER),
            org.assertj.core.groups.Tuple.tuple("customerId", RejectReason.MISSING_REQUIRED),
            org.assertj.core.groups.Tuple.tuple("storeId", RejectReason.BAD_INTEGER),
            org.assertj.core.groups.Tuple.tuple("productId", RejectReason.BAD_INTEGER),
            org.assertj.core.groups.Tuple.tuple("soldAt", RejectReason.BAD_DATE),
            org.assertj.core.groups.Tuple.tuple("quantity", RejectReason.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("promotion", RejectReason.INVALID_VALUE),
            org.assertj.core.groups.Tuple.tuple("paidAt", RejectReason.BAD_DATE),
            org.assertj.core.groups.Tuple.tuple("receivedAt", RejectReason.INVALID_VALUE));
  }

  @Test
  void aBlankRequiredFieldIsMissing() {
    Map<String, Object> json = event();
    json.put("eventId", "  ");
    json.put("soldAt", null);

    assertThat(errors(json))
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("eventId", RejectReason.MISSING_REQUIRED),
            org.assertj.core.groups.Tuple.tuple("soldAt", RejectReason.MISSING_REQUIRED));
  }

  @Test
  void idsAreBoundedByTheirColumnType() {
    Map<String, Object> json = event();
    json.put("saleId", BigInteger.valueOf(Long.MAX_VALUE));
    json.put("storeId", (long) Integer.MAX_VALUE + 1);
    json.put("productId", new BigDecimal("1E+3"));

    assertThat(errors(json)).extracting(FieldError::field).containsExactly("storeId");
    json.put("storeId", Integer.MAX_VALUE);
    assertThat(valid(json).productId()).isEqualTo(1000);

    json.put("saleId", BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
    json.put("customerId", new BigDecimal("7.0"));
    assertThat(errors(json)).extracting(FieldError::field).containsExactly("saleId", "customerId");
  }

  @Test
  void soldAtMayBeAtMostOneDayAhead() {
    Map<String, Object> json = event();
    json.put("soldAt", "2024-06-11T12:00:00Z");
    assertThat(valid(json).soldAt()).isEqualTo(Instant.parse("2024-06-11T12:00:00Z"));

    json.put("soldAt", "2024-06-11T12:00:01Z");
    assertThat(errors(json))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("soldAt");
              assertThat(e.reason()).isEqualTo(RejectReason.INVALID_VALUE);
              assertThat(e.message()).contains("1 day in the future");
            });
  }

  @Test
  void paidAtMayNotPrecedeSoldAt() {
    Map<String, Object> json = event();
    json.put("paidAt", "2024-06-09T10:15:29Z");
    assertThat(errors(json))
        .singleElement()
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly("paidAt", RejectReason.INVALID_VALUE);

    json.put("paidAt", "2024-06-09T10:15:30Z");
    assertThat(valid(json).paidAt()).isEqualTo(Instant.parse("2024-06-09T10:15:30Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-30", "2024-06-09T10:15:30", "2024-06-09 10:15:30Z", "tomorrow"})
  void aDateThatIsNotStrictIsoIsRefused(String text) {
    Map<String, Object> json = event();
    json.put("soldAt", text);

    assertThat(errors(json))
        .singleElement()
        .extracting(FieldError::field, FieldError::reason)
        .containsExactly("soldAt", RejectReason.BAD_DATE);
  }

  @Test
  void quantityMustBeAnIntegerInRange() {
    Map<String, Object> json = event();
    json.put("quantity", 0);
    assertThat(errors(json))
        .extracting(FieldError::reason)
        .containsExactly(RejectReason.INVALID_VALUE);
    json.put("quantity", "2");
    assertThat(errors(json))
        .extracting(FieldError::reason)
        .containsExactly(RejectReason.BAD_INTEGER);
    json.put("quantity", 2.0d);
    assertThat(errors(json))
        .extracting(FieldError::reason)
        .containsExactly(RejectReason.BAD_INTEGER);
  }
}
