package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import com.salestech.etl.sample.Manifest;
import com.salestech.etl.sample.SampleDataGenerator;
import com.salestech.etl.sample.TableCounts;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Gold checked against an oracle: every table computed again with DuckDB SQL written from
 * DATA-CONTRACT §3 (and the decisions of docs/data-contract.md), over the published silver files
 * ({@code vendas_diarias} and {@code calendario} over the published {@code wide_vendas} files, as
 * the models would), must equal the published gold row for row. The data: 50,000 generated sales
 * with every kind of dirt the generator makes, plus {@code fixtures/gold-oracle}, the cases the
 * generator never writes (orphan stores, missing customers, 29 February birthdays, band boundaries,
 * a sale before the birth, several payments, rounding ties).
 */
@SpringBootTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldOracleIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("gold-oracle");
  static final SilverLake SILVER = new SilverLake(DATA);
  static final PublishedGold GOLD = new PublishedGold(DATA);
  static final long SALES = 50_000;
  static final long SEED = 20_000_229L;

  /** High enough that every kind of dirt appears hundreds of times, low enough to publish. */
  static final double DIRT_RATE = 0.05;

  /**
   * Each gold table's columns and the types the contract and docs/data-contract.md give them (money
   * exact: decimal(12,2) prices, decimal(18,2) sums), in the contract's order.
   */
  static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put(
        "wide_vendas",
        "id_venda BIGINT, id_cliente BIGINT, nome_cliente VARCHAR, sexo_cliente VARCHAR,"
            + " dt_nasc DATE, idade_na_venda INTEGER, id_loja INTEGER, cidade VARCHAR,"
            + " id_produto INTEGER, produto VARCHAR, valor DECIMAL(12,2), quantidade INTEGER,"
            + " receita DECIMAL(18,2), dt_venda DATE, mes_venda VARCHAR, promocao BOOLEAN,"
            + " dt_pgto DATE, pago BOOLEAN, dias_para_pagamento INTEGER, canal VARCHAR");
    COLUMNS.put(
        "receita_loja_mes",
        "id_loja INTEGER, cidade VARCHAR, mes VARCHAR, n_vendas BIGINT, receita DECIMAL(18,2)");
    COLUMNS.put(
        "receita_produto_mes",
        "id_produto INTEGER, produto VARCHAR, mes VARCHAR, n_vendas BIGINT, quantidade BIGINT,"
            + " receita DECIMAL(18,2)");
    COLUMNS.put(
        "efeito_promocao",
        "promocao BOOLEAN, mes VARCHAR, n_vendas BIGINT, receita DECIMAL(18,2),"
            + " ticket_medio DECIMAL(18,2)");
    COLUMNS.put(
        "status_pagamento",
        "pago BOOLEAN, mes VARCHAR, n_vendas BIGINT, receita DECIMAL(18,2),"
            + " media_dias_para_pagamento DECIMAL(10,2)");
    COLUMNS.put(
        "perfil_clientes",
        "faixa_etaria VARCHAR, sexo VARCHAR, n_clientes BIGINT, n_vendas BIGINT,"
            + " receita DECIMAL(18,2)");
    // for the models: money as double, counts as int
    COLUMNS.put(
        "vendas_diarias",
        "id_loja INTEGER, cidade VARCHAR, id_produto INTEGER, produto VARCHAR, dt_venda DATE,"
            + " mes_venda VARCHAR, n_vendas INTEGER, unidades INTEGER, receita DOUBLE,"
            + " unidades_promocao INTEGER, receita_promocao DOUBLE");
    COLUMNS.put(
        "calendario",
        "dia DATE, dia_semana INTEGER, semana_iso INTEGER, ano_iso INTEGER, mes VARCHAR,"
            + " ano INTEGER, feriado_nacional BOOLEAN, nome_feriado VARCHAR, black_friday BOOLEAN");
  }

  /**
   * {@code vendas_diarias} as SQL over a {@code wide_vendas} relation: every store × product that
   * sold, crossed with every day from the first sale to the last, left-joined to that day's sums,
   * zeros where there are none. Revenue is summed as exact decimals, then cast to double.
   */
  static String vendasDiariasOracle(String wide) {
    return "WITH w AS (SELECT * FROM "
        + wide
        + "),"
        + " pairs AS (SELECT DISTINCT id_loja, cidade, id_produto, produto FROM w),"
        + " days AS (SELECT CAST(unnest(generate_series(min(dt_venda), max(dt_venda),"
        + "   INTERVAL 1 DAY)) AS DATE) AS dt_venda FROM w),"
        + " sums AS (SELECT id_loja, id_produto, dt_venda, count(*) AS n_vendas,"
        + "   sum(quantidade) AS unidades, sum(receita) AS receita,"
        + "   sum(quantidade) FILTER (WHERE promocao) AS unidades_promocao,"
        + "   sum(receita) FILTER (WHERE promocao) AS receita_promocao"
        + "   FROM w GROUP BY id_loja, id_produto, dt_venda)"
        + " SELECT p.id_loja, p.cidade, p.id_produto, p.produto, d.dt_venda,"
        + " strftime(d.dt_venda, '%Y-%m') AS mes_venda,"
        + " CAST(coalesce(s.n_vendas, 0) AS INTEGER) AS n_vendas,"
        + " CAST(coalesce(s.unidades, 0) AS INTEGER) AS unidades,"
        + " CAST(coalesce(s.receita, 0) AS DOUBLE) AS receita,"
        + " CAST(coalesce(s.unidades_promocao, 0) AS INTEGER) AS unidades_promocao,"
        + " CAST(coalesce(s.receita_promocao, 0) AS DOUBLE) AS receita_promocao"
        + " FROM pairs p CROSS JOIN days d"
        + " LEFT JOIN sums s ON s.id_loja = p.id_loja AND s.id_produto = p.id_produto"
        + " AND s.dt_venda = d.dt_venda";
  }

  /**
   * DATA-CONTRACT §3, as SQL over the silver tables {@code s_<table>}. Dates are compared as
   * calendar fields, money is summed as exact decimals, averages are rounded half up on integers.
   */
  static final List<String> ORACLE =
      List.of(
          // Full years: the birthday counts once its month and day are reached; a 29 February
          // birthday is reached on 1 March in common years. Below zero (a sale before the birth)
          // is null (docs/data-contract.md).
          "CREATE MACRO full_years(born, day) AS year(day) - year(born)"
              + " - CASE WHEN month(day) * 100 + dayofmonth(day)"
              + " < month(born) * 100 + dayofmonth(born) THEN 1 ELSE 0 END",
          "CREATE MACRO age(born, day) AS"
              + " CASE WHEN full_years(born, day) >= 0 THEN full_years(born, day) END",
          "CREATE MACRO band(age) AS CASE WHEN age IS NULL THEN 'unknown'"
              + " WHEN age < 25 THEN '<25' WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44'"
              + " WHEN age <= 54 THEN '45-54' WHEN age <= 64 THEN '55-64' ELSE '65+' END",
          // num / den rounded half up (away from zero) to an integer, in integer arithmetic.
          "CREATE MACRO half_up(num, den) AS" + " sign(num) * ((2 * abs(num) + den) // (2 * den))",
          "CREATE MACRO hundredths(n) AS CAST(CAST(n AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2))",
          "CREATE MACRO cents(money) AS CAST(money * 100 AS HUGEINT)",
          "CREATE TABLE o_quarantine AS SELECT v.id AS id_venda,"
              + " CASE WHEN l.id IS NULL THEN 'orphan_store' ELSE 'orphan_product' END AS reason"
              + " FROM s_vendas v LEFT JOIN s_lojas l ON l.id = v.id_loja"
              + " LEFT JOIN s_produtos p ON p.id = v.id_produto"
              + " WHERE l.id IS NULL OR p.id IS NULL",
          "CREATE TABLE o_wide_vendas AS"
              + " WITH earliest AS (SELECT id_venda, min(dt_pgto) AS dt_pgto FROM s_pagamentos"
              + "   GROUP BY id_venda),"
              + " flag AS (SELECT id_venda, bool_or(promocao) AS promocao FROM s_venda_promocao"
              + "   GROUP BY id_venda)"
              + " SELECT v.id AS id_venda, v.id_cliente, c.nome AS nome_cliente,"
              + " c.sexo AS sexo_cliente, c.dt_nasc, age(c.dt_nasc, v.dt_venda) AS idade_na_venda,"
              + " v.id_loja, l.cidade, v.id_produto, p.produto, p.valor, v.quantidade,"
              + " p.valor * v.quantidade AS receita, v.dt_venda,"
              + " strftime(v.dt_venda, '%Y-%m') AS mes_venda,"
              + " coalesce(f.promocao, false) AS promocao, e.dt_pgto,"
              + " e.dt_pgto IS NOT NULL AS pago, e.dt_pgto - v.dt_venda AS dias_para_pagamento,"
              + " v.canal"
              + " FROM s_vendas v JOIN s_lojas l ON l.id = v.id_loja"
              + " JOIN s_produtos p ON p.id = v.id_produto"
              + " LEFT JOIN s_clientes c ON c.id = v.id_cliente"
              + " LEFT JOIN earliest e ON e.id_venda = v.id"
              + " LEFT JOIN flag f ON f.id_venda = v.id",
          "CREATE TABLE o_receita_loja_mes AS SELECT id_loja, cidade, mes_venda AS mes,"
              + " count(*) AS n_vendas, sum(receita) AS receita FROM o_wide_vendas"
              + " GROUP BY id_loja, cidade, mes_venda",
          "CREATE TABLE o_receita_produto_mes AS SELECT id_produto, produto, mes_venda AS mes,"
              + " count(*) AS n_vendas, sum(quantidade) AS quantidade, sum(receita) AS receita"
              + " FROM o_wide_vendas GROUP BY id_produto, produto, mes_venda",
          "CREATE TABLE o_efeito_promocao AS SELECT promocao, mes_venda AS mes,"
              + " count(*) AS n_vendas, sum(receita) AS receita,"
              + " hundredths(half_up(cents(sum(receita)), count(*))) AS ticket_medio"
              + " FROM o_wide_vendas GROUP BY promocao, mes_venda",
          "CREATE TABLE o_status_pagamento AS SELECT pago, mes_venda AS mes,"
              + " count(*) AS n_vendas, sum(receita) AS receita,"
              + " CASE WHEN pago THEN hundredths(half_up(100 * sum(dias_para_pagamento), count(*)))"
              + " END AS media_dias_para_pagamento"
              + " FROM o_wide_vendas GROUP BY pago, mes_venda",
          "CREATE TABLE o_perfil_clientes AS SELECT band(idade_na_venda) AS faixa_etaria,"
              + " sexo_cliente AS sexo, count(DISTINCT id_cliente) AS n_clientes,"
              + " count(*) AS n_vendas, sum(receita) AS receita"
              + " FROM o_wide_vendas GROUP BY band(idade_na_venda), sexo_cliente",
          "CREATE TABLE o_vendas_diarias AS " + vendasDiariasOracle("g_wide_vendas"),
          // calendario: the first sale of wide_vendas to 366 days after the last
          "CREATE TABLE o_dias AS SELECT CAST(unnest(generate_series(min(dt_venda),"
              + " max(dt_venda) + 366, INTERVAL 1 DAY)) AS DATE) AS dia FROM g_wide_vendas",
          // Easter Sunday of each year, by the anonymous Gregorian algorithm
          "CREATE TABLE o_pascoa AS WITH anos AS (SELECT DISTINCT year(dia) AS y FROM o_dias),"
              + " s1 AS (SELECT y, y % 19 AS a, y // 100 AS b, y % 100 AS c FROM anos),"
              + " s2 AS (SELECT *, b // 4 AS d, b % 4 AS e, (b + 8) // 25 AS f, c // 4 AS i,"
              + "   c % 4 AS k FROM s1),"
              + " s3 AS (SELECT *, (19 * a + b - d - (b - f + 1) // 3 + 15) % 30 AS h FROM s2),"
              + " s4 AS (SELECT *, (32 + 2 * e + 2 * i - h - k) % 7 AS l FROM s3),"
              + " s5 AS (SELECT *, (a + 11 * h + 22 * l) // 451 AS m FROM s4)"
              + " SELECT y, make_date(y, (h + l - 7 * m + 114) // 31,"
              + " (h + l - 7 * m + 114) % 31 + 1) AS pascoa FROM s5",
          // the national holidays (Consciência Negra from 2024); a fixed one wins a day it shares
          // with Good Friday
          "CREATE TABLE o_feriados AS SELECT dia, arg_min(nome, prioridade) AS nome FROM ("
              + " SELECT make_date(y, f.m, f.d) AS dia, f.nome, 0 AS prioridade FROM o_pascoa"
              + " CROSS JOIN (VALUES (1, 1, 'Confraternização Universal'), (4, 21, 'Tiradentes'),"
              + " (5, 1, 'Dia do Trabalho'), (9, 7, 'Independência do Brasil'),"
              + " (10, 12, 'Nossa Senhora Aparecida'), (11, 2, 'Finados'),"
              + " (11, 15, 'Proclamação da República'), (12, 25, 'Natal')) f(m, d, nome)"
              + " UNION ALL SELECT make_date(y, 11, 20), 'Consciência Negra', 0 FROM o_pascoa"
              + " WHERE y >= 2024"
              + " UNION ALL SELECT CAST(pascoa - INTERVAL 2 DAY AS DATE), 'Paixão de Cristo', 1"
              + " FROM o_pascoa) GROUP BY dia",
          // the day after the fourth Thursday of November
          "CREATE TABLE o_black_friday AS SELECT make_date(y, 11, 1)"
              + " + CAST((4 - isodow(make_date(y, 11, 1)) + 7) % 7 + 22 AS INTEGER) AS dia"
              + " FROM o_pascoa",
          "CREATE TABLE o_calendario AS SELECT d.dia, isodow(d.dia) AS dia_semana,"
              + " week(d.dia) AS semana_iso, isoyear(d.dia) AS ano_iso,"
              + " strftime(d.dia, '%Y-%m') AS mes, year(d.dia) AS ano,"
              + " f.nome IS NOT NULL AS feriado_nacional, f.nome AS nome_feriado,"
              + " b.dia IS NOT NULL AS black_friday"
              + " FROM o_dias d LEFT JOIN o_feriados f ON f.dia = d.dia"
              + " LEFT JOIN o_black_friday b ON b.dia = d.dia");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
    // One open month writer per worker: every worker reads the sales once per month it owns, so
    // the oracle also proves the passes that keep memory flat however long the history is.
    registry.add("salestech.gold.row-group-bytes", () -> "1048576");
    registry.add("salestech.gold.writer-memory", () -> "1048576");
  }

  @Autowired Cli cli;

  Manifest manifest;
  Connection duck;

  @BeforeAll
  void landBothExportsAndRunBronzeToSilverToGold() throws Exception {
    manifest =
        SampleDataGenerator.generate(
            new SampleDataGenerator.Options(SALES, SEED, DIRT_RATE), DATA.resolve("export"));
    LocalDate today = LocalDate.now();
    assertThat(
            cli.execute(
                "land", DATA.resolve("export").toString(), "--ingest-date", today.toString()))
        .isEqualTo(Cli.OK);
    assertThat(
            cli.execute(
                "land",
                EtlTestSupport.fixture("gold-oracle").toString(),
                "--ingest-date",
                today.plusDays(1).toString()))
        .isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);
    assertThat(cli.execute("run", "silver-to-gold")).isEqualTo(Cli.OK);

    duck = DriverManager.getConnection("jdbc:duckdb:");
    execute("SET threads = 2");
    for (Table table : Table.values()) {
      execute("CREATE VIEW s_" + table.tableName() + " AS SELECT * FROM " + silver(table));
    }
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      execute(
          "CREATE VIEW g_"
              + table.tableName()
              + " AS SELECT * FROM "
              + GOLD.relation(table.tableName()));
    }
    for (String statement : ORACLE) {
      execute(statement);
    }
  }

  @AfterAll
  void closeDuckDb() throws SQLException {
    if (duck != null) {
      duck.close();
    }
  }

  @Test
  void theGeneratedExportsHoldEveryKindOfDirt() {
    TableCounts clientes = manifest.counts(Table.CLIENTES);
    TableCounts vendas = manifest.counts(Table.VENDAS);
    TableCounts pagamentos = manifest.counts(Table.PAGAMENTOS);
    TableCounts promocao = manifest.counts(Table.VENDA_PROMOCAO);
    assertThat(List.of(clientes.badIds(), clientes.duplicates(), clientes.optionalWarnings()))
        .allMatch(n -> n > 100);
    assertThat(List.of(vendas.badDates(), vendas.badIds(), vendas.duplicates()))
        .allMatch(n -> n > 100);
    assertThat(
            List.of(
                pagamentos.badDates(),
                pagamentos.badIds(),
                pagamentos.duplicates(),
                pagamentos.emptyRows()))
        .allMatch(n -> n > 100);
    assertThat(List.of(promocao.badIds(), promocao.invalidValues(), promocao.duplicates()))
        .allMatch(n -> n > 100);
    assertThat(manifest.counts(Table.PRODUTOS).pricesOutOfRange()).isEqualTo(1);
    assertThat(manifest.junkProductSales()).isGreaterThan(100);
  }

  @Test
  void goldEqualsTheContractOracleRowForRow() {
    // given the oracle's six tables, computed from the published silver files
    // when each is compared with the published gold table, both ways, duplicates counted
    // then nothing is missing and nothing is extra
    Map<String, Long> expectedRows = new TreeMap<>();
    Map<String, Long> goldRows = new TreeMap<>();
    Map<String, List<String>> missing = new TreeMap<>();
    Map<String, List<String>> extra = new TreeMap<>();
    for (String table : COLUMNS.keySet()) {
      String columns = projection(table);
      expectedRows.put(table, count("SELECT count(*) FROM o_" + table));
      goldRows.put(table, count("SELECT count(*) FROM g_" + table));
      missing.put(
          table,
          sample(
              "SELECT "
                  + columns
                  + " FROM o_"
                  + table
                  + " EXCEPT ALL SELECT "
                  + columns
                  + " FROM g_"
                  + table));
      extra.put(
          table,
          sample(
              "SELECT "
                  + columns
                  + " FROM g_"
                  + table
                  + " EXCEPT ALL SELECT "
                  + columns
                  + " FROM o_"
                  + table));
    }
    assertThat(missing)
        .as("oracle rows missing from gold")
        .allSatisfy((t, rows) -> assertThat(rows).as(t).isEmpty());
    assertThat(extra)
        .as("gold rows the oracle does not have")
        .allSatisfy((t, rows) -> assertThat(rows).as(t).isEmpty());
    assertThat(goldRows).isEqualTo(expectedRows);
    // the data reaches the cases the oracle is there for
    // every valid generated sale but those of the junk product, and 21 of the 26 hand-written
    assertThat(expectedRows.get("wide_vendas"))
        .isEqualTo(manifest.sales() - manifest.junkProductSales() + 21);
    assertThat(expectedRows.get("perfil_clientes")).isEqualTo(7 * 3);
    // every pair that sold times every day from 27 February 2001 (sale 900018) to the last
    assertThat(expectedRows.get("vendas_diarias"))
        .isEqualTo(
            count(
                "SELECT count(DISTINCT (id_loja, id_produto))"
                    + " * (max(dt_venda) - DATE '2001-02-27' + 1) FROM g_wide_vendas"))
        .isGreaterThan(50_000);
    assertThat(expectedRows.get("calendario"))
        .isEqualTo(count("SELECT max(dt_venda) - DATE '2001-02-27' + 1 + 366 FROM g_wide_vendas"));
  }

  @Test
  void theDailySeriesHaveTheirZeroDaysAndTheCalendarItsHolidays() {
    // given the hand-written sales of lápis at store 1 (27 February 2001, 1 March 2001 promoted)
    // and of borracha at store 7 (one a day from 1 to 8 May 2002)
    // when vendas_diarias is read around them
    // then the days between and after are zeros, nothing comes before the first sale
    assertThat(
            rows(
                "SELECT id_loja, id_produto, produto, dt_venda, n_vendas, unidades, receita,"
                    + " unidades_promocao, receita_promocao FROM g_vendas_diarias"
                    + " WHERE (id_loja = 1 AND id_produto = 902"
                    + "   AND dt_venda BETWEEN '2001-02-20' AND '2001-03-02')"
                    + " OR (id_loja = 7 AND id_produto = 901"
                    + "   AND dt_venda IN ('2002-04-30', '2002-05-01', '2002-05-08', '2002-05-09'))"
                    + " ORDER BY id_loja, dt_venda"))
        .containsExactly(
            "1|902|lápis|2001-02-27|1|1|0.2|0|0.0",
            "1|902|lápis|2001-02-28|0|0|0.0|0|0.0",
            "1|902|lápis|2001-03-01|1|1|0.2|1|0.2",
            "1|902|lápis|2001-03-02|0|0|0.0|0|0.0",
            "7|901|borracha|2002-04-30|0|0|0.0|0|0.0",
            "7|901|borracha|2002-05-01|1|1|0.05|0|0.0",
            "7|901|borracha|2002-05-08|1|1|0.05|0|0.0",
            "7|901|borracha|2002-05-09|0|0|0.0|0|0.0");
    // the revenue of the series is wide_vendas', to the cent
    assertThat(
            rows(
                "SELECT CAST(round(sum(receita) * 100) AS BIGINT) = (SELECT CAST(sum(receita)"
                    + " * 100 AS BIGINT) FROM g_wide_vendas), sum(n_vendas) = (SELECT count(*)"
                    + " FROM g_wide_vendas) FROM g_vendas_diarias"))
        .containsExactly("true|true");

    // and calendario runs from the first sale to 366 days after the last, ISO weeks, holidays
    assertThat(
            rows(
                "SELECT min(dia), max(dia) - (SELECT max(dt_venda) FROM g_wide_vendas) FROM g_calendario"))
        .containsExactly("2001-02-27|366");
    // dia|dia_semana|semana_iso|ano_iso|mes|ano|feriado|nome|black friday
    assertThat(
            rows(
                "SELECT * FROM g_calendario WHERE dia IN ('2018-12-31', '2019-04-19',"
                    + " '2019-11-15', '2019-11-29') ORDER BY dia"))
        .containsExactly(
            "2018-12-31|1|1|2019|2018-12|2018|false|null|false",
            "2019-04-19|5|16|2019|2019-04|2019|true|Paixão de Cristo|false",
            "2019-11-15|5|46|2019|2019-11|2019|true|Proclamação da República|false",
            "2019-11-29|5|48|2019|2019-11|2019|false|null|true");
  }

  @Test
  void theHandWrittenEdgesComeOutAsTheContractSays() {
    // given the sales of fixtures/gold-oracle
    // when gold is read
    // then ages, bands, customers, payments, promotions and rounding are exact
    assertThat(
            rows(
                "SELECT id_venda, nome_cliente, sexo_cliente, dt_nasc, idade_na_venda, receita,"
                    + " promocao, dt_pgto, dias_para_pagamento FROM g_wide_vendas"
                    + " WHERE id_venda BETWEEN 900001 AND 900018 ORDER BY id_venda"))
        .containsExactly(
            "900001|Bia Bissexta|F|2000-02-29|0|0.05|false|2001-02-28|0",
            "900002|Bia Bissexta|F|2000-02-29|1|0.20|true|null|null",
            "900003|Bia Bissexta|F|2000-02-29|4|0.05|false|2004-03-01|1",
            "900004|Bia Bissexta|F|2000-02-29|3|0.20|false|2004-02-28|0",
            "900005|Nina Futura|F|2021-01-01|null|20.00|true|2019-06-01|0",
            "900006|Sam Semsexo|null|1994-06-15|24|30.00|true|null|null",
            "900007|Sam Semsexo|null|1994-06-15|25|30.00|false|null|null",
            "900008|Leo Limite|M|1954-06-15|64|2300.00|false|null|null",
            "900009|Leo Limite|M|1954-06-15|65|2300.00|false|null|null",
            "900010|null|null|null|null|5300.00|false|null|null",
            "900011|null|null|null|null|1500.00|false|null|null",
            "900012|Ivo Invalido|null|null|null|1234.56|false|null|null",
            "900018|null|null|null|null|0.20|false|null|null");
    assertThat(
            rows(
                "SELECT promocao, mes, n_vendas, receita, ticket_medio FROM g_efeito_promocao"
                    + " WHERE mes IN ('2001-02', '2001-03', '2002-05') ORDER BY mes, promocao"))
        .containsExactly(
            // 0.25 / 2 = 0.125: half up
            "false|2001-02|2|0.25|0.13", "true|2001-03|1|0.20|0.20", "false|2002-05|8|0.40|0.05");
    assertThat(
            rows(
                "SELECT pago, mes, n_vendas, receita, media_dias_para_pagamento"
                    + " FROM g_status_pagamento WHERE mes IN ('2001-02', '2002-05')"
                    + " ORDER BY mes, pago"))
        .containsExactly(
            "false|2001-02|1|0.20|null",
            "true|2001-02|1|0.05|0.00",
            // 1 day over 8 sales = 0.125: half up
            "true|2002-05|8|0.40|0.13");
  }

  @Test
  void quarantineHoldsExactlyTheOrphanSalesAndReconcilesWithSilver() {
    // given the sales the oracle finds without a store or a product
    Map<String, Long> expected = new TreeMap<>();
    for (String row : rows("SELECT reason, count(*) FROM o_quarantine GROUP BY reason")) {
      expected.put(row.split("\\|")[0], Long.parseLong(row.split("\\|")[1]));
    }
    JsonNode report = GOLD.latestReport();
    String run = report.get("runId").asString();
    String quarantine =
        "read_parquet('"
            + DATA.resolve("lake/sales-tech-gld/_quarantine/wide_vendas/run=" + run)
            + "/*.parquet', hive_partitioning = false)";

    // when the run's quarantine is read
    List<String> missing =
        sample(
            "SELECT id_venda, reason FROM o_quarantine EXCEPT ALL"
                + " SELECT CAST(regexp_extract(raw_line, '\"id\": (\\d+)', 1) AS BIGINT), reason"
                + " FROM "
                + quarantine);
    List<String> extra =
        sample(
            "SELECT CAST(regexp_extract(raw_line, '\"id\": (\\d+)', 1) AS BIGINT), reason FROM "
                + quarantine
                + " EXCEPT ALL SELECT id_venda, reason FROM o_quarantine");

    // then it holds the same sales for the same reasons, and every silver sale is accounted for
    assertThat(missing).isEmpty();
    assertThat(extra).isEmpty();
    // store 99 (with product 1, 99 or the quarantined 10): orphan_store, product 99 or 10 alone
    assertThat(expected.get("orphan_store")).isEqualTo(3);
    assertThat(expected.get("orphan_product")).isEqualTo(manifest.junkProductSales() + 2);
    Map<String, Long> reported = new TreeMap<>();
    report
        .get("quarantinedByReason")
        .properties()
        .forEach(e -> reported.put(e.getKey(), e.getValue().asLong()));
    assertThat(reported).isEqualTo(expected);

    long silverSales = count("SELECT count(*) FROM s_vendas");
    long goldSales = count("SELECT count(*) FROM g_wide_vendas");
    long quarantined = count("SELECT count(*) FROM " + quarantine);
    assertThat(goldSales + quarantined).isEqualTo(silverSales);
    assertThat(silverSales).isEqualTo(manifest.sales() + 26);
    assertThat(report.get("silverSales").asLong()).isEqualTo(silverSales);
    assertThat(report.get("goldSales").asLong()).isEqualTo(goldSales);
    assertThat(report.get("receita").decimalValue())
        .isEqualByComparingTo(decimal("SELECT sum(receita) FROM o_wide_vendas"));
    assertThat(report.get("orphanPromotions").asLong())
        .isEqualTo(
            count(
                "SELECT count(*) FROM s_venda_promocao p"
                    + " WHERE p.id_venda NOT IN (SELECT id FROM s_vendas)"));
  }

  @Test
  void theQualityReportCountsPaymentsOfNoSale() {
    // given payment rows naming no silver sale (DATA-CONTRACT §3: orphan_payment)
    long orphanPayments =
        count(
            "SELECT count(*) FROM s_pagamentos p WHERE p.id_venda NOT IN (SELECT id FROM s_vendas)");
    assertThat(orphanPayments).isEqualTo(1);

    // when the run's report is read
    JsonNode report = GOLD.latestReport();

    // then it counts them, as it counts promotions of no sale
    assertThat(report.path("orphanPayments").asLong(-1))
        .as(report.toString())
        .isEqualTo(orphanPayments);
  }

  @Test
  void goldColumnsHaveTheContractTypesAndTheMonthOfSaleOnlyInThePath() {
    // given the published files, read as they are (no partition column from the path)
    // when their columns are described
    // then money is exact decimal, dates are dates, and mes_venda is not a column of the files
    for (Map.Entry<String, String> table : COLUMNS.entrySet()) {
      boolean partitioned =
          !GoldTable.fromName(table.getKey()).orElseThrow().partitionColumns().isEmpty();
      String expected =
          partitioned ? table.getValue().replace(" mes_venda VARCHAR,", "") : table.getValue();
      List<String> described =
          rows(
                  "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
                      + GOLD.files(table.getKey())
                      + ")")
              .stream()
              .map(r -> r.replace('|', ' '))
              .toList();
      assertThat(String.join(", ", described)).as(table.getKey()).isEqualTo(expected);
    }
    for (String table : List.of("wide_vendas", "vendas_diarias")) {
      JsonNode pointer = GOLD.pointer(table);
      assertThat(pointer.get("partitionColumns").get(0).asString()).isEqualTo("mes_venda");
      for (JsonNode file : pointer.get("files")) {
        assertThat(file.get("key").asString())
            .matches(table + "/v=[^/]+/mes_venda=\\d{4}-\\d{2}/part-\\d{5}\\.parquet");
      }
    }
  }

  @Test
  void goldWasBuiltFromTheSilverVersionsTheOracleRead() {
    // given the silver versions the oracle read
    Map<String, String> read = new TreeMap<>();
    for (Table table : Table.values()) {
      read.put(table.tableName(), SILVER.version(table.tableName()));
    }
    // when the run's report names what it read
    Map<String, String> reported = new TreeMap<>();
    GOLD.latestReport()
        .get("silver")
        .properties()
        .forEach(e -> reported.put(e.getKey(), e.getValue().asString()));
    // then they are the same, and the gold tables are one run's
    assertThat(reported).isEqualTo(read);
    assertThat(GOLD.versions().values().stream().distinct()).hasSize(1);
    // one promotion row per sale in silver: "several rows of one sale" cannot reach gold
    assertThat(count("SELECT count(*) - count(DISTINCT id_venda) FROM s_venda_promocao")).isZero();
  }

  private static String silver(Table table) {
    List<String> files = new ArrayList<>();
    for (JsonNode file : SILVER.pointer(table.tableName()).get("files")) {
      files.add(
          "'" + DATA.resolve("lake/sales-tech-slv").resolve(file.get("key").asString()) + "'");
    }
    return "read_parquet([" + String.join(", ", files) + "], hive_partitioning = false)";
  }

  /** The table's columns, each cast to its contract type, for both sides of a comparison. */
  private static String projection(String table) {
    return java.util.Arrays.stream(COLUMNS.get(table).split(", "))
        .map(
            column -> {
              String name = column.substring(0, column.indexOf(' '));
              String type = column.substring(column.indexOf(' ') + 1);
              return "CAST(" + name + " AS " + type + ") AS " + name;
            })
        .collect(Collectors.joining(", "));
  }

  private void execute(String sql) throws SQLException {
    try (Statement st = duck.createStatement()) {
      st.execute(sql);
    }
  }

  private long count(String sql) {
    return Long.parseLong(rows(sql).get(0));
  }

  private java.math.BigDecimal decimal(String sql) {
    return new java.math.BigDecimal(rows(sql).get(0));
  }

  /** Up to 5 rows of the query, for a failure message that shows what differs. */
  private List<String> sample(String sql) {
    return rows("SELECT * FROM (" + sql + ") LIMIT 5");
  }

  /** Each row as its values joined by {@code |}. */
  private List<String> rows(String sql) {
    try (Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
