package com.salestech.model.lake;

import com.salestech.model.Table;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every key the lake uses (DATA-CONTRACT §1 and §4), in one place so writers and readers agree:
 *
 * <pre>
 * bronze  csv/&lt;table&gt;/ingest_date=YYYY-MM-DD/&lt;file&gt;
 *         csv/&lt;table&gt;/ingest_date=YYYY-MM-DD/&lt;file stem&gt;~&lt;sha256, 12 hex&gt;.&lt;ext&gt;
 *           (other bytes landed under a name already taken)
 *         events/ingest_date=YYYY-MM-DD/&lt;object&gt;
 * silver  &lt;table&gt;/v=&lt;version&gt;/part-NNNNN.parquet, &lt;table&gt;/_current.json
 *         _quarantine/&lt;table&gt;/run=&lt;run&gt;/part-NNNNN.parquet
 * gold    &lt;table&gt;/v=&lt;version&gt;/[&lt;col&gt;=&lt;value&gt;/]part-NNNNN.parquet, &lt;table&gt;/_current.json
 *         _quarantine/&lt;table&gt;/run=&lt;run&gt;/part-NNNNN.parquet (sales dropped by the joins)
 *         _reports/&lt;job&gt;/&lt;run&gt;.json
 *         _catalog/athena/&lt;table&gt;.sql
 * </pre>
 */
public record LakeLayout(LakeRoot bronze, LakeRoot silver, LakeRoot gold) {

  public static final String DEFAULT_BRONZE = "s3://sales-tech-brz/";
  public static final String DEFAULT_SILVER = "s3://sales-tech-slv/";
  public static final String DEFAULT_GOLD = "s3://sales-tech-gld/";
  public static final String CURRENT_POINTER = "_current.json";
  private static final String INGEST_DATE = "ingest_date=";

  public LakeLayout {
    Objects.requireNonNull(bronze, "bronze");
    Objects.requireNonNull(silver, "silver");
    Objects.requireNonNull(gold, "gold");
  }

  public static LakeLayout defaults() {
    return of(DEFAULT_BRONZE, DEFAULT_SILVER, DEFAULT_GOLD);
  }

  public static LakeLayout of(String bronze, String silver, String gold) {
    return new LakeLayout(LakeRoot.parse(bronze), LakeRoot.parse(silver), LakeRoot.parse(gold));
  }

  public LakeRoot root(Layer layer) {
    return switch (layer) {
      case BRONZE -> bronze;
      case SILVER -> silver;
      case GOLD -> gold;
    };
  }

  public String bronzeCsvPrefix(Table table) {
    return bronze.key("csv/" + table.tableName() + "/");
  }

  public String bronzeCsvKey(Table table, LocalDate ingestDate, String fileName) {
    if (fileName.isBlank() || fileName.contains("/")) {
      throw new IllegalArgumentException("not a plain file name: '" + fileName + "'");
    }
    return bronzeCsvPrefix(table) + INGEST_DATE + ingestDate + "/" + fileName;
  }

  /**
   * Where bytes land when their file name is already taken in bronze by other bytes: beside it,
   * named by their SHA-256, so that landing the same bytes again finds them there. {@code
   * caso_estudo_clientes.csv} becomes {@code caso_estudo_clientes~0123456789ab.csv}.
   */
  public String bronzeCsvKeyBeside(
      Table table, LocalDate ingestDate, String fileName, String sha256Hex) {
    if (!sha256Hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 in lower-case hex: '" + sha256Hex + "'");
    }
    int dot = fileName.lastIndexOf('.');
    String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
    String extension = dot > 0 ? fileName.substring(dot) : "";
    return bronzeCsvKey(table, ingestDate, stem + "~" + sha256Hex.substring(0, 12) + extension);
  }

  /** Reads a bronze CSV key back; empty when the key is not laid out as one. */
  public Optional<BronzeCsvObject> parseBronzeCsvKey(String key) {
    for (Table table : Table.values()) {
      String prefix = bronzeCsvPrefix(table);
      if (!key.startsWith(prefix + INGEST_DATE)) {
        continue;
      }
      String rest = key.substring(prefix.length() + INGEST_DATE.length());
      int slash = rest.indexOf('/');
      if (slash < 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
        return Optional.empty();
      }
      try {
        LocalDate date = LocalDate.parse(rest.substring(0, slash));
        return Optional.of(new BronzeCsvObject(key, table, date, rest.substring(slash + 1)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  public String bronzeEventsPrefix(LocalDate ingestDate) {
    return bronze.key("events/" + INGEST_DATE + ingestDate + "/");
  }

  public String tablePrefix(Layer layer, String table) {
    return root(layer).key(table + "/");
  }

  public String versionPrefix(Layer layer, String table, String version) {
    return tablePrefix(layer, table) + "v=" + version + "/";
  }

  /** A data file of a table version; {@code partition} is {@code col=value} or null. */
  public String dataFileKey(
      Layer layer, String table, String version, String partition, int fileNumber) {
    String dir = versionPrefix(layer, table, version);
    if (partition != null) {
      dir += partition + "/";
    }
    return dir + String.format("part-%05d.parquet", fileNumber);
  }

  public String currentPointerKey(Layer layer, String table) {
    return tablePrefix(layer, table) + CURRENT_POINTER;
  }

  /** The version named by a key under {@code <table>/v=<version>/}, if it is one. */
  public Optional<String> versionOf(Layer layer, String table, String key) {
    String prefix = tablePrefix(layer, table) + "v=";
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    int slash = key.indexOf('/', prefix.length());
    return slash < 0 ? Optional.empty() : Optional.of(key.substring(prefix.length(), slash));
  }

  public String quarantinePrefix(Table table) {
    return silver.key("_quarantine/" + table.tableName() + "/");
  }

  public String quarantineKey(Table table, String runId, int fileNumber) {
    return quarantinePrefix(table)
        + "run="
        + runId
        + String.format("/part-%05d.parquet", fileNumber);
  }

  /** Rows a gold table's build dropped (orphan sales), per run. */
  public String goldQuarantineKey(String table, String runId, int fileNumber) {
    return gold.key("_quarantine/" + table + "/run=" + runId)
        + String.format("/part-%05d.parquet", fileNumber);
  }

  /** The Athena DDL rendered for a table, for review. */
  public String ddlKey(Layer layer, String table) {
    return gold.key(
        "_catalog/athena/" + layer.name().toLowerCase(Locale.ROOT) + "_" + table + ".sql");
  }

  public String reportKey(String job, String runId) {
    return gold.key("_reports/" + job + "/" + runId + ".json");
  }
}
