package com.salestech.etl.gold;

import com.salestech.etl.keys.KeySet;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One worker's aggregate tables of DATA-CONTRACT §3, as exact sums per group (cents in a {@code
 * long}, never a decimal per sale) turned into rows only when written. The four monthly tables sum
 * the worker's own months; the customer profile, summed by the leader over every sale, also counts
 * each profile's distinct customers.
 */
final class GoldAggregates {

  /** The tables every worker writes, its months' groups; the leader adds the profile. */
  static final List<GoldTable> MONTHLY =
      List.of(
          GoldTable.RECEITA_LOJA_MES,
          GoldTable.RECEITA_PRODUTO_MES,
          GoldTable.EFEITO_PROMOCAO,
          GoldTable.STATUS_PAGAMENTO);

  // A profile is an age band and a sex: unknown, M or F.
  private static final int PROFILES = GoldCalendar.AGE_BANDS.length * 3;

  private final Map<Integer, Dimensions.Store> stores;
  private final Map<Integer, Dimensions.Product> products;
  private final int customers;
  private final Map<Integer, String> monthNames = new HashMap<>();

  // Sums per group: {n, cents}, {n, quantity, cents}, {n, cents}, {n, cents, days to payment,
  // paid}; and the profile's {n, cents}.
  private final LongKeyedSums byStoreMonth = new LongKeyedSums(2);
  private final LongKeyedSums byProductMonth = new LongKeyedSums(3);
  private final LongKeyedSums byPromotionMonth = new LongKeyedSums(2);
  private final LongKeyedSums byPaidMonth = new LongKeyedSums(4);
  private final LongKeyedSums byProfile = new LongKeyedSums(2);
  // A profile's distinct customers: a bit per customer of silver, the ids of the others.
  private final long[][] profileCustomers = new long[PROFILES][];
  private final KeySet[] profileUnknownCustomers = new KeySet[PROFILES];

  /**
   * @param stores the stores of silver, whose names the store rows carry
   * @param products the products of silver, whose names the product rows carry
   * @param customers the customers of silver, numbered from 0 by {@link Dimensions#customer}
   */
  GoldAggregates(
      Map<Integer, Dimensions.Store> stores,
      Map<Integer, Dimensions.Product> products,
      int customers) {
    this.stores = stores;
    this.products = products;
    this.customers = customers;
  }

