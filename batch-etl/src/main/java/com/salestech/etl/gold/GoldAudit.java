package com.salestech.etl.gold;

import com.salestech.lake.parquet.ParquetColumns;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads back what a gold run wrote, for the quality checks: row counts from the files' footers and
 * revenue summed from their {@code receita} column, never from the job's own counters.
 */
@Component
class GoldAudit {

  /**
   * What the lake holds for one run.
   *
   * @param silverRows rows of the pinned silver {@code vendas} version, from its files' footers
   * @param wideRows rows of the {@code wide_vendas} files
   * @param quarantineRows rows of the run's gold quarantine files
   * @param receitaCents {@code receita} summed over each table's files, in cents
   */
  record Facts(
      long silverRows, long wideRows, long quarantineRows, Map<GoldTable, Long> receitaCents) {}

  private final ParquetColumns columns;
  private final LakeLayout layout;

  GoldAudit(ParquetColumns columns, LakeLayout layout) {
    this.columns = columns;
    this.layout = layout;
  }

  Facts read(GoldPlan plan, GoldBuild build) {
    String silver = layout.silver().bucket();
    String gold = layout.gold().bucket();
    long silverRows = rows(silver, plan.silver().get(Table.VENDAS).files());
    long quarantineRows = rows(gold, build.quarantineFiles());
    long wideRows = 0;
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    for (GoldTable table : GoldTable.builtBy(GoldTable.Producer.SILVER_TO_GOLD)) {
      // each file opened once: its footer's rows and its receita column
      List<ParquetColumns.Summary> files =
          build.files().get(table).parallelStream()
              .map(f -> columns.summarize(gold, f.key(), f.bytes(), "receita"))
              .toList();
      receita.put(table, files.stream().mapToLong(ParquetColumns.Summary::sumUnscaled).sum());
      if (table == GoldTable.WIDE_VENDAS) {
        wideRows = files.stream().mapToLong(ParquetColumns.Summary::rows).sum();
      }
    }
    return new Facts(silverRows, wideRows, quarantineRows, receita);
  }

  private long rows(String bucket, List<DataFile> files) {
    return files.stream().mapToLong(f -> columns.footerRows(bucket, f.key(), f.bytes())).sum();
  }
}
