package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.etl.gold.GoldProperties.CheckAction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GoldPropertiesTests {

  private static GoldProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("salestech.gold", GoldProperties.class);
  }

  @Test
  void checksAreConfiguredByTheirNamesAndKeepTheirDefaultsOtherwise() {
    GoldProperties settings =
        bind(
            Map.of(
                "salestech.gold.checks.freshness", "fail",
                "salestech.gold.checks.unique-id-venda", "warn"));

    assertThat(settings.action(QualityCheck.FRESHNESS)).isEqualTo(CheckAction.FAIL);
    assertThat(settings.action(QualityCheck.UNIQUE_ID_VENDA)).isEqualTo(CheckAction.WARN);
    assertThat(settings.action(QualityCheck.ROW_COUNT)).isEqualTo(CheckAction.FAIL);
    assertThat(settings.action(QualityCheck.REVENUE)).isEqualTo(CheckAction.FAIL);
    assertThat(settings.action(QualityCheck.DENSE_DAYS)).isEqualTo(CheckAction.FAIL);
  }

  @Test
  void anUnknownCheckNameFailsNamingTheProperty() {
    assertThatThrownBy(() -> bind(Map.of("salestech.gold.checks.row-counts", "fail")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("salestech.gold.checks");
  }

  @Test
  void anUnknownActionFailsNamingTheProperty() {
    assertThatThrownBy(() -> bind(Map.of("salestech.gold.checks.revenue", "block")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("salestech.gold.checks");
  }

  @Test
  void checkNamesAreWrittenToReportsAsConfigured() {
    assertThat(QualityCheck.UNIQUE_ID_VENDA.code()).isEqualTo("unique-id-venda");
    assertThat(QualityCheck.ROW_COUNT.code()).isEqualTo("row-count");
  }
}
