package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.lake.parquet.ColumnScan;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import com.salestech.model.rules.RejectReason;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;

/**
 * One worker's share of the gold tables of DATA-CONTRACT §3. Work is split by month: each worker
 * streams every silver sale, skips those of months it does not own ({@link GoldPasses}), joins its
 * own in memory with their store, product, customer, earliest payment and promotion flag, writes
 * them to their month's {@code wide_vendas} partition ({@link WidePartitions}), quarantines its
 * orphans ({@link OrphanQuarantine}), and sums its months into the four monthly aggregates ({@link
 * GoldAggregates}); the aggregates' groups are disjoint between workers, so each worker writes its
 * own files of them. Worker 0, the leader, also looks at every sale for what spans months: the sale
 * count, duplicate ids, promotions of no sale and the customer profile. Every worker also notes the
 * store, product and day of every sale, which {@code vendas_diarias}' dense months depend on
 * whoever owns them, and sums its months' sales per store, product and day ({@link DailySales});
 * the leader writes {@code calendario} over the days of sale it finds.
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
  private final String goldBucket;
  private final String silverBucket;
  private final CurrentPointer vendas;
  private final int worker;
  private final boolean leader;
  private final GoldPasses passes;

  private final WideRow wide = new WideRow();
  private final WidePartitions partitions;
  private final GoldAggregates aggregates;
  // Only a builder that writes: fingerprinting wide_vendas needs none of it.
  private final DailySales daily;
  private final long rowsPerFile;
  private final int rowGroupBytes;
  // {rows, hash} by month index (GoldCalendar.monthOfDay: months since year 0, 24,300 for 2025):
  // the sales come in no month order, so no map lookup per sale. A month past year 9999 (an event
  // with an absurd date) goes to the map, so that one sale cannot make the array huge.
  private long[][] fingerprints = new long[0][];
  private final Map<Integer, long[]> farMonths = new HashMap<>();
  private static final int ARRAY_MONTHS = 10_000 * 12;
  private final OrphanQuarantine quarantine;

  private final KeySet saleIds = new KeySet();
  private final KeySet matchedSales = new KeySet();
  private BitSet matchedPayments;
  private long matchedPaymentRows;

  private SilverSales sales;

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
    this.goldBucket = layout.gold().bucket();
    this.silverBucket = layout.silver().bucket();
    this.vendas = vendas;
    this.worker = worker;
    this.leader = worker == 0;
    this.partitions =
        new WidePartitions(
            parquet, layout, runId, settings.rowsPerFile(), settings.rowGroupBytes());
    this.passes =
        new GoldPasses(worker, workers, writes, monthsToWrite, GoldPasses.maxOpenWriters(settings));
    this.aggregates = new GoldAggregates(dims.stores, dims.products, dims.customers());
    this.daily = writes ? new DailySales(dims.stores, dims.products) : null;
    this.rowsPerFile = settings.rowsPerFile();
    this.rowGroupBytes = settings.rowGroupBytes();
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
  boolean advance(long rows) {
    long target = read + rows;
    while (!done && read < target) {
      if (sales == null) {
        sales = new SilverSales(parquet.storage(), silverBucket, vendas.files());
      }
      if (!sales.next()) {
        sales.close();
        sales = null;
        partitions.closeWriters();
        if (!passes.startNext()) {
          done = true;
        }
        continue;
      }
      read++;
      join(sales);
    }
    return done;
  }

  private void join(SilverSales sale) {
    int day = sale.dtVenda;
    int month = GoldCalendar.monthOfDay(day);
    boolean owned = passes.takes(month);
    boolean leading = leader && passes.first();
    int storeId = sale.idLoja;
    int productId = sale.idProduto;
    if (!owned && !leading) {
      if (daily != null && passes.first()) {
        daily.pair(storeId, productId, day);
      }
      return;
    }
    long id = sale.id;
    int pair = daily == null ? -1 : daily.pair(storeId, productId, day);
    if (leading) {
      silverSales++;
      if (sale.ingestDate != ColumnScan.NULL_INT) {
        newestSale = Math.max(newestSale, sale.ingestDate);
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
    Dimensions.Store store = dims.store(storeId);
    Dimensions.Product product = dims.product(productId);
    if (store == null || product == null) {
      if (owned) {
        boolean noStore = store == null;
        quarantine.add(
            sale.rawLine(),
            sale.ingestDateOrNull(),
            noStore ? RejectReason.ORPHAN_STORE : RejectReason.ORPHAN_PRODUCT,
            noStore ? "id_loja" : "id_produto",
            sale.fileKey(),
            sale.rowInFile());
      }
      return;
    }
    long customerId = sale.idCliente;
    int quantity = sale.quantidade;
    long cents = Math.multiplyExact(product.cents(), (long) quantity);
    int customer = dims.customer(customerId);
    int born = customer < 0 ? Dimensions.NO_DATE : dims.dtNasc(customer);
    int age = born == Dimensions.NO_DATE ? WideRow.NULL : GoldCalendar.years(born, day);
    char sexo = customer < 0 ? 0 : dims.sexo(customer);
    if (leading) {
      if (!saleIds.add(id)) {
        duplicateSales++;
      }
      aggregates.addProfile(GoldCalendar.band(age), sexo, cents, customer, customerId);
    }
    if (!owned) {
      return;
    }
    boolean promoted = dims.promoted.contains(id);
    int paid = dims.earliestPayment(id);
    boolean isPaid = paid != Dimensions.NO_DATE;

    WideRow row = wide;
    row.idVenda = id;
    row.idCliente = customerId;
    row.nomeCliente = customer < 0 ? null : dims.nomeBinary(customer);
    row.sexoCliente = Dimensions.sexoBinary(sexo);
    row.dtNasc = born;
    row.idadeNaVenda = age;
    row.idLoja = storeId;
    row.cidade = store.cidadeBinary();
    row.idProduto = productId;
    row.produto = product.produtoBinary();
    row.valor = product.valorFixed();
    row.quantidade = quantity;
    row.receita = cents;
    row.dtVenda = day;
    row.promocao = promoted;
    row.dtPgto = paid;
    row.pago = isPaid;
    row.diasParaPagamento = isPaid ? paid - day : WideRow.NULL;
    row.canal = sale.canal();

    long[] fingerprint = fingerprint(month);
    fingerprint[0]++;
    fingerprint[1] +=
        RowHash.of(
            row,
            customer < 0 ? RowHash.NULL : dims.nomeHash(customer),
            Dimensions.sexoHash(sexo),
            store.cidadeHash(),
            product.produtoHash(),
            product.valorHash(),
            sale.canalHash());
    if (passes.writes(month)) {
      partitions.write(month, row);
    }

    goldSales++;
    wideCents += cents;
    aggregates.addSale(storeId, productId, month, quantity, cents, promoted, paid, day);
    if (daily != null) {
      daily.add(pair, day, quantity, cents, promoted);
    }
  }

  private long[] fingerprint(int month) {
    if (month < 0 || month >= ARRAY_MONTHS) {
      return farMonths.computeIfAbsent(month, m -> new long[2]);
    }
    if (month >= fingerprints.length) {
      fingerprints = Arrays.copyOf(fingerprints, Math.max(month + 1, fingerprints.length * 2));
    }
    long[] fingerprint = fingerprints[month];
    if (fingerprint == null) {
      fingerprint = new long[2];
      fingerprints[month] = fingerprint;
    }
    return fingerprint;
  }

  /** Each owned month's fingerprint, {@code yyyy-MM} → {rows, hash}. */
  Map<String, long[]> fingerprints() {
    Map<String, long[]> named = new TreeMap<>();
    for (int month = 0; month < fingerprints.length; month++) {
      if (fingerprints[month] != null) {
        named.put(GoldCalendar.monthName(month), fingerprints[month]);
      }
    }
    farMonths.forEach(
        (month, fingerprint) -> named.put(GoldCalendar.monthName(month), fingerprint));
    return named;
  }

  /**
   * Closes every file and writes this worker's aggregate files and {@code vendas_diarias} months
   * (the leader also {@code calendario}); returns its share. {@code copied} are the {@code
   * wide_vendas} files of owned months taken unchanged from the previous version; {@code reuse}
   * gives the {@code vendas_diarias} months whose rows did not change.
   */
  GoldPart finish(Map<String, List<DataFile>> copied, DailySales.Reuse reuse) {
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
    Map<GoldTable, DataFile> files = new EnumMap<>(GoldTable.class);
    Map<GoldTable, Long> receita = new EnumMap<>(GoldTable.class);
    receita.put(GoldTable.WIDE_VENDAS, wideCents);
    for (GoldTable table : GoldAggregates.MONTHLY) {
      receita.put(table, writeAggregate(files, table));
    }
    Map<String, GoldBuild.Month> dailyMonths =
        daily.write(parquet, layout, runId, passes, rowsPerFile, rowGroupBytes, reuse);
    if (leader) {
      receita.put(GoldTable.PERFIL_CLIENTES, writeAggregate(files, GoldTable.PERFIL_CLIENTES));
      String key =
          layout.dataFileKey(Layer.GOLD, GoldTable.CALENDARIO.tableName(), runId, null, worker);
      LakeParquetWriter<GenericRecord> writer =
          parquet.writer(goldBucket, key, GoldTable.CALENDARIO.schema());
      CalendarTable.write(writer, daily.firstDay(), daily.lastDay());
      files.put(GoldTable.CALENDARIO, new DataFile(writer.key(), writer.rows(), writer.bytes()));
      dims.noteSales(newestSale);
    }
    DataFile quarantined = quarantine.finish();
    return new GoldPart(
        worker,
        months,
        files,
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
                Map.copyOf(dims.newestIngest),
                daily.pairs(),
                day(daily.firstDay()),
                day(daily.lastDay()))
            : null,
        dailyMonths);
  }

  private static LocalDate day(int epochDay) {
    return epochDay == Dimensions.NO_DATE ? null : LocalDate.ofEpochDay(epochDay);
  }

  /** Writes the table's groups to this worker's file of it; returns their revenue in cents. */
  private long writeAggregate(Map<GoldTable, DataFile> files, GoldTable table) {
    String key = layout.dataFileKey(Layer.GOLD, table.tableName(), runId, null, worker);
    LakeParquetWriter<GenericRecord> writer = parquet.writer(goldBucket, key, table.schema());
    long cents = aggregates.write(table, writer);
    files.put(table, new DataFile(writer.key(), writer.rows(), writer.bytes()));
    return cents;
  }

  /**
   * Drops every file not finished. Files already finished stay under the run's version, which no
   * reader sees; a restart overwrites them and a failed run's version is deleted.
   */
  @Override
  public void close() {
    try {
      partitions.abort();
      quarantine.abort();
    } finally {
      if (sales != null) {
        sales.close();
        sales = null;
      }
    }
  }
}
