package com.salestech.etl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The peer of {@code silver-to-gold} in the benchmark: DuckDB building the same six gold tables of
 * DATA-CONTRACT §3 from the same silver Parquet files, {@code wide_vendas} partitioned by month,
 * orphan sales to quarantine, everything as ZSTD Parquet. Prints {@code gold sales quarantined
 * receita}.
 *
 * <p>Usage: {@code DuckDbGoldBaseline <table>=<file>[,<file>...]... --out <dir>}
 */
public final class DuckDbGoldBaseline {

  private DuckDbGoldBaseline() {}

  public static void main(String[] args) throws Exception {
    Path out = null;
    Map<String, List<String>> silver = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        out = Path.of(args[++i]);
      } else {
        String[] parts = args[i].split("=", 2);
        silver.put(parts[0], List.of(parts[1].split(",")));
      }
    }
    Files.createDirectories(out);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      System.out.println(gold(st, silver, out));
    }
  }

  private static String files(List<String> paths) {
    return "read_parquet(["
        + paths.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "))
        + "], hive_partitioning = false)";
  }

  /** Builds gold from silver files; returns {@code "gold <n> quarantined <n> receita <r>"}. */
  static String gold(Statement st, Map<String, List<String>> silver, Path out)
      throws SQLException, IOException {
    for (String table :
        List.of("clientes", "lojas", "produtos", "vendas", "pagamentos", "venda_promocao")) {
      st.execute(
          "CREATE OR REPLACE VIEW s_" + table + " AS SELECT * FROM " + files(silver.get(table)));
    }
    st.execute(
        """
        CREATE OR REPLACE TEMP TABLE wide AS
        WITH pay AS (SELECT id_venda, min(dt_pgto) AS dt_pgto FROM s_pagamentos GROUP BY id_venda)
        SELECT v.id AS id_venda, v.id_cliente, c.nome AS nome_cliente, c.sexo AS sexo_cliente,
          c.dt_nasc,
          CASE WHEN c.dt_nasc IS NULL THEN NULL ELSE
            year(v.dt_venda) - year(c.dt_nasc)
            - CASE WHEN month(v.dt_venda) < month(c.dt_nasc)
                OR (month(v.dt_venda) = month(c.dt_nasc) AND day(v.dt_venda) < day(c.dt_nasc))
              THEN 1 ELSE 0 END END AS idade_na_venda,
          v.id_loja, l.cidade, v.id_produto, p.produto, p.valor, v.quantidade,
          CAST(p.valor * v.quantidade AS DECIMAL(18,2)) AS receita, v.dt_venda,
          coalesce(pr.promocao, false) AS promocao, pay.dt_pgto, pay.dt_pgto IS NOT NULL AS pago,
          date_diff('day', v.dt_venda, pay.dt_pgto) AS dias_para_pagamento, v.canal,
          strftime(v.dt_venda, '%Y-%m') AS mes_venda
        FROM s_vendas v
        JOIN s_lojas l ON l.id = v.id_loja
        JOIN s_produtos p ON p.id = v.id_produto
        LEFT JOIN s_clientes c ON c.id = v.id_cliente
        LEFT JOIN s_venda_promocao pr ON pr.id_venda = v.id
        LEFT JOIN pay ON pay.id_venda = v.id
        """);
    Path dir = Files.createDirectories(out.resolve("gold"));
    st.execute(
        "COPY wide TO '"
            + dir.resolve("wide_vendas")
            + "' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (mes_venda), OVERWRITE_OR_IGNORE)");
    st.execute(
        "COPY (SELECT 'vendas' AS table_name, v.id, CASE WHEN l.id IS NULL THEN 'orphan_store'"
            + " ELSE 'orphan_product' END AS reason FROM s_vendas v LEFT JOIN s_lojas l ON l.id ="
            + " v.id_loja LEFT JOIN s_produtos p ON p.id = v.id_produto WHERE l.id IS NULL OR p.id"
            + " IS NULL) TO '"
            + dir.resolve("quarantine.parquet")
            + "' (FORMAT parquet, COMPRESSION zstd)");
    copy(
        st,
        dir,
        "receita_loja_mes",
        "SELECT id_loja, cidade, mes_venda AS mes, count(*) AS n_vendas, sum(receita) AS receita"
            + " FROM wide GROUP BY id_loja, cidade, mes_venda");
    copy(
        st,
        dir,
        "receita_produto_mes",
        "SELECT id_produto, produto, mes_venda AS mes, count(*) AS n_vendas, sum(quantidade) AS"
            + " quantidade, sum(receita) AS receita FROM wide GROUP BY id_produto, produto,"
            + " mes_venda");
    copy(
        st,
        dir,
        "efeito_promocao",
        "SELECT promocao, mes_venda AS mes, count(*) AS n_vendas, sum(receita) AS receita,"
            + " CAST(sum(receita) / count(*) AS DECIMAL(18,2)) AS ticket_medio FROM wide GROUP BY"
            + " promocao, mes_venda");
    copy(
        st,
        dir,
        "status_pagamento",
        "SELECT pago, mes_venda AS mes, count(*) AS n_vendas, sum(receita) AS receita,"
            + " CAST(avg(dias_para_pagamento) AS DECIMAL(10,2)) AS media_dias_para_pagamento FROM"
            + " wide GROUP BY pago, mes_venda");
    copy(
        st,
        dir,
        "perfil_clientes",
        "SELECT CASE WHEN idade_na_venda IS NULL THEN 'unknown' WHEN idade_na_venda < 25 THEN '<25'"
            + " WHEN idade_na_venda < 35 THEN '25-34' WHEN idade_na_venda < 45 THEN '35-44' WHEN"
            + " idade_na_venda < 55 THEN '45-54' WHEN idade_na_venda < 65 THEN '55-64' ELSE '65+'"
            + " END AS faixa_etaria, sexo_cliente AS sexo, count(DISTINCT id_cliente) AS"
            + " n_clientes, count(*) AS n_vendas, sum(receita) AS receita FROM wide GROUP BY ALL");
    try (ResultSet rs =
        st.executeQuery(
            "SELECT (SELECT count(*) FROM wide), (SELECT count(*) FROM read_parquet('"
                + dir.resolve("quarantine.parquet")
                + "')), (SELECT sum(receita) FROM wide)")) {
      rs.next();
      return String.format(
          Locale.ROOT,
          "gold %d quarantined %d receita %s",
          rs.getLong(1),
          rs.getLong(2),
          rs.getBigDecimal(3));
    } finally {
      st.execute("DROP TABLE wide");
    }
  }

  private static void copy(Statement st, Path dir, String table, String sql) throws SQLException {
    st.execute(
        "COPY ("
            + sql
            + ") TO '"
            + dir.resolve(table + ".parquet")
            + "' (FORMAT parquet, COMPRESSION zstd)");
  }

  /** The silver files DuckDbSilverBaseline wrote, as this class's arguments. */
  static Map<String, List<String>> ownSilver(Path out) {
    Map<String, List<String>> silver = new LinkedHashMap<>();
    for (String table :
        Stream.of("clientes", "lojas", "produtos", "vendas", "pagamentos", "venda_promocao")
            .toList()) {
      silver.put(table, List.of(out.resolve(table + ".parquet").toString()));
    }
    return silver;
  }
}
