package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.etl.keys.LongIndex;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Everything a sale is joined with, loaded once from the current silver versions and held in
 * compact primitive arrays: stores and products, customers, each sale's earliest payment, and its
 * promotion flag. Sales themselves are streamed by {@link GoldBuilder}.
 */
final class Dimensions {

  static final int NO_DATE = Integer.MIN_VALUE;

  record Store(int id, String cidade) {}

  record Product(int id, String produto, BigDecimal valor, long cents) {}

  final Map<Integer, Store> stores = new HashMap<>();
  final Map<Integer, Product> products = new HashMap<>();

  private LongIndex customers;
  private int[] customerRow;
  private int[] nameAddress;
  private byte[] sexo;
  private int[] dtNasc;
  private final ByteStore names = new ByteStore();

  private LongIndex payments;
  private int[] earliestPayment;

  final KeySet promotionRows = new KeySet();
  final KeySet promoted = new KeySet();
  long promotionRowCount;
  long paymentRows;

  /** Newest {@code ingest_date} seen per silver table, for the freshness check. */
  final Map<Table, LocalDate> newestIngest = new EnumMap<>(Table.class);

  static Dimensions load(ParquetLake parquet, String bucket, Map<Table, CurrentPointer> silver) {
    Dimensions d = new Dimensions();
    d.loadStores(parquet, bucket, silver.get(Table.LOJAS));
    d.loadProducts(parquet, bucket, silver.get(Table.PRODUTOS));
    d.loadCustomers(parquet, bucket, silver.get(Table.CLIENTES));
    d.loadPayments(parquet, bucket, silver.get(Table.PAGAMENTOS));
    d.loadPromotions(parquet, bucket, silver.get(Table.VENDA_PROMOCAO));
    return d;
  }

  void noteIngest(Table table, GenericRecord row) {
    Object day = row.get("ingest_date");
    if (day != null) {
      LocalDate date = LocalDate.ofEpochDay(((Number) day).longValue());
      newestIngest.merge(table, date, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private void loadStores(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    read(
        parquet,
        bucket,
        pointer,
        row -> {
          noteIngest(Table.LOJAS, row);
          int id = (Integer) row.get("id");
          stores.put(id, new Store(id, row.get("cidade").toString()));
        });
  }

  private void loadProducts(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    read(
        parquet,
        bucket,
        pointer,
        row -> {
          noteIngest(Table.PRODUTOS, row);
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

  private void loadCustomers(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, pointer == null ? 0 : pointer.rows());
    long[] ids = new long[capacity];
    int[] rows = new int[capacity];
    nameAddress = new int[capacity];
    sexo = new byte[capacity];
    dtNasc = new int[capacity];
    int[] count = {0};
    read(
        parquet,
        bucket,
        pointer,
        row -> {
          noteIngest(Table.CLIENTES, row);
          int i = count[0]++;
          ids[i] = (Long) row.get("id");
          rows[i] = i;
          Object nome = row.get("nome");
          nameAddress[i] = nome == null ? -1 : names.add((CharSequence) nome);
          Object sex = row.get("sexo");
          sexo[i] = sex == null ? 0 : (byte) sex.toString().charAt(0);
          Object born = row.get("dt_nasc");
          dtNasc[i] = born == null ? NO_DATE : (Integer) born;
        });
    LongIndex.sortByKey(ids, rows, count[0]);
    customers = new LongIndex(ids, count[0]);
    customerRow = rows;
  }

  private void loadPayments(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, pointer == null ? 0 : pointer.rows());
    long[] sales = new long[capacity];
    int[] days = new int[capacity];
    int[] count = {0};
    read(
        parquet,
        bucket,
        pointer,
        row -> {
          noteIngest(Table.PAGAMENTOS, row);
          int i = count[0]++;
          sales[i] = (Long) row.get("id_venda");
          days[i] = (Integer) row.get("dt_pgto");
        });
    paymentRows = count[0];
    LongIndex.sortByKey(sales, days, count[0]);
    // Keep the earliest payment of each sale.
    int unique = 0;
    for (int i = 0; i < count[0]; i++) {
      if (unique > 0 && sales[unique - 1] == sales[i]) {
        days[unique - 1] = Math.min(days[unique - 1], days[i]);
      } else {
        sales[unique] = sales[i];
        days[unique] = days[i];
        unique++;
      }
    }
    payments = new LongIndex(sales, unique);
    earliestPayment = Arrays.copyOf(days, unique);
  }

  private void loadPromotions(ParquetLake parquet, String bucket, CurrentPointer pointer) {
    read(
        parquet,
        bucket,
        pointer,
        row -> {
          noteIngest(Table.VENDA_PROMOCAO, row);
          long sale = (Long) row.get("id_venda");
          promotionRowCount++;
          promotionRows.add(sale);
          if ((Boolean) row.get("promocao")) {
            promoted.add(sale);
          }
        });
  }

  /** The customer's row, or -1 when the customer is missing from silver. */
  int customer(long id) {
    int i = customers.indexOf(id);
    return i < 0 ? -1 : customerRow[i];
  }

  String nome(int customer) {
    int address = nameAddress[customer];
    return address < 0 ? null : names.get(address);
  }

  String sexo(int customer) {
    return sexo[customer] == 0 ? null : String.valueOf((char) sexo[customer]);
  }

  int dtNasc(int customer) {
    return dtNasc[customer];
  }

  /** The sale's earliest payment as an epoch day, or {@link #NO_DATE}. */
  int earliestPayment(long sale) {
    int i = payments.indexOf(sale);
    return i < 0 ? NO_DATE : earliestPayment[i];
  }

  static void read(
      ParquetLake parquet, String bucket, CurrentPointer pointer, Consumer<GenericRecord> rows) {
    if (pointer == null) {
      return;
    }
    for (DataFile file : pointer.files()) {
      try (ParquetReader<GenericRecord> reader = parquet.reader(bucket, file.key(), file.bytes())) {
        for (GenericRecord row; (row = reader.read()) != null; ) {
          rows.accept(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read silver s3://" + bucket + "/" + file.key(), e);
      }
    }
  }
}
