package com.salestech.etl.bench;

import com.salestech.model.Column;
import com.salestech.model.ColumnType;
import com.salestech.model.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The peer of {@code bronze-to-silver} in the benchmark: DuckDB doing the same parse → validate →
 * de-duplicate → Parquet (ZSTD) on the same bronze files, with the contract's rules written in SQL.
 * Prints one line per table: {@code table silverRows quarantinedRows emptyRows}.
 *
 * <p>Usage: {@code DuckDbSilverBaseline <table>=<csv file>... --out <dir> [--threads n] [--gold]};
 * with {@code --gold} it goes on to build gold from its own silver: the whole pipeline in DuckDB.
 */
public final class DuckDbSilverBaseline {

  private DuckDbSilverBaseline() {}

  public static void main(String[] args) throws Exception {
    Path out = null;
    boolean gold = false;
    int threads = Runtime.getRuntime().availableProcessors();
    List<String[]> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        out = Path.of(args[++i]);
      } else if (args[i].equals("--gold")) {
        gold = true;
      } else if (args[i].equals("--threads")) {
        threads = Integer.parseInt(args[++i]);
      } else {
        inputs.add(args[i].split("=", 2));
      }
    }
    Files.createDirectories(out);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET threads = " + threads);
      st.execute("SET preserve_insertion_order = true");
      for (String[] input : inputs) {
        Table table = Table.fromName(input[0]).orElseThrow();
        long[] counts = silver(st, table, Path.of(input[1]), out);
        System.out.printf(
            Locale.ROOT, "%s %d %d %d%n", table.tableName(), counts[0], counts[1], counts[2]);
      }
      if (gold) {
        System.out.println(DuckDbGoldBaseline.gold(st, DuckDbGoldBaseline.ownSilver(out), out));
      }
    }
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static long[] silver(Statement st, Table table, Path csv, Path out) throws SQLException {
    String t = table.tableName();
    List<String> header = readHeader(csv);
    String names =
        header.stream().map(DuckDbSilverBaseline::literal).collect(Collectors.joining(", "));
    st.execute(
        "CREATE OR REPLACE TEMP TABLE raw AS SELECT row_number() OVER () + 1 AS line_number, * FROM"
            + " read_csv("
            + literal(csv.toString())
            + ", delim=';', header=true, all_varchar=true, quote='\"', escape='\"',"
            + " strict_mode=false, null_padding=true, names=["
            + names
            + "])");
    List<String> trimmed = new ArrayList<>();
    List<String> typed = new ArrayList<>();
    List<String> checks = new ArrayList<>();
    for (Column c : table.columns()) {
      String v = "c_" + c.name();
      trimmed.add("nullif(trim(\"" + c.name() + "\"), '') AS " + v);
      String value = typedValue(c.type(), v, isInt(table, c));
      typed.add(value + " AS " + c.name());
      if (c.required()) {
        checks.add("WHEN " + v + " IS NULL THEN 'missing_required'");
        String bad = failure(c.type(), v, value);
        if (bad != null) {
          checks.add("WHEN " + bad);
        }
      }
    }
    String allEmpty =
        table.columns().stream()
            .map(c -> "c_" + c.name() + " IS NULL")
            .collect(Collectors.joining(" AND "));
    String rawLine =
        "concat_ws(';', "
            + header.stream()
                .map(h -> "coalesce(\"" + h + "\", '')")
                .collect(Collectors.joining(", "))
            + ")";
    st.execute(
        "CREATE OR REPLACE TEMP TABLE cls AS SELECT line_number, "
            + String.join(", ", typed)
            + ", CASE WHEN "
            + allEmpty
            + " THEN 'empty_row' "
            + String.join(" ", checks)
            + " END AS reason, raw_line FROM (SELECT line_number, "
            + String.join(", ", trimmed)
            + ", "
            + rawLine
            + " AS raw_line FROM raw)");
    String key = table.keyColumn().name();
    st.execute(
        "CREATE OR REPLACE TEMP TABLE ranked AS SELECT *, row_number() OVER (PARTITION BY "
            + key
            + " ORDER BY line_number) AS rn FROM cls WHERE reason IS NULL");
    String columns = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    String extra = table == Table.VENDAS ? ", 1 AS quantidade, 'csv' AS canal" : "";
    Path dir = out.resolve(t);
    st.execute(
        "COPY (SELECT "
            + columns
            + extra
            + ", current_date AS ingest_date, "
            + literal(csv.toString())
            + " AS source_key FROM ranked WHERE rn = 1) TO "
            + literal(dir + ".parquet")
            + " (FORMAT parquet, COMPRESSION zstd)");
    st.execute(
        "COPY (SELECT "
            + literal(t)
            + " AS table_name, line_number, reason, raw_line FROM cls WHERE reason IS NOT NULL"
            + " AND reason <> 'empty_row' UNION ALL SELECT "
            + literal(t)
            + ", line_number, 'duplicate_key', raw_line FROM ranked WHERE rn > 1) TO "
            + literal(dir + "_quarantine.parquet")
            + " (FORMAT parquet, COMPRESSION zstd)");
    long[] counts = new long[3];
    try (ResultSet rs =
        st.executeQuery(
            "SELECT count(*) FILTER (WHERE rn = 1), count(*) FILTER (WHERE rn > 1) FROM ranked")) {
      rs.next();
      counts[0] = rs.getLong(1);
      counts[1] = rs.getLong(2);
    }
    try (ResultSet rs =
        st.executeQuery(
            "SELECT count(*) FILTER (WHERE reason IS NOT NULL AND reason <> 'empty_row'),"
                + " count(*) FILTER (WHERE reason = 'empty_row') FROM cls")) {
      rs.next();
      counts[1] += rs.getLong(1);
      counts[2] = rs.getLong(2);
    }
    st.execute("DROP TABLE raw; DROP TABLE cls; DROP TABLE ranked");
    return counts;
  }

  private static boolean isInt(Table table, Column c) {
    return (table == Table.LOJAS || table == Table.PRODUTOS) && c.name().equals("id")
        || c.name().equals("id_loja")
        || c.name().equals("id_produto");
  }

  private static String typedValue(ColumnType type, String v, boolean intId) {
    return switch (type) {
      case ID ->
          "CASE WHEN regexp_full_match("
              + v
              + ", '[0-9]{1,18}') AND TRY_CAST("
              + v
              + " AS BIGINT) > 0 THEN TRY_CAST("
              + v
              + (intId ? " AS INTEGER)" : " AS BIGINT)")
              + " END";
      case TEXT -> v;
      case PRICE ->
          "TRY_CAST(CASE WHEN "
              + v
              + " LIKE '%,%' THEN replace(replace("
              + v
              + ", '.', ''), ',', '.') ELSE "
              + v
              + " END AS DECIMAL(12,2))";
      case SEX -> "CASE upper(" + v + ") WHEN 'M' THEN 'M' WHEN 'F' THEN 'F' END";
      case DATE_DAY_FIRST -> "CAST(try_strptime(" + v + ", '%d/%m/%Y') AS DATE)";
      case DATE_MONTH_FIRST -> "CAST(try_strptime(" + v + ", '%m/%d/%Y') AS DATE)";
      case FLAG ->
          "CASE WHEN lower("
              + v
              + ") IN ('1', 'true', 'sim', 's') THEN true WHEN lower("
              + v
              + ") IN ('0', 'false', 'nao', 'não', 'n') THEN false END";
    };
  }

  private static String failure(ColumnType type, String v, String value) {
    return switch (type) {
      case ID -> value + " IS NULL THEN 'bad_integer'";
      case TEXT, SEX -> null;
      case PRICE ->
          value
              + " IS NULL THEN 'bad_decimal' WHEN "
              + value
              + " <= 0 OR "
              + value
              + " > 100000 THEN 'price_out_of_range'";
      case DATE_DAY_FIRST, DATE_MONTH_FIRST -> value + " IS NULL THEN 'bad_date'";
      case FLAG -> value + " IS NULL THEN 'invalid_value'";
    };
  }

  private static List<String> readHeader(Path csv) {
    try (var reader = new com.salestech.model.csv.CsvDialectReader(Files.newInputStream(csv))) {
      return reader.header();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
