package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import com.salestech.model.rules.RejectReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.BitSet;
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
import org.apache.avro.util.Utf8;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * One worker's share of the gold tables of DATA-CONTRACT §3. Work is split by month: worker {@code
 * w} of {@code n} owns the months {@code m} with {@code m mod n = w}. Each worker streams every
 * silver sale, skips those of months it does not own, joins its own in memory with their store,
 * product, customer, earliest payment and promotion flag, writes them to their month's {@code
 * wide_vendas} partition, quarantines its orphans, and sums its months into the four monthly
 * aggregates (exact: cents in {@code long}); the aggregates' groups are disjoint between workers,
 * so each worker writes its own files of them. Worker 0, the leader, also looks at every sale for
 * what spans months: the sale count, duplicate ids, promotions of no sale and the customer profile.
 *
 * <p>Every owned month gets a fingerprint of its rows (their count and an order-independent sum of
 * row hashes). A builder may be told to write only some months: an incremental run first builds
 * fingerprints without writing, compares them with the previous version's, then writes only the
 * months that changed. Work is done in slices ({@link #advance}) so progress can be committed.
 */
final class GoldBuilder implements AutoCloseable {

  private final Dimensions dims;
  private final String runId;
  private final ParquetLake parquet;
  private final LakeLayout layout;
  private final GoldProperties settings;
  private final String goldBucket;
  private final String silverBucket;
  private final CurrentPointer vendas;
  private Iterator<DataFile> vendasFiles;
  private final int worker;
  private final boolean leader;
  private final GoldPasses passes;

  private final Schema wideSchema = GoldTable.WIDE_VENDAS.schema();
  private final GenericData.Record wide = new GenericData.Record(wideSchema);
  private final Utf8 nome = new Utf8();
  private final WidePartitions partitions;
  private final Map<Integer, String> monthNames = new HashMap<>();
  private final Map<Integer, long[]> fingerprints = new HashMap<>();
  private int lastMonth = Integer.MIN_VALUE;
  private long[] lastFingerprint;
  private final OrphanQuarantine quarantine;

  // The monthly aggregates of the owned months, as sums per group: {n, cents},
  // {n, quantity, cents}, {n, cents}, {n, cents, days to payment, paid}.
  private final LongKeyedSums byStoreMonth = new LongKeyedSums(2);
  private final LongKeyedSums byProductMonth = new LongKeyedSums(3);
  private final LongKeyedSums byPromotionMonth = new LongKeyedSums(2);
  private final LongKeyedSums byPaidMonth = new LongKeyedSums(4);
  // The leader's: the profile {n, cents}, and its distinct customers, a bit per known customer.
  private final LongKeyedSums byProfile = new LongKeyedSums(2);
  private final long[][] profileCustomers = new long[GoldCalendar.AGE_BANDS.length * 3][];
  private final KeySet[] profileUnknownCustomers = new KeySet[GoldCalendar.AGE_BANDS.length * 3];
  private final KeySet saleIds = new KeySet();
  private final KeySet matchedSales = new KeySet();
  private BitSet matchedPayments;
  private long matchedPaymentRows;

  private ParquetReader<GenericRecord> reader;
  private String readingKey;
  private long rowInFile;

  private long read;
  private long silverSales;
  private long goldSales;
  private long duplicateSales;
  private long matchedPromotions;
  private int newestSale = Dimensions.NO_DATE;
  private long wideCents;
  private boolean done;

  GoldBuilder(
      Dimensions dims,
      CurrentPointer vendas,
      String runId,
      ParquetLake parquet,
      LakeLayout layout,
      GoldProperties settings,
      int worker,
      int workers,
      boolean writes,
      Set<Integer> monthsToWrite) {
    this.dims = dims;
    this.runId = runId;
    this.parquet = parquet;
    this.layout = layout;
    this.settings = settings;
    this.goldBucket = layout.gold().bucket();
    this.silverBucket = layout.silver().bucket();
    this.vendas = vendas;
    this.vendasFiles = vendas.files().iterator();
    this.worker = worker;
    this.leader = worker == 0;
    this.partitions =
        new WidePartitions(
            parquet, layout, runId, settings.rowsPerFile(), settings.rowGroupBytes());
    this.passes =
        new GoldPasses(worker, workers, writes, monthsToWrite, GoldPasses.maxOpenWriters(settings));
    this.quarantine = new OrphanQuarantine(parquet, layout, runId, worker, writes);
  }

  /** Sales read so far. */
  long progress() {
    return read;
  }

  /** Sales written to {@code wide_vendas} so far. */
  long written() {
    return goldSales;
  }

  boolean done() {
    return done;
  }

  /** Passes over the sales made so far (more than one when the owned months exceed the writers). */
  int passes() {
    return passes.passes();
  }

  /** Processes about {@code rows} more sales; true once every sale is read. */
  boolean advance(long rows) throws IOException {
    long target = read + rows;
    while (!done && read < target) {
      if (reader == null) {
        if (!vendasFiles.hasNext()) {
          partitions.closeWriters();
          if (!passes.startNext()) {
            done = true;
            break;
          }
          vendasFiles = vendas.files().iterator();
          continue;
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
      read++;
      join(sale);
    }
    return done;
  }

  private void join(GenericRecord sale) {
    int day = (Integer) sale.get("dt_venda");
    int month = GoldCalendar.monthOfDay(day);
    boolean owned = passes.takes(month);
    boolean leading = leader && passes.first();
    if (!owned && !leading) {
      return;
    }
    long id = (Long) sale.get("id");
    int storeId = (Integer) sale.get("id_loja");
    int productId = (Integer) sale.get("id_produto");
    if (leading) {
      silverSales++;
      Object ingest = sale.get("ingest_date");
      if (ingest != null) {
        newestSale = Math.max(newestSale, (Integer) ingest);
      }
      if (dims.promotionRows.contains(id) && matchedSales.add(id)) {
        matchedPromotions++;
      }
      int payment = dims.paymentIndex(id);
      if (payment >= 0) {
        if (matchedPayments == null) {
          matchedPayments = new BitSet(dims.paidSales());
        }
        if (!matchedPayments.get(payment)) {
          matchedPayments.set(payment);
          matchedPaymentRows += dims.paymentRows(payment);
        }
      }
    }
    Dimensions.Store store = dims.stores.get(storeId);
    Dimensions.Product product = dims.products.get(productId);
    if (store == null || product == null) {
      if (owned) {
        boolean noStore = store == null;
        quarantine.add(
            sale,
            noStore ? RejectReason.ORPHAN_STORE : RejectReason.ORPHAN_PRODUCT,
            noStore ? "id_loja" : "id_produto",
            readingKey,
            rowInFile);
      }
      return;
    }
    long customerId = (Long) sale.get("id_cliente");
    int quantity = (Integer) sale.get("quantidade");
    long cents = product.cents() * quantity;
    int customer = dims.customer(customerId);
    int born = customer < 0 ? Dimensions.NO_DATE : dims.dtNasc(customer);
    Integer age = born == Dimensions.NO_DATE ? null : GoldCalendar.fullYears(born, day);
    char sexo = customer < 0 ? 0 : dims.sexo(customer);
    if (leading) {
      if (!saleIds.add(id)) {
        duplicateSales++;
      }
      int band = GoldCalendar.band(age);
      int g = byProfile.group(key(band, sexo));
      long[] sums = byProfile.sums();
      sums[g]++;
      sums[g + 1] += cents;
      countCustomer(band * 3 + (sexo == 'M' ? 1 : sexo == 'F' ? 2 : 0), customer, customerId);
    }
    if (!owned) {
      return;
    }
    boolean promoted = dims.promoted.contains(id);
    int paid = dims.earliestPayment(id);

    wide.put(0, id);
    wide.put(1, customerId);
    wide.put(2, customer >= 0 && dims.nome(customer, nome) ? nome : null);
    wide.put(3, Dimensions.sexoUtf8(sexo));
    wide.put(4, born == Dimensions.NO_DATE ? null : born);
    wide.put(5, age);
    wide.put(6, storeId);
    wide.put(7, store.cidadeUtf8());
    wide.put(8, productId);
    wide.put(9, product.produtoUtf8());
    wide.put(10, product.valor());
    wide.put(11, quantity);
    wide.put(12, BigDecimal.valueOf(cents, 2));
    wide.put(13, day);
    wide.put(14, promoted);
    wide.put(15, paid == Dimensions.NO_DATE ? null : paid);
    wide.put(16, paid != Dimensions.NO_DATE);
    wide.put(17, paid == Dimensions.NO_DATE ? null : paid - day);
    wide.put(18, sale.get("canal"));
    long[] fingerprint = fingerprint(month);
    fingerprint[0]++;
    fingerprint[1] += RowHash.of(wide);
    if (passes.writes(month)) {
      partitions.write(month, wide);
    }

    goldSales++;
    wideCents += cents;
    // group() may grow its table, so each sums array is fetched after it.
    int g = byStoreMonth.group(key(storeId, month));
    long[] sums = byStoreMonth.sums();
    sums[g]++;
    sums[g + 1] += cents;
    g = byProductMonth.group(key(productId, month));
    sums = byProductMonth.sums();
    sums[g]++;
    sums[g + 1] += quantity;
    sums[g + 2] += cents;
    g = byPromotionMonth.group(key(promoted ? 1 : 0, month));
    sums = byPromotionMonth.sums();
    sums[g]++;
    sums[g + 1] += cents;
    g = byPaidMonth.group(key(paid != Dimensions.NO_DATE ? 1 : 0, month));
    sums = byPaidMonth.sums();
    sums[g]++;
    sums[g + 1] += cents;
    if (paid != Dimensions.NO_DATE) {
      sums[g + 2] += paid - day;
      sums[g + 3]++;
    }
  }

  private long[] fingerprint(int month) {
    if (month != lastMonth) {
      lastFingerprint = fingerprints.computeIfAbsent(month, m -> new long[2]);
      lastMonth = month;
    }
    return lastFingerprint;
  }

  private void countCustomer(int profile, int customer, long customerId) {
    if (customer >= 0) {
      long[] bits = profileCustomers[profile];
      if (bits == null) {
        bits = new long[(dims.customers() + 63) / 64];
        profileCustomers[profile] = bits;
      }
      bits[customer >>> 6] |= 1L << (customer & 63);
    } else {
      if (profileUnknownCustomers[profile] == null) {
        profileUnknownCustomers[profile] = new KeySet();
      }
      profileUnknownCustomers[profile].add(customerId);
    }
  }

  private long distinctCustomers(int profile) {
    long count = 0;
    if (profileCustomers[profile] != null) {
      for (long word : profileCustomers[profile]) {
        count += Long.bitCount(word);
      }
    }
    if (profileUnknownCustomers[profile] != null) {
      count += profileUnknownCustomers[profile].size();
    }
    return count;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  /** Each owned month's fingerprint, {@code yyyy-MM} → {rows, hash}. */
  Map<String, long[]> fingerprints() {
    Map<String, long[]> named = new TreeMap<>();
    fingerprints.forEach((month, fingerprint) -> named.put(monthName(month), fingerprint));
    return named;
  }

  /**
   * Closes every file and writes this worker's aggregate files; returns its share. {@code copied}
   * are the {@code wide_vendas} files of owned months taken unchanged from the previous version.
   */
  GoldPart finish(Map<String, List<DataFile>> copied) {
    if (!done) {
      throw new IllegalStateException("gold is not fully built yet");
    }
    Map<String, List<DataFile>> byMonth = new TreeMap<>(copied);
    byMonth.putAll(partitions.finish());
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
    Map<GoldTable, DataFile> aggregates = new EnumMap<>(GoldTable.class);
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    receita.put(GoldTable.WIDE_VENDAS, wideCents);
    receita.put(GoldTable.RECEITA_LOJA_MES, writeStoreMonths(aggregates));
    receita.put(GoldTable.RECEITA_PRODUTO_MES, writeProductMonths(aggregates));
    receita.put(GoldTable.EFEITO_PROMOCAO, writePromotionMonths(aggregates));
    receita.put(GoldTable.STATUS_PAGAMENTO, writePaidMonths(aggregates));
    if (leader) {
      receita.put(GoldTable.PERFIL_CLIENTES, writeProfiles(aggregates));
      dims.noteSales(newestSale);
    }
    DataFile quarantined = quarantine.finish();
    return new GoldPart(
        worker,
        months,
        aggregates,
        receita,
        goldSales,
        quarantined,
        quarantine.countsByReason(),
        leader
            ? new GoldPart.Leader(
                silverSales,
                duplicateSales,
                dims.promotionRowCount - matchedPromotions,
                dims.paymentRowCount - matchedPaymentRows,
                Map.copyOf(dims.newestIngest))
            : null);
  }

  private long writeStoreMonths(Map<GoldTable, DataFile> files) {
    return writeAggregate(
        files,
        GoldTable.RECEITA_LOJA_MES,
        byStoreMonth,
        (k, v, i, r) -> {
          int store = (int) (k >>> 32);
          r.put("id_loja", store);
          r.put("cidade", dims.stores.get(store).cidadeUtf8());
          r.put("mes", monthName((int) k));
          r.put("n_vendas", v[i]);
          r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
          return v[i + 1];
        });
  }

  private long writeProductMonths(Map<GoldTable, DataFile> files) {
    return writeAggregate(
        files,
        GoldTable.RECEITA_PRODUTO_MES,
        byProductMonth,
        (k, v, i, r) -> {
          int product = (int) (k >>> 32);
          r.put("id_produto", product);
          r.put("produto", dims.products.get(product).produtoUtf8());
          r.put("mes", monthName((int) k));
          r.put("n_vendas", v[i]);
          r.put("quantidade", v[i + 1]);
          r.put("receita", BigDecimal.valueOf(v[i + 2], 2));
          return v[i + 2];
        });
  }

  private long writePromotionMonths(Map<GoldTable, DataFile> files) {
    return writeAggregate(
        files,
        GoldTable.EFEITO_PROMOCAO,
        byPromotionMonth,
        (k, v, i, r) -> {
          r.put("promocao", (k >>> 32) == 1);
          r.put("mes", monthName((int) k));
          r.put("n_vendas", v[i]);
          r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
          r.put(
              "ticket_medio",
              BigDecimal.valueOf(v[i + 1], 2)
                  .divide(BigDecimal.valueOf(v[i]), 2, RoundingMode.HALF_UP));
          return v[i + 1];
        });
  }

  private long writePaidMonths(Map<GoldTable, DataFile> files) {
    return writeAggregate(
        files,
        GoldTable.STATUS_PAGAMENTO,
        byPaidMonth,
        (k, v, i, r) -> {
          r.put("pago", (k >>> 32) == 1);
          r.put("mes", monthName((int) k));
          r.put("n_vendas", v[i]);
          r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
          r.put("media_dias_para_pagamento", v[i + 3] == 0 ? null : average(v[i + 2], v[i + 3], 2));
          return v[i + 1];
        });
  }

  private long writeProfiles(Map<GoldTable, DataFile> files) {
    return writeAggregate(
        files,
        GoldTable.PERFIL_CLIENTES,
        byProfile,
        (k, v, i, r) -> {
          int band = (int) (k >>> 32);
          char sex = (char) (int) k;
          r.put("faixa_etaria", GoldCalendar.AGE_BANDS[band]);
          r.put("sexo", Dimensions.sexoUtf8(sex));
          r.put("n_clientes", distinctCustomers(band * 3 + (sex == 'M' ? 1 : sex == 'F' ? 2 : 0)));
          r.put("n_vendas", v[i]);
          r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
          return v[i + 1];
        });
  }

  /** {@code sum / count} rounded half up to {@code scale} places. */
  static BigDecimal average(long sum, long count, int scale) {
    return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP);
  }

  private interface RowFiller {
    /**
     * Fills the row of the group {@code key}, whose sums start at {@code sums[at]}; returns the
     * group's revenue in cents.
     */
    long fill(long key, long[] sums, int at, GenericData.Record row);
  }

  private long writeAggregate(
      Map<GoldTable, DataFile> files, GoldTable table, LongKeyedSums groups, RowFiller filler) {
    String key = layout.dataFileKey(Layer.GOLD, table.tableName(), runId, null, worker);
    GenericData.Record row = new GenericData.Record(table.schema());
    long cents = 0;
    LakeParquetWriter writer = parquet.writer(goldBucket, key, table.schema());
    try {
      for (long group : groups.sortedKeys()) {
        cents += filler.fill(group, groups.sums(), groups.existing(group), row);
        writer.write(row);
      }
      writer.close();
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
    files.put(table, new DataFile(writer.key(), writer.rows(), writer.bytes()));
    return cents;
  }

  private String monthName(int index) {
    return monthNames.computeIfAbsent(index, GoldCalendar::monthName);
  }

  /**
   * Drops every file not finished. Files already finished stay under the run's version, which no
   * reader sees; a restart overwrites them and a failed run's version is deleted.
   */
  @Override
  public void close() {
    partitions.abort();
    quarantine.abort();
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
