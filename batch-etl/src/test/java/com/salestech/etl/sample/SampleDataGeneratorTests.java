package com.salestech.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.etl.sample.SampleDataGenerator.Options;
import com.salestech.model.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the generated exports against the dialect of the real ones and re-derives the {@link
 * Manifest} from the files with DATA-CONTRACT §2's rules, written here independently of the
 * pipeline's parsers.
 */
class SampleDataGeneratorTests {

  private static final int SALES = 2_000;

  /** High enough that every kind of dirt shows up in 2,000 sales. */
  private static final double HIGH_DIRT = 0.02;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static final DateTimeFormatter DAY_FIRST = strict("d/M/uuuu");
  private static final DateTimeFormatter PADDED_DAY_FIRST = strict("dd/MM/uuuu");
  private static final DateTimeFormatter MONTH_FIRST = strict("M/d/uuuu");

  private static final Map<Table, String> FILES =
      Map.of(
          Table.CLIENTES, "caso_estudo_clientes.csv",
          Table.LOJAS, "caso_estudo_lojas.csv",
          Table.PRODUTOS, "caso_estudo_produtos.csv",
          Table.VENDAS, "caso_estudo_vendas.csv",
          Table.PAGAMENTOS, "caso_estudo_pagamentos.csv",
          Table.VENDA_PROMOCAO, "caso_estudo_venda_promocao.csv");

  private static final Map<Table, String> HEADERS =
      Map.of(
          Table.CLIENTES, "id;nome;sexo;dt_nasc",
          Table.LOJAS, "id;cidade",
          Table.PRODUTOS, "id;produto;valor",
          Table.VENDAS, "id;id_cliente;id_loja;id_produto;dt_venda",
          Table.PAGAMENTOS, "id;id_venda;dt_pgto",
          Table.VENDA_PROMOCAO, "id_venda;promoção");

  /** How a column is read, after DATA-CONTRACT §2. */
  private enum Rule {
    ID,
    TEXT,
    PRICE,
    DAY_FIRST_DATE,
    FLAG,
    OPTIONAL_TEXT,
    OPTIONAL_SEX,
    OPTIONAL_MONTH_FIRST_DATE
  }

  private static final Map<Table, List<Rule>> RULES =
      Map.of(
          Table.CLIENTES,
          List.of(Rule.ID, Rule.OPTIONAL_TEXT, Rule.OPTIONAL_SEX, Rule.OPTIONAL_MONTH_FIRST_DATE),
          Table.LOJAS,
          List.of(Rule.ID, Rule.TEXT),
          Table.PRODUTOS,
          List.of(Rule.ID, Rule.TEXT, Rule.PRICE),
          Table.VENDAS,
          List.of(Rule.ID, Rule.ID, Rule.ID, Rule.ID, Rule.DAY_FIRST_DATE),
          Table.PAGAMENTOS,
          List.of(Rule.ID, Rule.ID, Rule.DAY_FIRST_DATE),
          Table.VENDA_PROMOCAO,
          List.of(Rule.ID, Rule.FLAG));

  @TempDir Path dir;

  @Test
  void sameSeedWritesByteIdenticalFiles(@TempDir Path again) throws IOException {
    SampleDataGenerator.generate(new Options(SALES, 7, HIGH_DIRT), dir);
    SampleDataGenerator.generate(new Options(SALES, 7, HIGH_DIRT), again);

    for (String file : FILES.values()) {
      assertThat(Files.readAllBytes(again.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(dir.resolve(file)));
    }
  }

  @Test
  void anotherSeedWritesOtherFiles(@TempDir Path other) throws IOException {
    SampleDataGenerator.generate(Options.of(SALES, 7), dir);
    SampleDataGenerator.generate(Options.of(SALES, 8), other);

    for (Table table : List.of(Table.CLIENTES, Table.VENDAS, Table.PAGAMENTOS)) {
      assertThat(Files.readAllBytes(other.resolve(FILES.get(table))))
          .as(table.tableName())
          .isNotEqualTo(Files.readAllBytes(dir.resolve(FILES.get(table))));
    }
  }

  @Test
  void filesUseTheRetailersDialect() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(Options.of(SALES, 1), dir);

    for (Table table : Table.values()) {
      String file = FILES.get(table);
      byte[] bytes = Files.readAllBytes(dir.resolve(file));
      assertThat(Arrays.copyOf(bytes, 3)).as(file).isEqualTo(BOM);
      String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
      assertThat(text).as(file).startsWith(HEADERS.get(table) + "\r\n").endsWith("\r\n");
      assertThat(text.replace("\r\n", "")).as(file).doesNotContain("\r", "\n", "\"");
      assertThat(manifest.counts(table).fileName()).isEqualTo(file);
    }
  }

