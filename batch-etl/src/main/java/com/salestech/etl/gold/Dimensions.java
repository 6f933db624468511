package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.etl.keys.LongIndex;
import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ColumnScan;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.api.Binary;

/**
 * Everything a sale is joined with, loaded once from the current silver versions and held in
 * compact primitive arrays: stores and products, customers, each sale's earliest payment, and its
 * promotion flag. Sales themselves are streamed by {@link GoldBuilder}.
 */
final class Dimensions {

  static final int NO_DATE = Integer.MIN_VALUE;

  /**
   * A store; its name also as UTF-8, as the binary {@code wide_vendas} stores, and that value's
   * {@link RowHash}.
   */
  record Store(int id, String cidade, Utf8 cidadeUtf8, Binary cidadeBinary, long cidadeHash) {
    Store(int id, String cidade) {
      this(id, cidade, new Utf8(cidade), binary(cidade));
    }

    private Store(int id, String cidade, Utf8 cidadeUtf8, Binary cidadeBinary) {
      this(id, cidade, cidadeUtf8, cidadeBinary, RowHash.ofBinary(cidadeBinary));
    }
  }

  /**
   * A product and its price, in reais and in cents; its name also as UTF-8, name and price as
   * {@code wide_vendas} stores them, and those values' {@link RowHash}es.
   */
  record Product(
      int id,
      String produto,
      BigDecimal valor,
      long cents,
      Utf8 produtoUtf8,
      Binary produtoBinary,
      Binary valorFixed,
      long produtoHash,
      long valorHash) {
    Product(int id, String produto, BigDecimal valor, long cents) {
      this(id, produto, valor, cents, binary(produto));
    }

    private Product(int id, String produto, BigDecimal valor, long cents, Binary produtoBinary) {
      this(
          id,
          produto,
          valor,
          cents,
          new Utf8(produto),
          produtoBinary,
          Binary.fromConstantByteArray(WideRow.fixedDecimal(cents, 6)),
          RowHash.ofBinary(produtoBinary),
          RowHash.ofDecimal(cents, 2));
    }
  }

  private static Binary binary(String text) {
    return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
  }

  private static final Utf8 MALE = new Utf8("M");
  private static final Utf8 FEMALE = new Utf8("F");
  private static final Binary MALE_BINARY = binary("M");
  private static final Binary FEMALE_BINARY = binary("F");
  private static final long MALE_HASH = RowHash.ofBinary(MALE_BINARY);
  private static final long FEMALE_HASH = RowHash.ofBinary(FEMALE_BINARY);

  final Map<Integer, Store> stores = new HashMap<>();
  final Map<Integer, Product> products = new HashMap<>();
  // The same, indexed by id for the join when the ids are small (they are the exports' sequences).
  private Store[] storeById = new Store[0];
  private Product[] productById = new Product[0];

  private LongIndex customers;
  private int[] customerRow;
  // Per customer row c, side by side so that one cache line holds both (the join reads them for
  // every sale, in no order): [2c] the name's address in the name store, or -1; [2c + 1] the birth
  // date << 2 | the sex (0 none, 1 M, 2 F), the date NO_BIRTH when missing.
  private int[] customerValues;
  private final ByteStore names = new ByteStore();

  private LongIndex payments;
  private int[] earliestPayment;
  private int[] paymentRows;
  long paymentRowCount;

  final KeySet promotionRows = new KeySet();
  final KeySet promoted = new KeySet();
  long promotionRowCount;

  // How long each large dimension took to load, for the log.
  long customersMillis;
  long paymentsMillis;
  long promotionsMillis;

  /** Newest {@code ingest_date} seen per silver table, for the freshness check. */
  final Map<Table, LocalDate> newestIngest = new EnumMap<>(Table.class);

