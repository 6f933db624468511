package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.sample.SampleDataGenerator.Options;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.csv.CsvDialectReader;
import com.salestech.model.rules.ColumnRules;
import com.salestech.model.rules.RowParser;
import com.salestech.model.rules.RowParser.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports of {@code --demand retail}, read with the pipeline's own CSV reader and column rules
 * (common-model's {@link CsvDialectReader} and {@link RowParser}, the first valid row of a key
 * winning as in silver): they hold exactly the in-memory draw, the manifest counts what they hold,
 * and the dirt is that of the uniform exports.
 */
class RetailGenerationTests {

  private static final long SALES = 50_000;

  /** High enough that every kind of dirt shows up. */
  private static final double HIGH_DIRT = 0.02;

  private static final Options RETAIL = Options.retail(SALES, 5).withDirtRate(HIGH_DIRT);

  private static final Map<Table, String> FILES =
      Map.of(
          Table.CLIENTES, SampleDataGenerator.CLIENTES_FILE,
          Table.LOJAS, SampleDataGenerator.LOJAS_FILE,
          Table.PRODUTOS, SampleDataGenerator.PRODUTOS_FILE,
          Table.VENDAS, SampleDataGenerator.VENDAS_FILE,
          Table.PAGAMENTOS, SampleDataGenerator.PAGAMENTOS_FILE,
          Table.VENDA_PROMOCAO, SampleDataGenerator.VENDA_PROMOCAO_FILE);

  @TempDir Path dir;

  @Test
  void theSameOptionsWriteTheSameBytesAndTruth(@TempDir Path again, @TempDir Path other)
      throws IOException {
    SampleDataGenerator.generate(RETAIL, dir);
    SampleDataGenerator.generate(RETAIL, again);
    SampleDataGenerator.generate(Options.retail(SALES, 6).withDirtRate(HIGH_DIRT), other);

    for (String file : files()) {
      assertThat(Files.readAllBytes(again.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(dir.resolve(file)));
    }
    for (String file :
        List.of(
            SampleDataGenerator.VENDAS_FILE,
            SampleDataGenerator.VENDA_PROMOCAO_FILE,
            "truth.json")) {
      assertThat(Files.readAllBytes(other.resolve(file)))
          .as(file)
          .isNotEqualTo(Files.readAllBytes(dir.resolve(file)));
    }
  }

  @Test
  void theFilesHoldExactlyTheDraw() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(RETAIL, dir);
    DemandDraw draw = RetailDemand.simulate(RETAIL);
    DemandTruth truth = draw.truth();

    Map<Long, GenericData.Record> sales = read(Table.VENDAS).rows();
    long total = draw.totalUnits();
    assertThat(sales.keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(manifest.sales()).isEqualTo(total).isEqualTo(truth.sales());
    assertThat(total).isBetween(SALES * 97 / 100, SALES * 103 / 100);

    int[][][] units = new int[truth.days()][11][11];
    long previousOrder = -1;
    long junk = 0;
    for (GenericData.Record sale : sales.values()) {
      int day = (int) ((Integer) sale.get("dt_venda") - truth.start().toEpochDay());
      int store = (Integer) sale.get("id_loja");
      int product = (Integer) sale.get("id_produto");
      assertThat(day).isBetween(0, truth.days() - 1);
      assertThat((Long) sale.get("id_cliente")).isBetween(1L, total);
      units[day][store][product]++;
      junk += product == 10 ? 1 : 0;
      // ids run through days, then stores, then products
      long order = ((long) day * 11 + store) * 11 + product;
      assertThat(order).isGreaterThanOrEqualTo(previousOrder);
      previousOrder = order;
    }
    assertThat(manifest.junkProductSales()).isEqualTo(junk).isPositive();

    Map<Long, GenericData.Record> flags = read(Table.VENDA_PROMOCAO).rows();
    assertThat(flags.keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 3 * total).boxed().toList());
    int[][][] promoted = new int[truth.days()][11][11];
    long promotedSales = 0;
    for (GenericData.Record sale : sales.values()) {
      if ((Boolean) flags.get((Long) sale.get("id")).get("promocao")) {
        int day = (int) ((Integer) sale.get("dt_venda") - truth.start().toEpochDay());
        promoted[day][(Integer) sale.get("id_loja")][(Integer) sale.get("id_produto")]++;
        promotedSales++;
      }
    }
    assertThat(manifest.promotedSales())
        .isEqualTo(promotedSales)
        .isEqualTo(draw.totalPromotedUnits());

    for (int day = 0; day < truth.days(); day++) {
      for (int store = 1; store <= 10; store++) {
        for (int product = 1; product <= 10; product++) {
          assertThat(units[day][store][product])
              .as("units of store %d, product %d, day %d", store, product, day)
              .isEqualTo(draw.units(store, product, day));
          assertThat(promoted[day][store][product])
              .as("promoted of store %d, product %d, day %d", store, product, day)
              .isEqualTo(draw.promotedUnits(store, product, day));
        }
      }
    }
  }

  @Test
  void theManifestCountsWhatTheFilesHold() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(RETAIL, dir);

