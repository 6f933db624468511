package com.salestech.etl.sample;

import com.salestech.model.Table;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the retailer's six CSV exports (DATA-CONTRACT §1.1) in their exact dialect, at any size,
 * from a seed, so the pipeline can be tried and load-tested without the real files. The same {@link
 * Options} always give byte-identical files.
 *
 * <p>Valid sales are ids {@code 1..sales} in order and valid customers {@code 1..sales}; stores and
 * products are the retailer's ten, product 10 being the junk row priced out of range. After a clean
 * row, at {@link Options#dirtRate()}, the generator adds one dirty row with exactly one problem: a
 * date that is not a calendar date, an id that is not an id, a promotion flag that is not a flag,
 * or the key of an earlier clean row again. Dirty rows use keys no valid row uses (or repeat a
 * clean one), so the valid sets stay known and the {@link Manifest} counts are exact. A customer's
 * bad birth date is the exception: the row is kept with a null date and counted as a warning.
 *
 * <p>Tables are written in parallel, each from its own random stream, and rows go straight to
 * bytes, so ten million sales take seconds, not minutes.
 *
 * <p>By default ({@link Demand#UNIFORM}) each valid sale's store, product and day are drawn evenly
 * and its promotion flag means nothing. With {@link Demand.Retail} they come from {@link
 * RetailDemand}'s draw instead: sale ids run through its counts by day, then store, then product,
 * the flags of sales {@code 1..sales} are its promoted counts, and {@code truth.json} beside the
 * exports says what drove them ({@link DemandTruth}). Everything else, customers, payments, the
 * orphan promotion rows and every kind and rate of dirt, is written as in uniform mode.
 */
public final class SampleDataGenerator {

  public static final double DEFAULT_DIRT_RATE = 0.001;
  public static final long MIN_SALES = 10;

  /** Keeps {@code 3 × sales} plus the dirty rows' keys far from overflow. */
  public static final long MAX_SALES = 1_000_000_000_000L;

  public static final String CLIENTES_FILE = "caso_estudo_clientes.csv";
  public static final String LOJAS_FILE = "caso_estudo_lojas.csv";
  public static final String PRODUTOS_FILE = "caso_estudo_produtos.csv";
  public static final String VENDAS_FILE = "caso_estudo_vendas.csv";
  public static final String PAGAMENTOS_FILE = "caso_estudo_pagamentos.csv";
  public static final String VENDA_PROMOCAO_FILE = "caso_estudo_venda_promocao.csv";

  /** Only with retail demand: {@link DemandTruth}. */
  public static final String TRUTH_FILE = DemandTruth.FILE_NAME;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  // Rates measured on the real exports.
  /** 4 of 1,000 customers lack each of nome, sexo and dt_nasc. */
  private static final double EMPTY_OPTIONAL_RATE = 0.004;

  /** 844 of 1,000 sales have a payment. */
  private static final double PAID_RATE = 0.844;

  /** Rare enough to stay an edge case: gold must count the earliest payment only. */
  private static final double SECOND_PAYMENT_RATE = 0.005;

  /** Real payments fall 0 to 45 days after the sale, evenly. */
  private static final int MAX_PAYMENT_DELAY_DAYS = 45;

  /** 1,180 of 3,000 promotion rows say 1. */
  private static final double PROMOTION_RATE = 0.4;

  /** The real promotion file has 3,000 rows for 1,000 sales. */
  private static final int PROMOTION_ROWS_PER_SALE = 3;

  /** The real payments file ends with 12 empty rows after 844 payments. */
  private static final long EMPTY_PAYMENT_ROWS = 12;

  private static final long PAYMENT_ROWS = 844;

  private static final int STORES = Vocabulary.CITIES.length;
  private static final int PRODUCTS = Vocabulary.PRODUCTS.length;
  private static final int JUNK_PRODUCT = PRODUCTS;

  private static final LocalDate FIRST_SALE_DAY = LocalDate.of(2018, 1, 1);
  private static final LocalDate LAST_SALE_DAY = LocalDate.of(2020, 9, 30);
  private static final int SALE_DAYS =
      (int) (LAST_SALE_DAY.toEpochDay() - FIRST_SALE_DAY.toEpochDay()) + 1;
  private static final int FIRST_BIRTH_YEAR = 1934;
  private static final int LAST_BIRTH_YEAR = 2003;

  /** Sale days and the payment days after them, as {@code dd/MM/yyyy}. */
  private static final byte[][] SALE_DATES =
      Vocabulary.dayFirstDates(FIRST_SALE_DAY, LAST_SALE_DAY.plusDays(MAX_PAYMENT_DELAY_DAYS));

  private static final byte[][] BIRTH_DATES =
      Vocabulary.monthFirstDates(
          LocalDate.of(FIRST_BIRTH_YEAR, 1, 1), LocalDate.of(LAST_BIRTH_YEAR, 12, 31));

  private static final Dirt[] CUSTOMER_DIRT = {Dirt.OPTIONAL_WARNING, Dirt.BAD_ID, Dirt.DUPLICATE};
  private static final Dirt[] SALE_DIRT = {Dirt.BAD_DATE, Dirt.BAD_ID, Dirt.DUPLICATE};
  private static final Dirt[] PAYMENT_DIRT = {Dirt.BAD_DATE, Dirt.BAD_ID, Dirt.DUPLICATE};
  private static final Dirt[] PROMOTION_DIRT = {Dirt.BAD_ID, Dirt.INVALID_VALUE, Dirt.DUPLICATE};

  private static final int NO_JUNK = -1;

  /** EX_USAGE of {@code sysexits.h}, the CLI's status for a wrong command line. */
  private static final int USAGE_ERROR = 64;

  private SampleDataGenerator() {}

  /**
   * What to generate.
   *
   * @param sales valid sales, and valid customers; at least {@link #MIN_SALES}. With {@link
   *     Demand.Retail} demand, the expected number: the number drawn, and written, varies around it
   *     ({@link Manifest#sales()})
   * @param seed the same seed gives the same bytes
   * @param dirtRate the chance that a clean row of clientes, vendas, pagamentos or venda_promocao
   *     is followed by a dirty one, in {@code [0, 0.5]}
   * @param demand how sales spread over stores, products and days
   */
  public record Options(long sales, long seed, double dirtRate, Demand demand) {

    /**
     * Keeps one store's sales of one product on one day far below 2^31, whatever the weights and
     * the uplift.
     */
    public static final long MAX_RETAIL_SALES_PER_DAY = 10_000_000;

    public Options {
      Objects.requireNonNull(demand, "demand");
      if (sales < MIN_SALES || sales > MAX_SALES) {
        throw new IllegalArgumentException(
            "sales must be between " + MIN_SALES + " and " + MAX_SALES + ", was " + sales);
      }
      if (!(dirtRate >= 0 && dirtRate <= 0.5)) {
        throw new IllegalArgumentException("dirtRate must be between 0 and 0.5, was " + dirtRate);
      }
      if (demand instanceof Demand.Retail retail
          && sales / retail.days() > MAX_RETAIL_SALES_PER_DAY) {
        throw new IllegalArgumentException(
            "sales must be at most "
                + MAX_RETAIL_SALES_PER_DAY
                + " a day with retail demand, was "
                + sales
                + " over "
                + retail.days()
                + " days");
      }
    }

    /** Sales spread evenly: the generator's output before it had retail demand, to the byte. */
    public Options(long sales, long seed, double dirtRate) {
      this(sales, seed, dirtRate, Demand.UNIFORM);
    }

    /** The default dirt: one row in a thousand, like a careless but not broken export. */
    public static Options of(long sales, long seed) {
      return new Options(sales, seed, DEFAULT_DIRT_RATE);
    }

    /** The default dirt and the default retail demand ({@link Demand.Retail#DEFAULT}). */
    public static Options retail(long sales, long seed) {
      return new Options(sales, seed, DEFAULT_DIRT_RATE, Demand.Retail.DEFAULT);
    }

    public Options withDemand(Demand demand) {
      return new Options(sales, seed, dirtRate, demand);
    }

    public Options withDirtRate(double dirtRate) {
      return new Options(sales, seed, dirtRate, demand);
    }
  }

  /**
   * Writes the six exports into {@code directory} (created if absent, files replaced) and returns
   * what they hold. With retail demand it writes {@link #TRUTH_FILE} too, the {@link DemandTruth}
   * of {@link RetailDemand#simulate}{@code (options)}, whose counts the exports hold; without, it
   * deletes a {@link #TRUTH_FILE} left there, which would describe other files.
   */
  public static Manifest generate(Options options, Path directory) throws IOException {
    Objects.requireNonNull(options, "options");
    Files.createDirectories(directory);
    DemandDraw draw = null;
    if (options.demand() instanceof Demand.Retail) {
      draw = RetailDemand.simulate(options);
      draw.truth().write(directory.resolve(TRUTH_FILE));
    } else {
      Files.deleteIfExists(directory.resolve(TRUTH_FILE));
    }
    Run run = new Run(options, directory, draw);
    run.writeLojas();
    run.writeProdutos();
    List<Callable<Void>> tasks =
        List.of(
            () -> run.writeVendasAndPagamentos(),
            () -> run.writeVendaPromocao(),
            () -> run.writeClientes());
    int threads = Math.min(tasks.size(), Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        running.add(pool.submit(task));
      }
      for (Future<Void> future : running) {
        await(future, directory);
      }
    } finally {
      pool.shutdownNow();
    }
    return run.manifest();
  }

  private static void await(Future<Void> future, Path directory) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing sample exports to " + directory);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("writing sample exports to " + directory + " failed", cause);
    }
  }

  /** The options of {@code generate}, in the order the usage lists them. */
  private static final List<String> OPTION_NAMES =
      List.of(
          "--sales",
          "--out",
          "--seed",
          "--dirt-rate",
          "--demand",
          "--days",
          "--start",
          "--uplift",
          "--campaigns");

  private static final List<String> RETAIL_OPTION_NAMES =
      List.of("--days", "--start", "--uplift", "--campaigns");

  private static final long DEFAULT_SEED = 42;

  /** The usage of {@code generate}, as {@code batch-etl help} words it. */
  static final String USAGE =
      """
      usage: batch-etl generate --sales N --out DIR [--seed S] [--dirt-rate R]
                [--demand uniform|retail] [--days N] [--start YYYY-MM-DD] [--uplift U]
                [--campaigns random|high-season]
        defaults: seed 42, dirt rate 0.001, demand uniform; with --demand retail:
        730 days from 2018-01-01, uplift 0.3, campaigns random (truth.json beside the exports)
      """;

  /** What the command line asks for: the options and the directory to write into. */
  record Command(Options options, Path out) {}

  /**
   * Reads {@code generate}'s arguments, {@code --name value} or {@code --name=value}.
   *
   * @throws IllegalArgumentException naming the argument that is wrong and why
   */
  static Command parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (!OPTION_NAMES.contains(name)) {
        throw new IllegalArgumentException(
            (arg.startsWith("--") ? "unknown option " : "unexpected argument ") + name);
      }
      String value =
          equals >= 0 ? arg.substring(equals + 1) : i + 1 < args.length ? args[++i] : null;
      if (value == null || value.isEmpty() || OPTION_NAMES.contains(value)) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (given.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    if (!given.containsKey("--sales") || !given.containsKey("--out")) {
      throw new IllegalArgumentException("--sales and --out are required");
    }
    String demandName = given.getOrDefault("--demand", Demand.UNIFORM.label());
    Demand demand;
    if (demandName.equals(Demand.UNIFORM.label())) {
      for (String name : RETAIL_OPTION_NAMES) {
        if (given.containsKey(name)) {
          throw new IllegalArgumentException(name + " needs --demand retail");
        }
      }
      demand = Demand.UNIFORM;
    } else if (demandName.equals(Demand.Retail.DEFAULT.label())) {
      Demand.Retail defaults = Demand.Retail.DEFAULT;
      demand =
          new Demand.Retail(
              given.containsKey("--start") ? date(given, "--start") : defaults.start(),
              given.containsKey("--days")
                  ? (int) whole(given, "--days", Integer.MIN_VALUE, Integer.MAX_VALUE)
                  : defaults.days(),
              given.containsKey("--uplift") ? real(given, "--uplift") : defaults.uplift(),
              given.containsKey("--campaigns")
                  ? CampaignPlacement.fromLabel(given.get("--campaigns"))
                  : defaults.campaigns());
    } else {
      throw new IllegalArgumentException(
          "--demand must be uniform or retail, was '" + demandName + "'");
    }
    Options options =
        new Options(
            whole(given, "--sales", Long.MIN_VALUE, Long.MAX_VALUE),
            given.containsKey("--seed")
                ? whole(given, "--seed", Long.MIN_VALUE, Long.MAX_VALUE)
                : DEFAULT_SEED,
            given.containsKey("--dirt-rate") ? real(given, "--dirt-rate") : DEFAULT_DIRT_RATE,
            demand);
    return new Command(options, Path.of(given.get("--out")));
  }

  private static long whole(Map<String, String> given, String name, long min, long max) {
    String value = given.get(name);
    try {
      long number = Long.parseLong(value.replace("_", ""));
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static double real(Map<String, String> given, String name) {
    String value = given.get(name);
    try {
      double number = Double.parseDouble(value);
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
  }

  private static LocalDate date(Map<String, String> given, String name) {
    String value = given.get(name);
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD, was '" + value + "'");
    }
  }

  /**
   * {@code batch-etl generate}: writes the exports and prints the manifest, the file sizes and the
   * time taken. A wrong argument prints the usage and one line on stderr saying what is wrong, and
   * exits with 64, like the other commands of the CLI.
   */
  public static void main(String[] args) throws IOException {
    Command command;
    try {
      command = parse(args);
    } catch (IllegalArgumentException e) {
      System.out.print(USAGE);
      System.err.println("batch-etl: generate: " + e.getMessage());
      System.exit(USAGE_ERROR);
      return;
    }
    Options options = command.options();
    Path out = command.out();
    long start = System.nanoTime();
    Manifest manifest = generate(options, out);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.print(manifest.describe());
    List<String> files = new ArrayList<>();
    for (TableCounts counts : manifest.tables().values()) {
      files.add(counts.fileName());
    }
    if (options.demand() instanceof Demand.Retail retail) {
      files.add(TRUTH_FILE);
      System.out.printf(
          Locale.ROOT,
          "retail demand: %,d sales drawn for %,d expected, %s to %s, uplift %s, %s campaigns%n",
          manifest.sales(),
          options.sales(),
          retail.start(),
          retail.end(),
          retail.uplift(),
          retail.campaigns().label());
    }
    long total = 0;
    for (String file : files) {
      long size = Files.size(out.resolve(file));
      total += size;
      System.out.printf(Locale.ROOT, "%-32s %,15d bytes%n", file, size);
    }
    System.out.printf(Locale.ROOT, "%-32s %,15d bytes%n", "total", total);
    System.out.printf(Locale.ROOT, "written to %s in %.1f s%n", out.toAbsolutePath(), seconds);
  }

  /** What goes wrong with a row, if anything; each dirty row has one of these and nothing else. */
  private enum Dirt {
    NONE,
    EMPTY_ROW,
    BAD_DATE,
    BAD_ID,
    INVALID_VALUE,
    DUPLICATE,
    OPTIONAL_WARNING
  }

  /** One generation: each {@code write*} method runs on one thread and sets its own fields. */
  private static final class Run {

    private final Path directory;
    private final long sales;
    private final long seed;
    private final double dirtRate;

    /** Retail demand's counts, or null for uniform sales. */
    private final DemandDraw draw;

    /** Sale days, then the payment days after the last, as {@code dd/MM/yyyy}. */
    private final byte[][] saleDates;

    private final int saleDays;
    private final int firstSaleYear;
    private final int lastSaleYear;
    private final Map<Table, TableCounts> counts = new EnumMap<>(Table.class);
    private TableCounts clientes;
    private TableCounts vendas;
    private TableCounts pagamentos;
    private TableCounts vendaPromocao;
    private long paidSales;
    private long promotedSales;
    private long junkProductSales;

    Run(Options options, Path directory, DemandDraw draw) {
      this.directory = directory;
      this.seed = options.seed();
      this.dirtRate = options.dirtRate();
      this.draw = draw;
      if (draw == null) {
        this.sales = options.sales();
        this.saleDates = SALE_DATES;
        this.saleDays = SALE_DAYS;
        this.firstSaleYear = FIRST_SALE_DAY.getYear();
        this.lastSaleYear = LAST_SALE_DAY.getYear();
      } else {
        LocalDate first = draw.truth().start();
        LocalDate last = draw.truth().end();
        this.sales = draw.totalUnits();
        this.saleDates = Vocabulary.dayFirstDates(first, last.plusDays(MAX_PAYMENT_DELAY_DAYS));
        this.saleDays = draw.days();
        this.firstSaleYear = first.getYear();
        this.lastSaleYear = last.getYear();
      }
    }

    /** Called after every task has finished, which publishes their fields to this thread. */
    Manifest manifest() {
      counts.put(Table.CLIENTES, clientes);
      counts.put(Table.VENDAS, vendas);
      counts.put(Table.PAGAMENTOS, pagamentos);
      counts.put(Table.VENDA_PROMOCAO, vendaPromocao);
      return new Manifest(sales, paidSales, promotedSales, junkProductSales, counts);
    }

    void writeLojas() throws IOException {
      try (AsciiWriter out = open(LOJAS_FILE, "id;cidade")) {
        for (int id = 1; id <= STORES; id++) {
          out.writeLong(id);
          out.separator();
          out.write(Vocabulary.utf8(Vocabulary.CITIES[id - 1]));
          out.endLine();
        }
      }
      counts.put(Table.LOJAS, new TableCounts(LOJAS_FILE, STORES, 0, 0, 0, 0, 0, 0, 0));
    }

    void writeProdutos() throws IOException {
      try (AsciiWriter out = open(PRODUTOS_FILE, "id;produto;valor")) {
        for (int id = 1; id <= PRODUCTS; id++) {
          out.writeLong(id);
          out.separator();
          out.write(Vocabulary.utf8(Vocabulary.PRODUCTS[id - 1][0]));
          out.separator();
          out.write(Vocabulary.utf8(Vocabulary.PRODUCTS[id - 1][1]));
          out.endLine();
        }
      }
      counts.put(Table.PRODUTOS, new TableCounts(PRODUTOS_FILE, PRODUCTS, 0, 0, 0, 0, 1, 0, 0));
    }

    Void writeClientes() throws IOException {
      SeededRandom rng = random(Table.CLIENTES);
      Tally tally = new Tally();
      RecentKeys clean = new RecentKeys();
      try (AsciiWriter out = open(CLIENTES_FILE, "id;nome;sexo;dt_nasc")) {
        for (long id = 1; id <= sales; id++) {
          Dirt dirt = roll(rng, CUSTOMER_DIRT);
          out.writeLong(id);
          if (dirt == Dirt.OPTIONAL_WARNING) {
            writePerson(out, rng, false, false);
            writeBadDate(out, rng, Vocabulary.BAD_MONTH_FIRST, FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR);
          } else {
            boolean noName = rng.chance(EMPTY_OPTIONAL_RATE);
            boolean noSex = rng.chance(EMPTY_OPTIONAL_RATE);
            boolean noBirth = rng.chance(EMPTY_OPTIONAL_RATE);
            writePerson(out, rng, noName, noSex);
            if (!noBirth) {
              out.write(BIRTH_DATES[rng.nextInt(BIRTH_DATES.length)]);
            }
            if (!noName && !noSex && !noBirth) {
              clean.add(id);
            }
          }
          out.endLine();
          tally.count(dirt == Dirt.OPTIONAL_WARNING ? dirt : Dirt.NONE);
          if (dirt == Dirt.DUPLICATE && !clean.isEmpty()) {
            out.writeLong(clean.pick(rng));
            tally.count(Dirt.DUPLICATE);
          } else if (dirt == Dirt.DUPLICATE || dirt == Dirt.BAD_ID) {
            writeJunkId(out, rng);
            tally.count(Dirt.BAD_ID);
          } else {
            continue;
          }
          writePerson(out, rng, false, false);
          out.write(BIRTH_DATES[rng.nextInt(BIRTH_DATES.length)]);
          out.endLine();
        }
      }
      clientes = tally.toCounts(CLIENTES_FILE);
      return null;
    }

    /** {@code ;nome;sexo;}, the name matching the sex even when the sex is left out. */
    private static void writePerson(
        AsciiWriter out, SeededRandom rng, boolean noName, boolean noSex) throws IOException {
      boolean male = rng.nextBoolean();
      byte[][] firstNames = male ? Vocabulary.MALE_FIRST_NAMES : Vocabulary.FEMALE_FIRST_NAMES;
      byte[] first = firstNames[rng.nextInt(firstNames.length)];
      byte[] last = Vocabulary.LAST_NAMES[rng.nextInt(Vocabulary.LAST_NAMES.length)];
      out.separator();
      if (!noName) {
        out.write(first);
        out.write(' ');
        out.write(last);
      }
      out.separator();
      if (!noSex) {
        out.write(male ? 'M' : 'F');
      }
      out.separator();
    }

    /**
     * Sales and their payments in one pass, because a payment's date follows its sale's. Each table
     * still draws from its own random stream.
     */
    Void writeVendasAndPagamentos() throws IOException {
      SeededRandom saleRng = random(Table.VENDAS);
      SeededRandom paymentRng = random(Table.PAGAMENTOS);
      Tally saleTally = new Tally();
      Tally paymentTally = new Tally();
      RecentKeys cleanSales = new RecentKeys();
      RecentKeys cleanPayments = new RecentKeys();
      long unusedSaleId = sales;
      long nextPaymentId = 1;
      Cells cells = draw == null ? null : new Cells(draw);
      try (AsciiWriter saleOut = open(VENDAS_FILE, "id;id_cliente;id_loja;id_produto;dt_venda");
          AsciiWriter paymentOut = open(PAGAMENTOS_FILE, "id;id_venda;dt_pgto")) {
        for (long id = 1; id <= sales; id++) {
          Dirt dirt = roll(saleRng, SALE_DIRT);
          long customer = 1 + saleRng.nextLong(sales);
          int store;
          int product;
          int day;
          if (cells == null) {
            store = 1 + saleRng.nextInt(STORES);
            product = 1 + saleRng.nextInt(PRODUCTS);
            day = saleRng.nextInt(SALE_DAYS);
          } else {
            cells.next();
            store = cells.store();
            product = cells.product();
            day = cells.day();
          }
          saleOut.writeLong(id);
          saleOut.separator();
          saleOut.writeLong(customer);
          saleOut.separator();
          saleOut.writeLong(store);
          saleOut.separator();
          saleOut.writeLong(product);
          saleOut.separator();
          saleOut.write(saleDates[day]);
          saleOut.endLine();
          saleTally.count(Dirt.NONE);
          if (product == JUNK_PRODUCT) {
            junkProductSales++;
          } else {
            // A sale of the junk product may itself be rejected as an orphan, so none is repeated.
            cleanSales.add(id);
          }
          if (dirt == Dirt.BAD_DATE) {
            writeDirtySale(saleOut, saleRng, ++unusedSaleId, NO_JUNK, true);
            saleTally.count(Dirt.BAD_DATE);
          } else if (dirt == Dirt.DUPLICATE && !cleanSales.isEmpty()) {
            writeDirtySale(saleOut, saleRng, cleanSales.pick(saleRng), NO_JUNK, false);
            saleTally.count(Dirt.DUPLICATE);
          } else if (dirt != Dirt.NONE) {
            writeDirtySale(saleOut, saleRng, ++unusedSaleId, saleRng.nextInt(4), false);
            saleTally.count(Dirt.BAD_ID);
          }

          if (!paymentRng.chance(PAID_RATE)) {
            continue;
          }
          paidSales++;
          int payments = paymentRng.chance(SECOND_PAYMENT_RATE) ? 2 : 1;
          for (int k = 0; k < payments; k++) {
            long paymentId = nextPaymentId++;
            Dirt paymentDirt = roll(paymentRng, PAYMENT_DIRT);
            writePayment(paymentOut, paymentRng, paymentId, NO_JUNK, id, day, false);
            paymentTally.count(Dirt.NONE);
            cleanPayments.add(paymentId);
            if (paymentDirt == Dirt.BAD_DATE) {
              writePayment(paymentOut, paymentRng, nextPaymentId++, NO_JUNK, id, day, true);
            } else if (paymentDirt == Dirt.DUPLICATE) {
              long repeated = cleanPayments.pick(paymentRng);
              writePayment(paymentOut, paymentRng, repeated, NO_JUNK, id, day, false);
            } else if (paymentDirt == Dirt.BAD_ID) {
              // Junk in the id column leaves the id sequence alone; junk in id_venda uses it up.
              int column = paymentRng.nextInt(2);
              long dirtyId = column == 0 ? 0 : nextPaymentId++;
              writePayment(paymentOut, paymentRng, dirtyId, column, id, day, false);
            }
            if (paymentDirt != Dirt.NONE) {
              paymentTally.count(paymentDirt);
            }
          }
        }
        long emptyRows =
            Math.max(
                1, Math.round(paymentTally.dataLines * (double) EMPTY_PAYMENT_ROWS / PAYMENT_ROWS));
        for (long i = 0; i < emptyRows; i++) {
          paymentOut.separator();
          paymentOut.separator();
          paymentOut.endLine();
          paymentTally.count(Dirt.EMPTY_ROW);
        }
      }
      vendas = saleTally.toCounts(VENDAS_FILE);
      pagamentos = paymentTally.toCounts(PAGAMENTOS_FILE);
      return null;
    }

    /**
     * A sale row whose only problem is the junk in {@code junkColumn} (0 to 3) or its bad date; it
     * sells a real product so an orphan check cannot add a second problem.
     */
    private void writeDirtySale(
        AsciiWriter out, SeededRandom rng, long id, int junkColumn, boolean badDate)
        throws IOException {
      if (junkColumn == 0) {
        writeJunkId(out, rng);
      } else {
        out.writeLong(id);
      }
      long[] references = {
        1 + rng.nextLong(sales), 1 + rng.nextInt(STORES), 1 + rng.nextInt(JUNK_PRODUCT - 1)
      };
      for (int column = 1; column <= references.length; column++) {
        out.separator();
        if (column == junkColumn) {
          writeJunkId(out, rng);
        } else {
          out.writeLong(references[column - 1]);
        }
      }
      out.separator();
      if (badDate) {
        writeBadDate(out, rng, Vocabulary.BAD_DAY_FIRST, firstSaleYear, lastSaleYear);
      } else {
        out.write(saleDates[rng.nextInt(saleDays)]);
      }
      out.endLine();
    }

    /** A payment of {@code saleId}, dated on or after the sale, or with one problem. */
    private void writePayment(
        AsciiWriter out,
        SeededRandom rng,
        long id,
        int junkColumn,
        long saleId,
        int saleDay,
        boolean badDate)
        throws IOException {
      if (junkColumn == 0) {
        writeJunkId(out, rng);
      } else {
        out.writeLong(id);
      }
      out.separator();
      if (junkColumn == 1) {
        writeJunkId(out, rng);
      } else {
        out.writeLong(saleId);
      }
      out.separator();
      if (badDate) {
        writeBadDate(out, rng, Vocabulary.BAD_DAY_FIRST, firstSaleYear, lastSaleYear);
      } else {
        out.write(saleDates[saleDay + rng.nextInt(MAX_PAYMENT_DELAY_DAYS + 1)]);
      }
      out.endLine();
    }

    /**
     * Three rows per sale, ids {@code 1..3 × sales}: most name sales that do not exist. With retail
     * demand a sale's flag is the draw's: each store, product and day has as many sales flagged as
     * {@link DemandDraw#promotedUnits} says, which ones chosen at random.
     */
    Void writeVendaPromocao() throws IOException {
      SeededRandom rng = random(Table.VENDA_PROMOCAO);
      Tally tally = new Tally();
      RecentKeys clean = new RecentKeys();
      long rows = PROMOTION_ROWS_PER_SALE * sales;
      long unusedId = rows;
      Cells cells = draw == null ? null : new Cells(draw);
      try (AsciiWriter out = open(VENDA_PROMOCAO_FILE, "id_venda;promoção")) {
        for (long id = 1; id <= rows; id++) {
          Dirt dirt = roll(rng, PROMOTION_DIRT);
          boolean promoted =
              cells != null && id <= sales ? cells.nextPromoted(rng) : rng.chance(PROMOTION_RATE);
          out.writeLong(id);
          out.separator();
          out.write(promoted ? '1' : '0');
          out.endLine();
          tally.count(Dirt.NONE);
          clean.add(id);
          if (promoted && id <= sales) {
            promotedSales++;
          }
          if (dirt == Dirt.NONE) {
            continue;
          }
          if (dirt == Dirt.BAD_ID) {
            writeJunkId(out, rng);
          } else if (dirt == Dirt.INVALID_VALUE) {
            out.writeLong(++unusedId);
          } else {
            out.writeLong(clean.pick(rng));
          }
          out.separator();
          if (dirt == Dirt.INVALID_VALUE) {
            out.write(Vocabulary.NOT_FLAGS[rng.nextInt(Vocabulary.NOT_FLAGS.length)]);
          } else {
            out.write(rng.chance(PROMOTION_RATE) ? '1' : '0');
          }
          out.endLine();
          tally.count(dirt);
        }
      }
      vendaPromocao = tally.toCounts(VENDA_PROMOCAO_FILE);
      return null;
    }

    private Dirt roll(SeededRandom rng, Dirt[] kinds) {
      return rng.chance(dirtRate) ? kinds[rng.nextInt(kinds.length)] : Dirt.NONE;
    }

    private SeededRandom random(Table table) {
      return new SeededRandom(SeededRandom.derive(seed, table.ordinal()));
    }

    private AsciiWriter open(String fileName, String header) throws IOException {
      AsciiWriter out = new AsciiWriter(directory.resolve(fileName));
      out.write(BOM);
      out.write(Vocabulary.utf8(header));
      out.endLine();
      return out;
    }
  }

  /** Looks like an id to a person, fails the id rule: {@code 12a}, {@code -3}, {@code 0}, ... */
  private static void writeJunkId(AsciiWriter out, SeededRandom rng) throws IOException {
    switch (rng.nextInt(4)) {
      case 0 -> {
        out.writeLong(1 + rng.nextInt(999));
        out.write((char) ('a' + rng.nextInt(26)));
      }
      case 1 -> {
        out.write('-');
        out.writeLong(1 + rng.nextInt(999));
      }
      case 2 -> out.write('0');
      default -> {
        out.writeLong(1 + rng.nextInt(999));
        out.write('.');
        out.write('5');
      }
    }
  }

  /** A day that overflows its month, like {@code 31/02/2019}, in {@code [firstYear, lastYear]}. */
  private static void writeBadDate(
      AsciiWriter out, SeededRandom rng, byte[][] prefixes, int firstYear, int lastYear)
      throws IOException {
    out.write(prefixes[rng.nextInt(prefixes.length)]);
    out.writeLong(firstYear + rng.nextInt(lastYear - firstYear + 1));
  }

  /**
   * Walks a {@link DemandDraw} sale by sale, in the order of the sale ids: by day, then store, then
   * product.
   */
  private static final class Cells {

    private final DemandDraw draw;
    private int cell = -1;

    /** Sales of the current cell not yet walked, the current one included. */
    private int left;

    private int promotedLeft;

    Cells(DemandDraw draw) {
      this.draw = draw;
    }

    /** Moves to the next sale. */
    void next() {
      if (left > 0) {
        left--;
      }
      while (left == 0) {
        cell++;
        left = draw.unitsAt(cell);
        promotedLeft = draw.promotedAt(cell);
      }
    }

    /**
     * Moves to the next sale and says whether it is promoted, drawing without replacement so the
     * cell ends with exactly its promoted count.
     */
    boolean nextPromoted(SeededRandom rng) {
      next();
      boolean promoted =
          promotedLeft == left || (promotedLeft > 0 && rng.nextLong(left) < promotedLeft);
      if (promoted) {
        promotedLeft--;
      }
      return promoted;
    }

    int store() {
      return draw.storeOf(cell);
    }

    int product() {
      return draw.productOf(cell);
    }

    int day() {
      return draw.dayOf(cell);
    }
  }

  /** The last few thousand clean keys, the ones a duplicate row may repeat. */
  private static final class RecentKeys {

    private final long[] keys = new long[4096];
    private int size;
    private int next;

    void add(long key) {
      keys[next] = key;
      next = (next + 1) & (keys.length - 1);
      size = Math.min(size + 1, keys.length);
    }

    boolean isEmpty() {
      return size == 0;
    }

    long pick(SeededRandom rng) {
      return keys[rng.nextInt(size)];
    }
  }

  /** Counts the lines of one export as they are written. */
  private static final class Tally {
    private long dataLines;
    private long emptyRows;
    private long badDates;
    private long badIds;
    private long invalidValues;
    private long duplicates;
    private long optionalWarnings;

    void count(Dirt dirt) {
      dataLines++;
      switch (dirt) {
        case NONE -> {}
        case EMPTY_ROW -> emptyRows++;
        case BAD_DATE -> badDates++;
        case BAD_ID -> badIds++;
        case INVALID_VALUE -> invalidValues++;
        case DUPLICATE -> duplicates++;
        case OPTIONAL_WARNING -> optionalWarnings++;
      }
    }

    TableCounts toCounts(String fileName) {
      return new TableCounts(
          fileName,
          dataLines,
          emptyRows,
          badDates,
          badIds,
          invalidValues,
          0,
          duplicates,
          optionalWarnings);
    }
  }
}