  /** Loads the dimensions; customers on a second thread while payments and promotions load. */
  static Dimensions load(
      ParquetLake parquet, LakeStorage storage, String bucket, Map<Table, CurrentPointer> silver) {
    Dimensions d = new Dimensions();
    d.loadStores(parquet, bucket, silver.get(Table.LOJAS));
    d.loadProducts(parquet, bucket, silver.get(Table.PRODUTOS));
    d.storeById = byId(d.stores, Store[]::new);
    d.productById = byId(d.products, Product[]::new);
    CompletableFuture<Void> customers =
        CompletableFuture.runAsync(
            () -> {
              long started = System.nanoTime();
              d.loadCustomers(storage, bucket, silver.get(Table.CLIENTES));
              d.customersMillis = (System.nanoTime() - started) / 1_000_000;
            });
    try {
      long started = System.nanoTime();
      d.loadPayments(storage, bucket, silver.get(Table.PAGAMENTOS));
      long paid = System.nanoTime();
      d.paymentsMillis = (paid - started) / 1_000_000;
      d.loadPromotions(storage, bucket, silver.get(Table.VENDA_PROMOCAO));
      d.promotionsMillis = (System.nanoTime() - paid) / 1_000_000;
    } catch (RuntimeException e) {
      // Let the other load end before failing, so nothing keeps reading for a failed step.
      customers.handle((ok, failure) -> null).join();
      throw e;
    }
    try {
      customers.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return d;
  }

  /** Ids up to this many get an array slot; larger ones are looked up in the map. */
  private static final int MAX_ARRAY_ID = 1 << 20;

  private static <T> T[] byId(Map<Integer, T> byId, IntFunction<T[]> arrays) {
    int max = -1;
    for (int id : byId.keySet()) {
      if (id >= 0 && id < MAX_ARRAY_ID) {
        max = Math.max(max, id);
      }
    }
    T[] array = arrays.apply(max + 1);
    byId.forEach(
        (id, value) -> {
          if (id >= 0 && id < MAX_ARRAY_ID) {
            array[id] = value;
          }
        });
    return array;
  }

  /** The store of that id, or null when silver has none. */
  Store store(int id) {
    if (id >= 0 && id < MAX_ARRAY_ID) {
      return id < storeById.length ? storeById[id] : null;
    }
    return stores.get(id);
  }

  /** The product of that id, or null when silver has none. */
  Product product(int id) {
    if (id >= 0 && id < MAX_ARRAY_ID) {
      return id < productById.length ? productById[id] : null;
    }
    return products.get(id);
  }

  private synchronized void noteIngest(Table table, int newestDay) {
    if (newestDay != NO_DATE) {
      newestIngest.merge(table, LocalDate.ofEpochDay(newestDay), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private void loadStores(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    read(
        parquet,
        bucket,
        pointer,
        Table.LOJAS,
        row -> {
          int id = (Integer) row.get("id");
          stores.put(id, new Store(id, row.get("cidade").toString()));
        });
  }

  private void loadProducts(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    read(
        parquet,
        bucket,
        pointer,
        Table.PRODUTOS,
        row -> {
          int id = (Integer) row.get("id");
          BigDecimal valor = (BigDecimal) row.get("valor");
          products.put(
              id,
              new Product(
                  id,
                  row.get("produto").toString(),
                  valor,
                  valor.unscaledValue().longValueExact()));
        });
  }

  private void loadCustomers(LakeStorage storage, String bucket, CurrentPointer pointer) {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, pointer == null ? 0 : pointer.rows());
    long[] ids = new long[capacity];
    int[] rows = new int[capacity];
    int[] values = new int[2 * capacity];
    int count = 0;
    int newest = NO_DATE;
    for (DataFile file : files(pointer)) {
      try (ColumnScan scan =
          ColumnScan.open(
              storage, bucket, file.key(), file.bytes(), "id", "nome", "sexo", "dt_nasc")) {
        while (scan.nextRowGroup()) {
          int n = scan.rows();
          System.arraycopy(scan.longs(0), 0, ids, count, n);
          int at = count;
          scan.binaries(
              1,
              (r, nome) ->
                  values[2 * (at + r)] =
                      nome == null ? -1 : names.add(nome.getBytesUnsafe(), 0, nome.length()));
          scan.binaries(2, (r, sex) -> values[2 * (at + r) + 1] = sexCode(sex));
          int[] born = scan.ints(3);
          for (int r = 0; r < n; r++) {
            values[2 * (count + r) + 1] |= birthBits(born[r], file.key());
            rows[count + r] = count + r;
          }
          count += n;
        }
        newest = newestIngest(newest, scan, storage, bucket, file);
      }
    }
    noteIngest(Table.CLIENTES, newest);
    // Silver keeps the export's order, ids ascending: then the permutation is the identity.
    boolean moved = LongIndex.sortByKey(ids, rows, count);
    customers = new LongIndex(ids, count);
    customerRow = moved ? rows : null;
    customerValues = values;
  }

  /** A birth date that is missing, in {@link #customerValues}; real dates are far from it. */
  private static final int NO_BIRTH = -(1 << 29);

  private static int sexCode(Binary sex) {
    if (sex == null || sex.length() == 0) {
      return 0;
    }
    byte first = sex.toByteBuffer().get();
    return first == 'M' ? 1 : first == 'F' ? 2 : 0;
  }

  private static int birthBits(int born, String key) {
    if (born == ColumnScan.NULL_INT) {
      return NO_BIRTH << 2;
    }
    if (born <= NO_BIRTH || born >= 1 << 29) {
      throw new IllegalStateException("dt_nasc out of range in silver " + key + ": day " + born);
    }
    return born << 2;
  }

  private static List<DataFile> files(CurrentPointer pointer) {
    return pointer == null ? List.of() : pointer.files();
  }

  /**
   * The newest of {@code newest} and a file's {@code ingest_date}: from its footer statistics, or,
   * when a row group has none, from the column itself.
   */
  private static int newestIngest(
      int newest, ColumnScan scan, LakeStorage storage, String bucket, DataFile file) {
    OptionalInt max = scan.maxInt("ingest_date");
    if (max.isPresent()) {
      return Math.max(newest, max.getAsInt());
    }
    try (ColumnScan dates =
        ColumnScan.open(storage, bucket, file.key(), file.bytes(), "ingest_date")) {
      while (dates.nextRowGroup()) {
        newest = newestIngest(newest, dates, 0);
      }
    }
    return newest;
  }

  /** The newest of {@code newest} and a row group's {@code ingest_date} column. */
  private static int newestIngest(int newest, ColumnScan scan, int column) {
    int[] days = scan.ints(column);
    for (int r = 0, n = scan.rows(); r < n; r++) {
      if (days[r] != ColumnScan.NULL_INT) {
        newest = Math.max(newest, days[r]);
      }
    }
    return newest;
  }

  private void loadPayments(LakeStorage storage, String bucket, CurrentPointer pointer) {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, pointer == null ? 0 : pointer.rows());
    long[] sales = new long[capacity];
    int[] days = new int[capacity];
    int[] count = {0};
    int newest = NO_DATE;
    for (DataFile file : files(pointer)) {
      try (ColumnScan scan =
          ColumnScan.open(storage, bucket, file.key(), file.bytes(), "id_venda", "dt_pgto")) {
        while (scan.nextRowGroup()) {
          int n = scan.rows();
          System.arraycopy(scan.longs(0), 0, sales, count[0], n);
          System.arraycopy(scan.ints(1), 0, days, count[0], n);
          count[0] += n;
        }
        newest = newestIngest(newest, scan, storage, bucket, file);
      }
    }
    noteIngest(Table.PAGAMENTOS, newest);
    LongIndex.sortByKey(sales, days, count[0]);
    // Keep the earliest payment of each sale, and how many rows named it.
    int unique = 0;
    int[] rowsOfSale = new int[count[0]];
    for (int i = 0; i < count[0]; i++) {
      if (unique > 0 && sales[unique - 1] == sales[i]) {
        days[unique - 1] = Math.min(days[unique - 1], days[i]);
        rowsOfSale[unique - 1]++;
      } else {
        sales[unique] = sales[i];
        days[unique] = days[i];
        rowsOfSale[unique] = 1;
        unique++;
      }
    }
    payments = new LongIndex(sales, unique);
    earliestPayment = Arrays.copyOf(days, unique);
    paymentRows = Arrays.copyOf(rowsOfSale, unique);
    paymentRowCount = count[0];
  }

  private void loadPromotions(LakeStorage storage, String bucket, CurrentPointer pointer) {
    int newest = NO_DATE;
    for (DataFile file : files(pointer)) {
      try (ColumnScan scan =
          ColumnScan.open(storage, bucket, file.key(), file.bytes(), "id_venda", "promocao")) {
        while (scan.nextRowGroup()) {
          int n = scan.rows();
          long[] sales = scan.longs(0);
          boolean[] flags = scan.booleans(1);
          promotionRowCount += n;
          for (int r = 0; r < n; r++) {
            promotionRows.add(sales[r]);
            if (flags[r]) {
              promoted.add(sales[r]);
            }
          }
        }
        newest = newestIngest(newest, scan, storage, bucket, file);
      }
    }
    noteIngest(Table.VENDA_PROMOCAO, newest);
  }

  /** The customer's row, or -1 when the customer is missing from silver. */
  int customer(long id) {
    int i = customers.indexOf(id);
    return i < 0 || customerRow == null ? i : customerRow[i];
  }

  int customers() {
    return customers.size();
  }

  /** The customer's name as a binary over the name store, or null when the name is missing. */
  Binary nomeBinary(int customer) {
    int address = customerValues[2 * customer];
    return address < 0 ? null : names.binary(address);
  }

  /** The {@link RowHash} of the customer's name as {@code wide_vendas} stores it (or of null). */
  long nomeHash(int customer) {
    int address = customerValues[2 * customer];
    return address < 0 ? RowHash.NULL : names.hash(address);
  }

  /** The {@link RowHash} of {@link #sexoBinary}. */
  static long sexoHash(char sexo) {
    return sexo == 'M' ? MALE_HASH : sexo == 'F' ? FEMALE_HASH : RowHash.NULL;
  }

  /** {@code M} or {@code F} as UTF-8 (see {@link #sexo}), or null. */
  static Binary sexoBinary(char sexo) {
    return sexo == 'M' ? MALE_BINARY : sexo == 'F' ? FEMALE_BINARY : null;
  }

  /** {@code 'M'}, {@code 'F'}, or 0 when missing. */
  char sexo(int customer) {
    return switch (customerValues[2 * customer + 1] & 3) {
      case 1 -> 'M';
      case 2 -> 'F';
      default -> 0;
    };
  }

  static Utf8 sexoUtf8(char sexo) {
    return sexo == 'M' ? MALE : sexo == 'F' ? FEMALE : null;
  }

  /** The customer's birth date as an epoch day, or {@link #NO_DATE}. */
  int dtNasc(int customer) {
    int born = customerValues[2 * customer + 1] >> 2;
    return born == NO_BIRTH ? NO_DATE : born;
  }

  /** The sale's earliest payment as an epoch day, or {@link #NO_DATE}. */
  int earliestPayment(long sale) {
    int i = payments.indexOf(sale);
    return i < 0 ? NO_DATE : earliestPayment[i];
  }

  /** Where the sale's payments are among the sales paid, or -1 when no row names it. */
  int paymentIndex(long sale) {
    return payments.indexOf(sale);
  }

  /** Sales that have payment rows. */
  int paidSales() {
    return payments.size();
  }

  /** Payment rows naming the sale at {@code index} of {@link #paymentIndex}. */
  int paymentRows(int index) {
    return paymentRows[index];
  }

  /** Reads every row of a silver table, noting its newest {@code ingest_date}. */
  private void read(
      ParquetLake parquet,
      String bucket,
      CurrentPointer pointer,
      Table table,
      Consumer<GenericRecord> rows) {
    if (pointer == null) {
      return;
    }
    int newest = NO_DATE;
    for (DataFile file : pointer.files()) {
      try (ParquetReader<GenericRecord> reader = parquet.reader(bucket, file.key(), file.bytes())) {
        for (GenericRecord row; (row = reader.read()) != null; ) {
          Object day = row.get("ingest_date");
          if (day != null) {
            newest = Math.max(newest, (Integer) day);
          }
          rows.accept(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read silver s3://" + bucket + "/" + file.key(), e);
      }
    }
    noteIngest(table, newest);
  }

  /** Notes the newest sale export, read by the build. */
  void noteSales(int newestDay) {
    noteIngest(Table.VENDAS, newestDay);
  }
}
