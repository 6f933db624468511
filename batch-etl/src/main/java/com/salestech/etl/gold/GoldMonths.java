package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The months of a {@code wide_vendas} or {@code vendas_diarias} version ({@code
 * v=<version>/_months.json}): each one's fingerprint and files, what an incremental run compares
 * with and copies from.
 */
@Component
class GoldMonths {

  /**
   * What the fingerprints were computed over: the schema of the rows and the hash's version. A
   * version written with another format is not compared with, every month is rebuilt.
   */
  static final String FORMAT =
      "rowhash-1/" + Integer.toHexString(GoldTable.WIDE_VENDAS.schema().toString().hashCode());

  /**
   * The same for {@code vendas_diarias}, whose rows are hashed from their sums ({@link
   * DailySales}).
   */
  static final String DAILY_FORMAT =
      "dailyhash-1/" + Integer.toHexString(GoldTable.VENDAS_DIARIAS.schema().toString().hashCode());

  /** The content of {@code _months.json}. */
  record Manifest(String format, Map<String, GoldBuild.Month> months) {}

  private final LakeStorage storage;
  private final ParquetLake parquet;
  private final LakeLayout layout;
  private final JsonMapper json = JsonMapper.builder().build();

  GoldMonths(LakeStorage storage, ParquetLake parquet, LakeLayout layout) {
    this.storage = storage;
    this.parquet = parquet;
    this.layout = layout;
  }

  private static String format(GoldTable table) {
    return switch (table) {
      case WIDE_VENDAS -> FORMAT;
      case VENDAS_DIARIAS -> DAILY_FORMAT;
      default -> throw new IllegalArgumentException(table.tableName() + " has no months");
    };
  }

  private String key(GoldTable table, String version) {
    return layout.versionPrefix(Layer.GOLD, table.tableName(), version) + "_months.json";
  }

  void write(GoldBuild build) {
    write(GoldTable.WIDE_VENDAS, build.runId(), build.months());
    write(GoldTable.VENDAS_DIARIAS, build.runId(), build.dailyMonths());
  }

  private void write(GoldTable table, String version, Map<String, GoldBuild.Month> months) {
    storage.put(
        layout.gold().bucket(),
        key(table, version),
        json.writeValueAsBytes(new Manifest(format(table), months)),
        "application/json");
  }

  /**
   * The months of a published version of {@code table}, or empty when there is nothing to compare
   * with: a version without them, or whose fingerprints were computed another way.
   */
  Optional<Map<String, GoldBuild.Month>> read(GoldTable table, CurrentPointer pointer) {
    return storage
        .readIfExists(layout.gold().bucket(), key(table, pointer.version()))
        .flatMap(
            bytes -> {
              try {
                Manifest manifest = json.readValue(bytes, Manifest.class);
                return format(table).equals(manifest.format())
                    ? Optional.ofNullable(manifest.months())
                    : Optional.empty();
              } catch (JacksonException e) {
                return Optional.empty();
              }
            });
  }

  private String partKey(String version, int worker) {
    return layout.versionPrefix(Layer.GOLD, GoldTable.WIDE_VENDAS.tableName(), version)
        + "_parts/worker-"
        + worker
        + ".json";
  }

  /** Keeps a worker's share of the build until the run publishes. */
  void writePart(String version, GoldPart part) {
    storage.put(
        layout.gold().bucket(),
        partKey(version, part.worker()),
        json.writeValueAsBytes(part),
        "application/json");
  }

  /**
   * Puts the workers' shares together into the build of the run's version, and records its months
   * ({@code _months.json}) for the next run to compare with.
   */
  GoldBuild assemble(String version, int workers) {
    List<GoldPart> parts = new ArrayList<>();
    for (int worker = 0; worker < workers; worker++) {
      String key = partKey(version, worker);
      byte[] bytes =
          storage
              .readIfExists(layout.gold().bucket(), key)
              .orElseThrow(() -> new IllegalStateException("gold worker share missing: " + key));
      parts.add(json.readValue(bytes, GoldPart.class));
    }
    GoldPart.Leader leader =
        parts.stream()
            .map(GoldPart::leader)
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no leader share in " + version));
    Map<String, GoldBuild.Month> months = new TreeMap<>();
    Map<String, GoldBuild.Month> dailyMonths = new TreeMap<>();
    Map<GoldTable, List<DataFile>> files = new EnumMap<>(GoldTable.class);
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    Map<String, Long> reasons = new TreeMap<>();
    long goldSales = 0;
    long quarantined = 0;
    List<DataFile> quarantineFiles = new ArrayList<>();
    for (GoldPart part : parts) {
      for (String month : part.months().keySet()) {
        if (months.containsKey(month)) {
          throw new IllegalStateException(
              "month "
                  + month
                  + " of wide_vendas was built by two workers of "
                  + version
                  + " (a run begun before an upgrade that deals months otherwise?):"
                  + " start a new run (--new-run)");
        }
      }
      months.putAll(part.months());
      dailyMonths.putAll(part.dailyMonths());
      part.aggregates()
          .forEach((table, file) -> files.computeIfAbsent(table, t -> new ArrayList<>()).add(file));
      part.receitaCents().forEach((table, cents) -> receita.merge(table, cents, Long::sum));
      part.quarantinedByReason().forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
      goldSales += part.goldSales();
      if (part.quarantine() != null) {
        quarantined += part.quarantine().rows();
        quarantineFiles.add(part.quarantine());
      }
    }
    files.put(GoldTable.WIDE_VENDAS, monthFiles(GoldTable.WIDE_VENDAS, version, months));
    files.put(GoldTable.VENDAS_DIARIAS, monthFiles(GoldTable.VENDAS_DIARIAS, version, dailyMonths));
    GoldBuild build =
        new GoldBuild(
            version,
            files,
            receita,
            leader.silverSales(),
            goldSales,
            quarantined,
            quarantineFiles,
            reasons,
            leader.orphanPromotions(),
            leader.orphanPayments(),
            leader.duplicateSales(),
            leader.newestIngest(),
            months,
            dailyMonths,
            leader.salePairs(),
            leader.firstSale(),
            leader.lastSale());
    write(build);
    return build;
  }

  /** The files of a table's months; without a month (no sale at all), one empty file. */
  private List<DataFile> monthFiles(
      GoldTable table, String version, Map<String, GoldBuild.Month> months) {
    List<DataFile> files = new ArrayList<>();
    months.values().forEach(m -> files.addAll(m.files()));
    if (files.isEmpty()) {
      // No sale at all: one empty file, so readers see the schema.
      String key =
          layout.dataFileKey(Layer.GOLD, table.tableName(), version, "mes_venda=0000-01", 0);
      try (var writer = parquet.writer(layout.gold().bucket(), key, table.schema())) {
        writer.close();
        files.add(new DataFile(key, 0, writer.bytes()));
      }
    }
    return files;
  }

  /**
   * Copies a month's files of {@code table} into another version, server side; returns the copies.
   */
  List<DataFile> copy(GoldTable table, List<DataFile> files, String version) {
    List<DataFile> copies = new ArrayList<>();
    String bucket = layout.gold().bucket();
    for (DataFile file : files) {
      String from = file.key();
      String oldVersion =
          layout
              .versionOf(Layer.GOLD, table.tableName(), from)
              .orElseThrow(
                  () -> new IllegalStateException("not a " + table.tableName() + " file: " + from));
      String to = from.replace("/v=" + oldVersion + "/", "/v=" + version + "/");
      storage.copy(bucket, from, to);
      copies.add(new DataFile(to, file.rows(), file.bytes()));
    }
    return copies;
  }
}