  @Test
  void manifestCountsWhatTheFilesHold() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 11, HIGH_DIRT), dir);

    for (Table table : Table.values()) {
      assertThat(silver(table).counts()).as(table.tableName()).isEqualTo(manifest.counts(table));
    }
    assertThat(manifest.tables()).containsOnlyKeys(Table.values());
    assertThat(manifest.sales()).isEqualTo(SALES);
  }

  @Test
  void everyKindOfDirtIsInjected() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 11, HIGH_DIRT), dir);

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
  }

  @Test
  void withoutDirtEveryRowIsValid() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 3, 0), dir);

    for (Table table : List.of(Table.CLIENTES, Table.VENDAS, Table.VENDA_PROMOCAO)) {
      TableCounts counts = manifest.counts(table);
      assertThat(counts.expectedValid()).as(table.tableName()).isEqualTo(counts.dataLines());
    }
    assertThat(manifest.counts(Table.VENDAS).dataLines()).isEqualTo(SALES);
    assertThat(manifest.counts(Table.VENDA_PROMOCAO).dataLines()).isEqualTo(3L * SALES);
    assertThat(manifest.counts(Table.CLIENTES).optionalWarnings()).isZero();
    assertThat(manifest.counts(Table.PAGAMENTOS).quarantined()).isZero();
  }

  @Test
  void validKeysAreExactlyTheCleanRanges() throws IOException {
    SampleDataGenerator.generate(new Options(SALES, 5, HIGH_DIRT), dir);

    assertThat(silver(Table.CLIENTES).rows().keySet()).isEqualTo(range(SALES));
    assertThat(silver(Table.VENDAS).rows().keySet()).isEqualTo(range(SALES));
    assertThat(silver(Table.VENDA_PROMOCAO).rows().keySet()).isEqualTo(range(3L * SALES));
    assertThat(silver(Table.LOJAS).rows().keySet()).isEqualTo(range(10));
    assertThat(silver(Table.PRODUTOS).rows().keySet()).isEqualTo(range(9));
  }

  @Test
  void validSalesReferToCustomersStoresAndProductsAndArePaddedDates() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 5, HIGH_DIRT), dir);

    Map<Long, String[]> sales = silver(Table.VENDAS).rows();
    for (String[] sale : sales.values()) {
      assertThat(Long.parseLong(sale[1])).isBetween(1L, (long) SALES);
      assertThat(Long.parseLong(sale[2])).isBetween(1L, 10L);
      assertThat(Long.parseLong(sale[3])).isBetween(1L, 10L);
      assertThat(LocalDate.parse(sale[4], PADDED_DAY_FIRST).getYear()).isBetween(2018, 2020);
    }
    long ofJunkProduct = sales.values().stream().filter(s -> s[3].equals("10")).count();
    assertThat(manifest.junkProductSales()).isEqualTo(ofJunkProduct);
    assertThat(ofJunkProduct).isBetween(SALES / 10 - 60L, SALES / 10 + 60L);
  }

  @Test
  void paymentsFollowTheirSalesAndEndWithEmptyRows() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 9, HIGH_DIRT), dir);

    Map<Long, String[]> sales = silver(Table.VENDAS).rows();
    Map<Long, String[]> payments = silver(Table.PAGAMENTOS).rows();
    for (String[] payment : payments.values()) {
      String[] sale = sales.get(Long.parseLong(payment[1]));
      assertThat(sale).as("sale of payment %s", payment[0]).isNotNull();
      long delay =
          ChronoUnit.DAYS.between(
              LocalDate.parse(sale[4], PADDED_DAY_FIRST),
              LocalDate.parse(payment[2], PADDED_DAY_FIRST));
      assertThat(delay).isBetween(0L, 45L);
    }
    Set<String> paid = payments.values().stream().map(p -> p[1]).collect(Collectors.toSet());
    assertThat(manifest.paidSales()).isEqualTo(paid.size());
    assertThat(paid.size()).isBetween((int) (SALES * 0.80), (int) (SALES * 0.89));

    List<String[]> lines = lines(Table.PAGAMENTOS);
    long emptyRows = manifest.counts(Table.PAGAMENTOS).emptyRows();
    assertThat(emptyRows)
        .isEqualTo(Math.round((lines.size() - emptyRows) * 12.0 / 844))
        .isPositive();
    assertThat(lines.subList(lines.size() - (int) emptyRows, lines.size()))
        .allMatch(row -> String.join(";", row).equals(";;"));
  }

  @Test
  void promotionsHaveThreeRowsPerSale() throws IOException {
    Manifest manifest = SampleDataGenerator.generate(new Options(SALES, 4, 0), dir);

    List<String[]> lines = lines(Table.VENDA_PROMOCAO);
    assertThat(lines).hasSize(3 * SALES);
    assertThat(lines.stream().map(row -> Long.parseLong(row[0])))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 3L * SALES).boxed().toList());
    long ones = lines.stream().filter(row -> row[1].equals("1")).count();
    assertThat(ones).isBetween((long) (3 * SALES * 0.37), (long) (3 * SALES * 0.43));
    long promotedSales =
        lines.stream().filter(row -> row[1].equals("1") && Long.parseLong(row[0]) <= SALES).count();
    assertThat(manifest.promotedSales()).isEqualTo(promotedSales);
  }

  @Test
  void storesAndProductsAreTheRetailers() throws IOException {
    SampleDataGenerator.generate(Options.of(SALES, 2), dir);

    assertThat(lines(Table.LOJAS))
        .hasSize(10)
        .anyMatch(row -> row[1].equals("São Paulo"))
        .anyMatch(row -> row[1].equals("Brasília"));
    assertThat(lines(Table.PRODUTOS).stream().map(row -> String.join(";", row)))
        .hasSize(10)
        .contains("5;monitor;1500.0", "3;laptop básico;2300")
        .last()
        .isEqualTo("10;xxx-231a;3211352");
  }

  @Test
  void customersLookLikeTheRealExport() throws IOException {
    SampleDataGenerator.generate(new Options(20_000, 6, 0), dir);

    List<String[]> customers = lines(Table.CLIENTES);
    assertThat(customers).allMatch(row -> row[1].isEmpty() || row[1].matches("\\S+ \\S+"));
    assertThat(customers).allMatch(row -> row[2].isEmpty() || row[2].matches("[MF]"));
    assertThat(customers)
        .allMatch(row -> row[3].isEmpty() || row[3].matches("[1-9]\\d?/[1-9]\\d?/\\d{4}"));
    assertThat(customers)
        .anyMatch(row -> row[1].startsWith("Júlio "))
        .anyMatch(row -> row[1].endsWith(" Gonçalves"));
    for (int column = 1; column <= 3; column++) {
      int c = column;
      long empty = customers.stream().filter(row -> row[c].isEmpty()).count();
      assertThat(empty).as("empty column %d", c).isBetween(40L, 130L);
    }
  }

  @Test
  void optionsRejectTooFewSalesAndWildDirt() {
    assertThat(Options.of(10, 1).dirtRate()).isEqualTo(0.001);
    assertThatThrownBy(() -> Options.of(9, 1)).hasMessageContaining("sales");
    assertThatThrownBy(() -> new Options(100, 1, -0.1)).hasMessageContaining("dirtRate");
    assertThatThrownBy(() -> new Options(100, 1, Double.NaN)).hasMessageContaining("dirtRate");
  }

  /** What silver keeps of one export, and the counts it reaches on the way. */
  private record Silver(TableCounts counts, Map<Long, String[]> rows) {}

  private Silver silver(Table table) throws IOException {
    List<Rule> rules = RULES.get(table);
    long emptyRows = 0;
    long badDates = 0;
    long badIds = 0;
    long invalidValues = 0;
    long prices = 0;
    long duplicates = 0;
    long warnings = 0;
    Map<Long, String[]> kept = new LinkedHashMap<>();
    List<String[]> lines = lines(table);
    for (String[] row : lines) {
      assertThat(row).hasSize(rules.size());
      if (Arrays.stream(row).allMatch(String::isEmpty)) {
        emptyRows++;
        continue;
      }
      Rule failed = null;
      for (int c = 0; c < rules.size() && failed == null; c++) {
        String value = row[c].trim();
        Rule rule = rules.get(c);
        switch (rule) {
          case ID -> failed = isId(value) ? null : rule;
          case TEXT -> failed = value.isEmpty() ? rule : null;
          case PRICE -> failed = isPrice(value) ? null : rule;
          case DAY_FIRST_DATE -> failed = isDate(value, DAY_FIRST) ? null : rule;
          case FLAG -> failed = value.matches("[01]") ? null : rule;
          case OPTIONAL_TEXT -> {}
          case OPTIONAL_SEX -> warnings += value.isEmpty() || value.matches("[MF]") ? 0 : 1;
          case OPTIONAL_MONTH_FIRST_DATE ->
              warnings += value.isEmpty() || isDate(value, MONTH_FIRST) ? 0 : 1;
        }
      }
      if (failed == null) {
        duplicates += kept.putIfAbsent(Long.parseLong(row[0]), row) == null ? 0 : 1;
        continue;
      }
      switch (failed) {
        case ID -> badIds++;
        case DAY_FIRST_DATE -> badDates++;
        case FLAG -> invalidValues++;
        case PRICE -> prices++;
        default -> throw new AssertionError("unexpected failure of " + failed);
      }
    }
    TableCounts counts =
        new TableCounts(
            FILES.get(table),
            lines.size(),
            emptyRows,
            badDates,
            badIds,
            invalidValues,
            prices,
            duplicates,
            warnings);
    return new Silver(counts, kept);
  }

  /** The data lines of an export, split on {@code ;}, after its dialect is checked. */
  private List<String[]> lines(Table table) throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve(FILES.get(table)));
    assertThat(Arrays.copyOf(bytes, 3)).isEqualTo(BOM);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\r\n");
    List<String> all = List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
    assertThat(all.get(0)).isEqualTo(HEADERS.get(table));
    List<String[]> rows = new ArrayList<>();
    for (String line : all.subList(1, all.size())) {
      rows.add(line.split(";", -1));
    }
    return rows;
  }

  private static boolean isId(String value) {
    return value.matches("\\d{1,18}") && Long.parseLong(value) > 0;
  }

  private static boolean isPrice(String value) {
    if (!value.matches("\\d+(\\.\\d+)?")) {
      return false;
    }
    double reais = Double.parseDouble(value);
    return reais > 0 && reais <= 100_000;
  }

  private static boolean isDate(String value, DateTimeFormatter format) {
    try {
      LocalDate.parse(value, format);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Set<Long> range(long last) {
    return LongStream.rangeClosed(1, last).boxed().collect(Collectors.toSet());
  }

  private static DateTimeFormatter strict(String pattern) {
    return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
  }
}
