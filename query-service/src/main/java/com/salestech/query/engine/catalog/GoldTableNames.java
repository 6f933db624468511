package com.salestech.query.engine.catalog;

import com.salestech.model.avro.GoldTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of versioned gold tables in an engine's catalog, and the rewriting of report SQL from the
 * plain names ({@code wide_vendas}) to the pinned versions' names ({@code
 * wide_vendas__v20261201t221401z_2}).
 *
 * <p>Only whole unquoted identifiers from the closed list of the gold tables ({@link GoldTable},
 * the models' included) are rewritten, and only where they stand for a table: not inside string
 * literals, quoted identifiers or comments, not after a {@code .} (a qualified name) and not before
 * a {@code (} (a function). The SQL is the reports' own text; values never pass through here, they
 * are bound.
 */
public final class GoldTableNames {

  /**
   * Every gold table, the only names ever rewritten: the models' tables too, which a snapshot names
   * only once the {@code forecast} job ran (a statement reading one the snapshot lacks is refused).
   */
  static final List<String> TABLES = GoldTable.names();

  private static final Pattern VERSIONED =
      Pattern.compile("(" + String.join("|", TABLES) + ")__v([a-z0-9_]+)");

  private GoldTableNames() {}

  /**
   * The catalog name of a version of a gold table: the version lower-cased with everything but
   * letters and digits made {@code _}, so that Glue, Athena and Trino take it unquoted.
   */
  public static String versioned(String table, String version) {
    if (!TABLES.contains(table)) {
      throw new IllegalArgumentException("not a gold table: " + table);
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("gold table " + table + " has no version");
    }
    return table + "__v" + version.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
  }

  /** The gold table a catalog table is a version of, when it is one of ours. */
  public static Optional<String> tableOf(String catalogName) {
    Matcher m = VERSIONED.matcher(catalogName.toLowerCase(Locale.ROOT));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The SQL with every plain gold table name replaced by its name in {@code names} (gold table →
   * versioned name). A gold table the SQL names but {@code names} lacks is refused: the statement
   * would otherwise read whatever table of that name the schema holds.
   */
  public static String rewrite(String sql, Map<String, String> names) {
    StringBuilder out = new StringBuilder(sql.length() + 64);
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = closing(sql, i, c);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(i, end);
        String lower = word.toLowerCase(Locale.ROOT);
        if (TABLES.contains(lower) && !qualified(sql, i) && !calledAt(sql, end)) {
          String name = names.get(lower);
          if (name == null) {
            throw new IllegalArgumentException(
                "the statement reads gold table " + lower + ", which the pinned snapshot lacks");
          }
          out.append(name);
        } else {
          out.append(word);
        }
        i = end;
      } else if (Character.isDigit(c)) {
        // a number such as 1e5 must not start an identifier in the middle
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        out.append(sql, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The index after the literal or quoted identifier opened at {@code start}; doubled = escaped.
   */
  private static int closing(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static boolean qualified(String sql, int start) {
    int i = start - 1;
    while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
      i--;
    }
    return i >= 0 && sql.charAt(i) == '.';
  }

  private static boolean calledAt(String sql, int end) {
    int i = end;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '(';
  }
}
