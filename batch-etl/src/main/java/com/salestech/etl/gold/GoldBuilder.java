package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import com.salestech.model.rules.RejectReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Builds the six gold tables of DATA-CONTRACT §3 in one pass over the current silver sales: each
 * sale is joined in memory with its store, product, customer, earliest payment and promotion flag,
 * written to its month's {@code wide_vendas} partition, and added to the five aggregates, whose
 * sums are exact (cents in {@code long}). A sale whose store or product is missing goes to
 * quarantine. Work is done in slices ({@link #advance}) so progress can be committed between them.
 *
 * <p>Every month gets a fingerprint of its rows (their count and an order-independent sum of row
 * hashes). A builder may be told to write only some months: an incremental run first builds
 * fingerprints without writing, compares them with the previous version's, then writes only the
 * months that changed and copies the others.
 */
final class GoldBuilder implements AutoCloseable {

  static final String[] AGE_BANDS = {"<25", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"};

  private final Dimensions dims;
  private final String runId;
  private final ParquetLake parquet;
  private final LakeLayout layout;
  private final GoldProperties settings;
  private final String goldBucket;
  private final String silverBucket;
  private final Iterator<DataFile> vendasFiles;
  private final boolean writes;
  private final Set<Integer> monthsToWrite;
  private final Map<Integer, long[]> fingerprints = new TreeMap<>();

  private final Schema wideSchema = GoldTable.WIDE_VENDAS.schema();
  private final GenericData.Record wide = new GenericData.Record(wideSchema);
  private final GenericData.Record rejected = new GenericData.Record(SilverSchemas.quarantine());
  private final Map<Integer, Partition> partitions = new TreeMap<>();
  private final Map<Integer, String> monthNames = new HashMap<>();
  private LakeParquetWriter quarantine;

  private final Map<Long, long[]> byStoreMonth = new HashMap<>();
  private final Map<Long, long[]> byProductMonth = new HashMap<>();
  private final Map<Long, long[]> byPromotionMonth = new HashMap<>();
  private final Map<Long, long[]> byPaidMonth = new HashMap<>();
  private final Map<Long, long[]> byProfile = new HashMap<>();
  private final Map<Long, KeySet> profileCustomers = new HashMap<>();
  private final KeySet saleIds = new KeySet();

  private ParquetReader<GenericRecord> reader;
  private String readingKey;
  private long rowInFile;

  private long silverSales;
  private long goldSales;
  private long duplicateSales;
  private long matchedPromotions;
  private long wideCents;
  private final Map<String, Long> quarantinedByReason = new TreeMap<>();
  private boolean done;

  /** An open month of {@code wide_vendas}: its current file and the files it has finished. */
  private static final class Partition {
    final String value;
    final List<DataFile> files = new ArrayList<>();
    LakeParquetWriter writer;
    long rows;

    Partition(String value) {
      this.value = value;
    }
  }

  GoldBuilder(
      Dimensions dims,
      CurrentPointer vendas,
      String runId,
      ParquetLake parquet,
      LakeLayout layout,
      GoldProperties settings,
      boolean writes,
      Set<Integer> monthsToWrite) {
    this.writes = writes;
    this.monthsToWrite = monthsToWrite;
    this.dims = dims;
    this.runId = runId;
    this.parquet = parquet;
    this.layout = layout;
    this.settings = settings;
    this.goldBucket = layout.gold().bucket();
    this.silverBucket = layout.silver().bucket();
    this.vendasFiles = vendas.files().iterator();
    rejected.put("table_name", "vendas");
    rejected.put("run_id", runId);
  }

  long progress() {
    return silverSales;
  }

  long written() {
    return goldSales;
  }

  boolean done() {
    return done;
  }

  /** Processes about {@code rows} more sales; true once every sale is read. */
  boolean advance(long rows) throws IOException {
    long target = silverSales + rows;
    while (!done && silverSales < target) {
      if (reader == null) {
        if (!vendasFiles.hasNext()) {
          done = true;
          break;
        }
        DataFile file = vendasFiles.next();
        reader = parquet.reader(silverBucket, file.key(), file.bytes());
        readingKey = file.key();
        rowInFile = 0;
      }
      GenericRecord sale = reader.read();
      if (sale == null) {
        reader.close();
        reader = null;
        continue;
      }
      rowInFile++;
      silverSales++;
      dims.noteIngest(Table.VENDAS, sale);
      join(sale);
    }
    return done;
  }

  private void join(GenericRecord sale) {
    long id = (Long) sale.get("id");
    long customerId = (Long) sale.get("id_cliente");
    int storeId = (Integer) sale.get("id_loja");
    int productId = (Integer) sale.get("id_produto");
    int day = (Integer) sale.get("dt_venda");
    int quantity = (Integer) sale.get("quantidade");
    if (dims.promotionRows.contains(id)) {
      matchedPromotions++;
    }
    Dimensions.Store store = dims.stores.get(storeId);
    Dimensions.Product product = dims.products.get(productId);
    if (store == null) {
      quarantine(sale, RejectReason.ORPHAN_STORE, "id_loja");
      return;
    }
    if (product == null) {
      quarantine(sale, RejectReason.ORPHAN_PRODUCT, "id_produto");
      return;
    }
    if (!saleIds.add(id)) {
      duplicateSales++;
    }
    long cents = product.cents() * quantity;
    int month = monthIndex(day);
    boolean promoted = dims.promoted.contains(id);
    int paid = dims.earliestPayment(id);
    int customer = dims.customer(customerId);
    int born = customer < 0 ? Dimensions.NO_DATE : dims.dtNasc(customer);
    Integer age = born == Dimensions.NO_DATE ? null : fullYears(born, day);
    String sexo = customer < 0 ? null : dims.sexo(customer);

    wide.put(0, id);
    wide.put(1, customerId);
    wide.put(2, customer < 0 ? null : dims.nome(customer));
    wide.put(3, sexo);
    wide.put(4, born == Dimensions.NO_DATE ? null : born);
    wide.put(5, age);
    wide.put(6, storeId);
    wide.put(7, store.cidade());
    wide.put(8, productId);
    wide.put(9, product.produto());
    wide.put(10, product.valor());
    wide.put(11, quantity);
    wide.put(12, BigDecimal.valueOf(cents, 2));
    wide.put(13, day);
    wide.put(14, promoted);
    wide.put(15, paid == Dimensions.NO_DATE ? null : paid);
    wide.put(16, paid != Dimensions.NO_DATE);
    wide.put(17, paid == Dimensions.NO_DATE ? null : paid - day);
    String canal = sale.get("canal").toString();
    wide.put(18, canal);
    long[] fingerprint = fingerprints.computeIfAbsent(month, m -> new long[2]);
    fingerprint[0]++;
    fingerprint[1] += RowHash.of(wide);
    if (writes && (monthsToWrite == null || monthsToWrite.contains(month))) {
      write(month, wide);
    }

    goldSales++;
    wideCents += cents;
    add(byStoreMonth, key(storeId, month), 1, cents);
    long[] product_ = byProductMonth.computeIfAbsent(key(productId, month), k -> new long[3]);
    product_[0]++;
    product_[1] += quantity;
    product_[2] += cents;
    add(byPromotionMonth, key(promoted ? 1 : 0, month), 1, cents);
    long[] payment =
        byPaidMonth.computeIfAbsent(
            key(paid != Dimensions.NO_DATE ? 1 : 0, month), k -> new long[4]);
    payment[0]++;
    payment[1] += cents;
    if (paid != Dimensions.NO_DATE) {
      payment[2] += paid - day;
      payment[3]++;
    }
    long profile = key(band(age), sexo == null ? 0 : sexo.charAt(0));
    add(byProfile, profile, 1, cents);
    profileCustomers.computeIfAbsent(profile, k -> new KeySet()).add(customerId);
  }

  private static void add(Map<Long, long[]> sums, long key, long n, long cents) {
    long[] sum = sums.computeIfAbsent(key, k -> new long[2]);
    sum[0] += n;
    sum[1] += cents;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  private void write(int month, GenericRecord row) {
    Partition partition =
        partitions.computeIfAbsent(month, m -> new Partition("mes_venda=" + monthName(m)));
    if (partition.writer == null || partition.writer.rows() >= settings.rowsPerFile()) {
      closeWriter(partition);
      String key =
          layout.dataFileKey(
              Layer.GOLD,
              GoldTable.WIDE_VENDAS.tableName(),
              runId,
              partition.value,
              partition.files.size());
      partition.writer = parquet.writer(goldBucket, key, wideSchema, settings.rowGroupBytes());
    }
    partition.writer.write(row);
    partition.rows++;
  }

  private static void closeWriter(Partition partition) {
    if (partition.writer != null) {
      partition.writer.close();
      partition.files.add(
          new DataFile(partition.writer.key(), partition.writer.rows(), partition.writer.bytes()));
      partition.writer = null;
    }
  }

  private void quarantine(GenericRecord sale, RejectReason reason, String column) {
    quarantinedByReason.merge(reason.code(), 1L, Long::sum);
    if (!writes) {
      return;
    }
    if (quarantine == null) {
      quarantine =
          parquet.writer(
              goldBucket,
              layout.goldQuarantineKey(GoldTable.WIDE_VENDAS.tableName(), runId, 0),
              SilverSchemas.quarantine());
    }
    rejected.put("source_key", readingKey);
    rejected.put("line_number", rowInFile);
    rejected.put("reason", reason.code());
    rejected.put("column_name", column);
    rejected.put("raw_line", sale.toString());
    rejected.put("raw_truncated", false);
    rejected.put("ingest_date", sale.get("ingest_date"));
    quarantine.write(rejected);
  }

  /** Each month's fingerprint, {@code yyyy-MM} → {rows, hash}. */
  Map<String, long[]> fingerprints() {
    Map<String, long[]> named = new TreeMap<>();
    fingerprints.forEach((month, fingerprint) -> named.put(monthName(month), fingerprint));
    return named;
  }

  /** The month index of a {@code yyyy-MM} name. */
  static int monthIndex(String name) {
    return Integer.parseInt(name.substring(0, 4)) * 12 + Integer.parseInt(name.substring(5, 7)) - 1;
  }

  /**
   * Closes every file and writes the aggregates; returns what was written. {@code copied} are the
   * {@code wide_vendas} files of months taken unchanged from the previous version.
   */
  GoldBuild finish(Map<String, List<DataFile>> copied) {
    if (!done) {
      throw new IllegalStateException("gold is not fully built yet");
    }
    Map<GoldTable, List<DataFile>> files = new EnumMap<>(GoldTable.class);
    Map<String, List<DataFile>> byMonth = new TreeMap<>(copied);
    for (Partition partition : partitions.values()) {
      closeWriter(partition);
      byMonth.put(partition.value.substring("mes_venda=".length()), partition.files);
    }
    List<DataFile> wideFiles = new ArrayList<>();
    byMonth.values().forEach(wideFiles::addAll);
    if (wideFiles.isEmpty()) {
      // No sale at all: one empty file, so readers see the schema.
      Partition empty = new Partition("mes_venda=" + monthName(0));
      empty.writer =
          parquet.writer(
              goldBucket,
              layout.dataFileKey(
                  Layer.GOLD, GoldTable.WIDE_VENDAS.tableName(), runId, empty.value, 0),
              wideSchema);
      closeWriter(empty);
      wideFiles.addAll(empty.files);
    }
    files.put(GoldTable.WIDE_VENDAS, wideFiles);
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    receita.put(GoldTable.WIDE_VENDAS, wideCents);
    receita.put(GoldTable.RECEITA_LOJA_MES, writeStoreMonths(files));
    receita.put(GoldTable.RECEITA_PRODUTO_MES, writeProductMonths(files));
    receita.put(GoldTable.EFEITO_PROMOCAO, writePromotionMonths(files));
    receita.put(GoldTable.STATUS_PAGAMENTO, writePaidMonths(files));
    receita.put(GoldTable.PERFIL_CLIENTES, writeProfiles(files));
    long quarantined = 0;
    if (quarantine != null) {
      quarantine.close();
      quarantined = quarantine.rows();
      quarantine = null;
    }
    Map<String, GoldBuild.Month> months = new TreeMap<>();
    fingerprints()
        .forEach(
            (month, fingerprint) ->
                months.put(
                    month,
                    new GoldBuild.Month(
                        fingerprint[0],
                        fingerprint[1],
                        byMonth.getOrDefault(month, List.of()),
                        copied.containsKey(month))));
    return new GoldBuild(
        runId,
        files,
        receita,
        silverSales,
        goldSales,
        quarantined,
        Map.copyOf(quarantinedByReason),
        dims.promotionRowCount - matchedPromotions,
        duplicateSales,
        Map.copyOf(dims.newestIngest),
        months);
  }

  private long writeStoreMonths(Map<GoldTable, List<DataFile>> files) {
    return writeAggregate(
        files,
        GoldTable.RECEITA_LOJA_MES,
        byStoreMonth,
        (k, v, r) -> {
          int store = (int) (k >>> 32);
          r.put("id_loja", store);
          r.put("cidade", dims.stores.get(store).cidade());
          r.put("mes", monthName((int) (long) k));
          r.put("n_vendas", v[0]);
          r.put("receita", BigDecimal.valueOf(v[1], 2));
          return v[1];
        });
  }

  private long writeProductMonths(Map<GoldTable, List<DataFile>> files) {
    return writeAggregate(
        files,
        GoldTable.RECEITA_PRODUTO_MES,
        byProductMonth,
        (k, v, r) -> {
          int product = (int) (k >>> 32);
          r.put("id_produto", product);
          r.put("produto", dims.products.get(product).produto());
          r.put("mes", monthName((int) (long) k));
          r.put("n_vendas", v[0]);
          r.put("quantidade", v[1]);
          r.put("receita", BigDecimal.valueOf(v[2], 2));
          return v[2];
        });
  }

  private long writePromotionMonths(Map<GoldTable, List<DataFile>> files) {
    return writeAggregate(
        files,
        GoldTable.EFEITO_PROMOCAO,
        byPromotionMonth,
        (k, v, r) -> {
          r.put("promocao", (k >>> 32) == 1);
          r.put("mes", monthName((int) (long) k));
          r.put("n_vendas", v[0]);
          r.put("receita", BigDecimal.valueOf(v[1], 2));
          r.put(
              "ticket_medio",
              BigDecimal.valueOf(v[1], 2)
                  .divide(BigDecimal.valueOf(v[0]), 2, RoundingMode.HALF_UP));
          return v[1];
        });
  }

  private long writePaidMonths(Map<GoldTable, List<DataFile>> files) {
    return writeAggregate(
        files,
        GoldTable.STATUS_PAGAMENTO,
        byPaidMonth,
        (k, v, r) -> {
          r.put("pago", (k >>> 32) == 1);
          r.put("mes", monthName((int) (long) k));
          r.put("n_vendas", v[0]);
          r.put("receita", BigDecimal.valueOf(v[1], 2));
          r.put("media_dias_para_pagamento", v[3] == 0 ? null : average(v[2], v[3], 2));
          return v[1];
        });
  }

  private long writeProfiles(Map<GoldTable, List<DataFile>> files) {
    return writeAggregate(
        files,
        GoldTable.PERFIL_CLIENTES,
        byProfile,
        (k, v, r) -> {
          int sex = (int) (long) k;
          r.put("faixa_etaria", AGE_BANDS[(int) (k >>> 32)]);
          r.put("sexo", sex == 0 ? null : String.valueOf((char) sex));
          r.put("n_clientes", profileCustomers.get(k).size());
          r.put("n_vendas", v[0]);
          r.put("receita", BigDecimal.valueOf(v[1], 2));
          return v[1];
        });
  }

  /** {@code sum / count} rounded half up to {@code scale} places. */
  static BigDecimal average(long sum, long count, int scale) {
    return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP);
  }

  private interface RowFiller {
    /** Fills the row for one group; returns the group's revenue in cents. */
    long fill(Long key, long[] values, GenericData.Record row);
  }

  private long writeAggregate(
      Map<GoldTable, List<DataFile>> files,
      GoldTable table,
      Map<Long, long[]> groups,
      RowFiller filler) {
    String key = layout.dataFileKey(Layer.GOLD, table.tableName(), runId, null, 0);
    GenericData.Record row = new GenericData.Record(table.schema());
    long cents = 0;
    try (LakeParquetWriter writer = parquet.writer(goldBucket, key, table.schema())) {
      List<Long> keys = new ArrayList<>(groups.keySet());
      keys.sort(Comparator.naturalOrder());
      for (Long group : keys) {
        cents += filler.fill(group, groups.get(group), row);
        writer.write(row);
      }
      writer.close();
      files.put(table, List.of(new DataFile(writer.key(), writer.rows(), writer.bytes())));
    }
    return cents;
  }

  private String monthName(int index) {
    return monthNames.computeIfAbsent(
        index, i -> String.format("%04d-%02d", Math.floorDiv(i, 12), Math.floorMod(i, 12) + 1));
  }

  /** {@code year * 12 + month - 1} of an epoch day. */
  static int monthIndex(int epochDay) {
    int[] civil = civil(epochDay);
    return civil[0] * 12 + civil[1] - 1;
  }

  /** Full years from one epoch day to another (a birthday on 29 February waits for 1 March). */
  static Integer fullYears(int from, int to) {
    int[] a = civil(from);
    int[] b = civil(to);
    int years = b[0] - a[0] - ((b[1] < a[1] || (b[1] == a[1] && b[2] < a[2])) ? 1 : 0);
    return years < 0 ? null : years;
  }

  static int band(Integer age) {
    if (age == null) {
      return AGE_BANDS.length - 1;
    }
    if (age < 25) {
      return 0;
    }
    return Math.min(5, 1 + (age - 25) / 10);
  }

  /** Year, month, day of an epoch day (Howard Hinnant's civil_from_days). */
  static int[] civil(int epochDay) {
    long z = epochDay + 719468L;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    return new int[] {year, month, day};
  }

  /** Drops everything not finished: no object of this run is stored by a failed build. */
  @Override
  public void close() {
    for (Partition partition : partitions.values()) {
      if (partition.writer != null) {
        partition.writer.abort();
        partition.writer = null;
      }
    }
    if (quarantine != null) {
      quarantine.abort();
      quarantine = null;
    }
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        throw new IllegalStateException("cannot close " + readingKey, e);
      } finally {
        reader = null;
      }
    }
  }
}
