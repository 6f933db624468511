package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

class SilverPropertiesTests {

  @EnableConfigurationProperties(SilverProperties.class)
  static class Settings {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Settings.class);

  @Test
  void aSettingOfNoTableFailsTheStartNamingTheProperty() {
    runner
        .withPropertyValues(
            "salestech.silver.tables.vends.max-reject-rate=0.5",
            "salestech.silver.tables.clientes.max-reject-rate=0.4")
        .run(
            context -> {
              assertThat(context).hasFailed();
              BindValidationException invalid = findCause(context.getStartupFailure());
              assertThat(invalid.getValidationErrors().getAllErrors())
                  .map(
                      e ->
                          e.getObjectName()
                              + "."
                              + ((FieldError) e).getField()
                              + ": "
                              + e.getDefaultMessage())
                  .containsExactly(
                      "salestech.silver.tables.vends: unknown table; tables: clientes, lojas,"
                          + " produtos, vendas, pagamentos, venda_promocao");
            });
  }

  @Test
  void aTableMayBeNamedWithItsUnderscoreADashOrNeither() {
    runner
        .withPropertyValues(
            "salestech.silver.tables.venda_promocao.max-reject-rate=0.3",
            "salestech.silver.tables.produtos.max-reject-rate=0.1")
        .run(
            context -> {
              SilverProperties settings = context.getBean(SilverProperties.class);
              assertThat(settings.tables()).containsOnlyKeys("venda_promocao", "produtos");
              assertThat(settings.maxRejectRate("venda_promocao")).isEqualTo(0.3);
              assertThat(settings.maxRejectRate("produtos")).isEqualTo(0.1);
              assertThat(settings.maxRejectRate("vendas")).isEqualTo(0.2);
            });
    runner
        .withPropertyValues("salestech.silver.tables.venda-promocao.max-reject-rate=0.25")
        .run(
            context ->
                assertThat(context.getBean(SilverProperties.class).maxRejectRate("venda_promocao"))
                    .isEqualTo(0.25));
    // SALESTECH_SILVER_TABLES_VENDAPROMOCAO_MAXREJECTRATE
    runner
        .withPropertyValues("salestech.silver.tables.vendapromocao.max-reject-rate=0.35")
        .run(
            context ->
                assertThat(context.getBean(SilverProperties.class).maxRejectRate("venda_promocao"))
                    .isEqualTo(0.35));
  }

  private static BindValidationException findCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindValidationException invalid) {
        return invalid;
      }
    }
    throw new AssertionError("no validation error in " + failure);
  }
}