    for (Table table : Table.values()) {
      assertThat(read(table).counts()).as(table.tableName()).isEqualTo(manifest.counts(table));
    }
    Map<Long, GenericData.Record> payments = read(Table.PAGAMENTOS).rows();
    assertThat(manifest.paidSales())
        .isEqualTo(payments.values().stream().map(p -> p.get("id_venda")).distinct().count());
    assertThat(read(Table.CLIENTES).rows()).hasSize((int) manifest.sales());
  }

  @Test
  void theDirtIsTheUniformExportsDirt() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(RETAIL, dir);

    TableCounts clientes = manifest.counts(Table.CLIENTES);
    assertThat(List.of(clientes.badIds(), clientes.duplicates(), clientes.optionalWarnings()))
        .allMatch(n -> n > 0);
    for (Table table : List.of(Table.VENDAS, Table.PAGAMENTOS)) {
      TableCounts counts = manifest.counts(table);
      assertThat(List.of(counts.badDates(), counts.badIds(), counts.duplicates()))
          .as(table.tableName())
          .allMatch(n -> n > 0);
    }
    TableCounts promotions = manifest.counts(Table.VENDA_PROMOCAO);
    assertThat(List.of(promotions.badIds(), promotions.invalidValues(), promotions.duplicates()))
        .allMatch(n -> n > 0);
    assertThat(manifest.counts(Table.PRODUTOS).pricesOutOfRange()).isEqualTo(1);
    assertThat(manifest.counts(Table.PAGAMENTOS).emptyRows()).isPositive();
    // about 2% of the sales rows are dirty, as in uniform mode
    double dirtyShare =
        manifest.counts(Table.VENDAS).quarantined()
            / (double) manifest.counts(Table.VENDAS).dataLines();
    assertThat(dirtyShare).isBetween(0.016, 0.024);
  }

  @Test
  void paymentsFollowTheirSalesInsideTheWindow() throws IOException {
    LocalDate start = LocalDate.of(2022, 2, 1);
    Options options =
        RETAIL.withDemand(Demand.Retail.DEFAULT.withStart(start).withDays(90).withUplift(0));
    Manifest manifest = SampleDataGenerator.generate(options, dir);

    Map<Long, GenericData.Record> sales = read(Table.VENDAS).rows();
    assertThat(sales).hasSize((int) manifest.sales());
    for (GenericData.Record payment : read(Table.PAGAMENTOS).rows().values()) {
      GenericData.Record sale = sales.get((Long) payment.get("id_venda"));
      assertThat(sale).isNotNull();
      int delay = (Integer) payment.get("dt_pgto") - (Integer) sale.get("dt_venda");
      assertThat(delay).isBetween(0, 45);
    }
    assertThat(sales.values().stream().map(s -> LocalDate.ofEpochDay((Integer) s.get("dt_venda"))))
        .allMatch(day -> !day.isBefore(start) && day.isBefore(start.plusDays(90)));
    assertThat(DemandTruth.read(dir.resolve("truth.json")))
        .isEqualTo(RetailDemand.simulate(options).truth());
  }

  @Test
  void truthJsonIsTheSimulationsAndUniformModeRemovesIt() throws IOException {
    SampleDataGenerator.generate(RETAIL, dir);
    assertThat(DemandTruth.read(dir.resolve(SampleDataGenerator.TRUTH_FILE)))
        .isEqualTo(RetailDemand.simulate(RETAIL).truth());

    SampleDataGenerator.generate(Options.of(1_000, 5), dir);
    assertThat(dir.resolve(SampleDataGenerator.TRUTH_FILE)).doesNotExist();
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(FILES.values());
  }

  private List<String> files() {
    List<String> files = new java.util.ArrayList<>(FILES.values());
    files.add(SampleDataGenerator.TRUTH_FILE);
    return files;
  }

  /**
   * What silver makes of one export: its counts, and its rows by key, the first valid one winning.
   */
  private record Parsed(TableCounts counts, Map<Long, GenericData.Record> rows) {}

  private Parsed read(Table table) throws IOException {
    long lines = 0;
    long empty = 0;
    long badDates = 0;
    long badIds = 0;
    long invalid = 0;
    long prices = 0;
    long duplicates = 0;
    Map<Long, GenericData.Record> rows = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(dir.resolve(FILES.get(table)));
        CsvDialectReader reader = new CsvDialectReader(in)) {
      RowParser parser = new RowParser(table, reader.header(), ColumnRules.DEFAULT_MAX_PRICE);
      while (reader.next()) {
        lines++;
        GenericData.Record row = new GenericData.Record(SilverSchemas.of(table));
        Outcome outcome = parser.parse(reader.record(), row);
        if (outcome == Outcome.EMPTY) {
          empty++;
        } else if (outcome == Outcome.VALID) {
          duplicates += rows.putIfAbsent(parser.key(), row) == null ? 0 : 1;
        } else {
          switch (parser.reason()) {
            case BAD_DATE -> badDates++;
            case BAD_INTEGER -> badIds++;
            case INVALID_VALUE -> invalid++;
            case PRICE_OUT_OF_RANGE -> prices++;
            default -> throw new AssertionError(table + " line " + lines + ": " + parser.reason());
          }
        }
      }
      long warnings = parser.warnings().values().stream().mapToLong(Long::longValue).sum();
      TableCounts counts =
          new TableCounts(
              FILES.get(table),
              lines,
              empty,
              badDates,
              badIds,
              invalid,
              prices,
              duplicates,
              warnings);
      return new Parsed(counts, rows);
    }
  }
}