  /**
   * Adds a sale to its monthly groups.
   *
   * @param paid the epoch day of its earliest payment, or {@link Dimensions#NO_DATE}
   * @param day the epoch day of the sale
   */
  void addSale(
      int store,
      int product,
      int month,
      int quantity,
      long cents,
      boolean promoted,
      int paid,
      int day) {
    // group() may grow its table, so each sums array is fetched after it.
    int g = byStoreMonth.group(key(store, month));
    long[] sums = byStoreMonth.sums();
    sums[g]++;
    sums[g + 1] += cents;
    g = byProductMonth.group(key(product, month));
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

  /**
   * Adds a sale to its customer profile.
   *
   * @param band the index of its age band in {@link GoldCalendar#AGE_BANDS}
   * @param sexo {@code 'M'}, {@code 'F'}, or 0 when unknown
   * @param customer the customer's number in silver, or -1 when missing from silver
   * @param customerId the sale's {@code id_cliente}, what tells missing customers apart
   */
  void addProfile(int band, char sexo, long cents, int customer, long customerId) {
    int g = byProfile.group(key(band, sexo));
    long[] sums = byProfile.sums();
    sums[g]++;
    sums[g + 1] += cents;
    int profile = profile(band, sexo);
    if (customer >= 0) {
      long[] bits = profileCustomers[profile];
      if (bits == null) {
        bits = new long[(customers + 63) / 64];
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

  /**
   * Writes the table's rows, in key order, and closes the writer (drops its file on failure);
   * returns their revenue in cents.
   */
  long write(GoldTable table, LakeParquetWriter<GenericRecord> writer) {
    try {
      long cents = rows(table, writer::write);
      writer.close();
      return cents;
    } catch (RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /**
   * Hands the table's rows to {@code out} in key order, one record refilled for each; returns their
   * revenue in cents.
   */
  long rows(GoldTable table, Consumer<? super GenericData.Record> out) {
    return switch (table) {
      case RECEITA_LOJA_MES -> rows(table, byStoreMonth, this::fillStoreMonth, out);
      case RECEITA_PRODUTO_MES -> rows(table, byProductMonth, this::fillProductMonth, out);
      case EFEITO_PROMOCAO -> rows(table, byPromotionMonth, this::fillPromotionMonth, out);
      case STATUS_PAGAMENTO -> rows(table, byPaidMonth, this::fillPaidMonth, out);
      case PERFIL_CLIENTES -> rows(table, byProfile, this::fillProfile, out);
      case WIDE_VENDAS,
          VENDAS_DIARIAS,
          CALENDARIO,
          PREVISAO_VENDAS,
          PREVISAO_ACURACIA,
          EFEITO_PROMOCAO_ESTIMADO ->
          throw new IllegalArgumentException(table.tableName() + " is not an aggregate of gold");
    };
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

  private static long rows(
      GoldTable table,
      LongKeyedSums groups,
      RowFiller filler,
      Consumer<? super GenericData.Record> out) {
    GenericData.Record row = new GenericData.Record(table.schema());
    long cents = 0;
    for (long group : groups.sortedKeys()) {
      cents += filler.fill(group, groups.sums(), groups.existing(group), row);
      out.accept(row);
    }
    return cents;
  }

  private long fillStoreMonth(long k, long[] v, int i, GenericData.Record r) {
    int store = (int) (k >>> 32);
    r.put("id_loja", store);
    r.put("cidade", stores.get(store).cidadeUtf8());
    r.put("mes", monthName((int) k));
    r.put("n_vendas", v[i]);
    r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
    return v[i + 1];
  }

  private long fillProductMonth(long k, long[] v, int i, GenericData.Record r) {
    int product = (int) (k >>> 32);
    r.put("id_produto", product);
    r.put("produto", products.get(product).produtoUtf8());
    r.put("mes", monthName((int) k));
    r.put("n_vendas", v[i]);
    r.put("quantidade", v[i + 1]);
    r.put("receita", BigDecimal.valueOf(v[i + 2], 2));
    return v[i + 2];
  }

  private long fillPromotionMonth(long k, long[] v, int i, GenericData.Record r) {
    r.put("promocao", (k >>> 32) == 1);
    r.put("mes", monthName((int) k));
    r.put("n_vendas", v[i]);
    r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
    r.put(
        "ticket_medio",
        BigDecimal.valueOf(v[i + 1], 2).divide(BigDecimal.valueOf(v[i]), 2, RoundingMode.HALF_UP));
    return v[i + 1];
  }

  private long fillPaidMonth(long k, long[] v, int i, GenericData.Record r) {
    r.put("pago", (k >>> 32) == 1);
    r.put("mes", monthName((int) k));
    r.put("n_vendas", v[i]);
    r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
    r.put("media_dias_para_pagamento", v[i + 3] == 0 ? null : average(v[i + 2], v[i + 3], 2));
    return v[i + 1];
  }

  private long fillProfile(long k, long[] v, int i, GenericData.Record r) {
    int band = (int) (k >>> 32);
    char sex = (char) (int) k;
    r.put("faixa_etaria", GoldCalendar.AGE_BANDS[band]);
    r.put("sexo", Dimensions.sexoUtf8(sex));
    r.put("n_clientes", distinctCustomers(profile(band, sex)));
    r.put("n_vendas", v[i]);
    r.put("receita", BigDecimal.valueOf(v[i + 1], 2));
    return v[i + 1];
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

  private static int profile(int band, char sexo) {
    return band * 3 + (sexo == 'M' ? 1 : sexo == 'F' ? 2 : 0);
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  private String monthName(int index) {
    return monthNames.computeIfAbsent(index, GoldCalendar::monthName);
  }
}
