package com.salestech.query.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Versioned names, and the rewriting of plain gold table names in report SQL. */
class GoldTableNamesTests {

  static final Map<String, String> NAMES =
      Map.of(
          "wide_vendas", "wide_vendas__v20261201t221401z_2",
          "receita_loja_mes", "receita_loja_mes__v20261201t221401z_2");

  @Test
  void aVersionBecomesALegalIdentifier() {
    assertThat(GoldTableNames.versioned("wide_vendas", "20261201T221401Z-2"))
        .isEqualTo("wide_vendas__v20261201t221401z_2");
    assertThat(GoldTableNames.tableOf("wide_vendas__v20261201t221401z_2")).contains("wide_vendas");
    assertThat(GoldTableNames.tableOf("wide_vendas")).isEmpty();
    assertThat(GoldTableNames.tableOf("other__v1")).isEmpty();
    assertThatThrownBy(() -> GoldTableNames.versioned("users; drop", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a gold table: users; drop");
  }

  @Test
  void onlyWholeTableIdentifiersAreRewritten() {
    String sql =
        "SELECT w.id_loja, count(*) AS wide_vendas_n, 'wide_vendas' AS label, \"wide_vendas\" AS q\n"
            + "FROM wide_vendas w -- wide_vendas in a comment\n"
            + "JOIN RECEITA_LOJA_MES r ON r.id_loja = w.id_loja /* receita_loja_mes */\n"
            + "WHERE w.cidade = ? AND lake.gold.wide_vendas IS NULL AND wide_vendas.pago\n"
            + "GROUP BY w.id_loja";
    assertThat(GoldTableNames.rewrite(sql, NAMES))
        .isEqualTo(
            "SELECT w.id_loja, count(*) AS wide_vendas_n, 'wide_vendas' AS label, \"wide_vendas\" AS q\n"
                + "FROM wide_vendas__v20261201t221401z_2 w -- wide_vendas in a comment\n"
                + "JOIN receita_loja_mes__v20261201t221401z_2 r ON r.id_loja = w.id_loja /* receita_loja_mes */\n"
                + "WHERE w.cidade = ? AND lake.gold.wide_vendas IS NULL AND wide_vendas__v20261201t221401z_2.pago\n"
                + "GROUP BY w.id_loja");
  }

  @Test
  void aLiteralWithAQuoteInsideStaysWhole() {
    assertThat(GoldTableNames.rewrite("SELECT 'it''s wide_vendas' FROM wide_vendas", NAMES))
        .isEqualTo("SELECT 'it''s wide_vendas' FROM wide_vendas__v20261201t221401z_2");
  }

  @Test
  void aTableThePinnedSnapshotLacksIsRefused() {
    assertThatThrownBy(() -> GoldTableNames.rewrite("SELECT * FROM perfil_clientes", NAMES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the statement reads gold table perfil_clientes, which the pinned snapshot lacks");
  }
}
