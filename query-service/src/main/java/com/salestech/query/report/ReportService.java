package com.salestech.query.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.QueryEngine;
import com.salestech.query.report.Bodies.ChangeReport;
import com.salestech.query.report.Bodies.Contribution;
import com.salestech.query.report.Bodies.CustomersReport;
import com.salestech.query.report.Bodies.Envelope;
import com.salestech.query.report.Bodies.Freshness;
import com.salestech.query.report.Bodies.KpiComparison;
import com.salestech.query.report.Bodies.KpiDelta;
import com.salestech.query.report.Bodies.KpiReport;
import com.salestech.query.report.Bodies.PaymentsReport;
import com.salestech.query.report.Bodies.PromotionsReport;
import com.salestech.query.report.Bodies.Provenance;
import com.salestech.query.report.Bodies.RevenueComparison;
import com.salestech.query.report.Bodies.RevenueReport;
import com.salestech.query.report.Bodies.Sale;
import com.salestech.query.report.Bodies.SalesPage;
import com.salestech.query.report.Bodies.Tabular;
import com.salestech.query.report.Bodies.TopProductsReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Runs the reports: pins a snapshot, answers from the cache when the same report with the same
 * parameters was computed on that snapshot, and stamps every answer with its provenance.
 */
@Service
public class ReportService {

  private final QueryEngine engine;
  private final Cache<String, Tabular> cache;
  private final boolean caching;
  private final MeterRegistry meters;

  /** The timer of every engine statement: {@value #DURATION} tagged engine and report. */
  static final String DURATION = "salestech.query.duration";

  /** The newest sale of each snapshot served, by {@link GoldView#id()}: asked once per snapshot. */
  private final Map<String, LocalDate> newest = new ConcurrentHashMap<>();

  ReportService(QueryEngine engine, QueryProperties properties) {
    this(engine, properties, new SimpleMeterRegistry());
  }

  @Autowired
  ReportService(QueryEngine engine, QueryProperties properties, MeterRegistry meters) {
    this.engine = engine;
    this.meters = meters;
    // Caffeine evicts asynchronously: a size of 0 would still answer some requests from cache
    this.caching = properties.cache().maxEntries() > 0;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(properties.cache().maxEntries())
            .expireAfterWrite(properties.cache().ttl())
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(meters, cache, "reports");
  }

  /** Pins a snapshot whose every statement is timed as part of {@code report}. */
  private QueryEngine.Reading open(String report) {
    QueryEngine.Reading reading = engine.open();
    Timer timer =
        Timer.builder(DURATION)
            .description("one engine statement of a report")
            .tags("engine", engine.name(), "report", report)
            .register(meters);
    return new QueryEngine.Reading() {
      @Override
      public GoldView snapshot() {
        return reading.snapshot();
      }

      @Override
      public void query(String sql, List<?> values, QueryEngine.RowHandler rows) {
        timer.record(() -> reading.query(sql, values, rows));
      }

      @Override
      public void close() {
        reading.close();
      }
    };
  }

  /** The snapshot current when results were last cached: when another is, they are dropped. */
  private volatile String servedSnapshot;

  /** Drops every cached result once a new snapshot is current (its results have other keys). */
  private void dropResultsOfOldSnapshots() {
    GoldView current = engine.current();
    if (current != null && !current.id().equals(servedSnapshot)) {
      synchronized (this) {
        if (!current.id().equals(servedSnapshot)) {
          servedSnapshot = current.id();
          cache.invalidateAll();
          newest.keySet().removeIf(id -> !id.equals(current.id()));
        }
      }
    }
  }

  long cachedResults() {
    return cache.estimatedSize();
  }

  /** What a report computes with: the pinned snapshot and its newest sale. */
  record Context(QueryEngine.Reading reading, LocalDate newestSale) {

    boolean incomplete(Filters f) {
      return newestSale == null || f.to().isAfter(newestSale);
    }

    /** The days of the range that can have data: up to the newest sale. */
    long daysWithData(Filters f) {
      if (newestSale == null || newestSale.isBefore(f.from())) {
        return 0;
      }
      LocalDate end = f.to().isAfter(newestSale) ? newestSale : f.to();
      return ChronoUnit.DAYS.between(f.from(), end) + 1;
    }
  }

  private <T extends Tabular> Envelope<T> run(
      String report, String parameters, Function<Context, T> compute) {
    dropResultsOfOldSnapshots();
    try (QueryEngine.Reading reading = open(report)) {
      GoldView snapshot = reading.snapshot();
      LocalDate newestSale =
          newest.computeIfAbsent(snapshot.id(), id -> ReportQueries.newestSale(reading));
      Provenance provenance =
          new Provenance(engine.name(), snapshot.run(), snapshot.publishedAt(), newestSale, false);
      String key = engine.name() + "|" + report + "|" + parameters + "|" + snapshot.id();
      @SuppressWarnings("unchecked")
      T cached = caching ? (T) cache.getIfPresent(key) : null;
      if (cached != null) {
        return new Envelope<>(report, cached, provenance.asCached());
      }
      T data = compute.apply(new Context(reading, newestSale));
      if (caching) {
        cache.put(key, data);
      }
      return new Envelope<>(report, data, provenance);
    }
  }

  Envelope<KpiReport> kpis(Filters f, Compare compare) {
    return run(
        "kpis",
        f.key() + "|" + compare.wire(),
        ctx -> {
          ReportQueries.Figures current = ReportQueries.kpis(ctx.reading(), f);
          KpiComparison comparison = null;
          if (compare != Compare.NONE) {
            Range range = compare.of(f.from(), f.to(), ctx.daysWithData(f));
            ReportQueries.Figures base =
                ReportQueries.kpis(ctx.reading(), f.range(range.from(), range.to()));
            comparison =
                new KpiComparison(
                    compare.wire(),
                    range,
                    base.source(),
                    base.kpis(),
                    KpiDelta.of(current.kpis(), base.kpis()));
          }
          return new KpiReport(
              new Range(f.from(), f.to()),
              ctx.incomplete(f),
              current.source(),
              current.kpis(),
              comparison);
        });
  }

  Envelope<RevenueReport> revenue(Filters f, GroupBy groupBy, Compare compare) {
    return run(
        "revenue",
        f.key() + "|" + groupBy.wire() + "|" + compare.wire(),
        ctx -> {
          ReportQueries.Groups current = ReportQueries.revenue(ctx.reading(), f, groupBy);
          RevenueComparison comparison = null;
          if (compare != Compare.NONE) {
            Range range = compare.of(f.from(), f.to(), ctx.daysWithData(f));
            ReportQueries.Groups base =
                ReportQueries.revenue(ctx.reading(), f.range(range.from(), range.to()), groupBy);
            comparison = new RevenueComparison(compare.wire(), range, base.source(), base.rows());
          }
          return new RevenueReport(
              groupBy.wire(),
              new Range(f.from(), f.to()),
              ctx.incomplete(f),
              current.source(),
              current.rows(),
              comparison);
        });
  }

  Envelope<TopProductsReport> topProducts(Filters f, ReportQueries.By by, int limit) {
    return run(
        "top-products",
        f.key() + "|" + by.wire() + "|" + limit,
        ctx -> {
          ReportQueries.Top top = ReportQueries.topProducts(ctx.reading(), f, by, limit);
          return new TopProductsReport(
              new Range(f.from(), f.to()), by.wire(), limit, top.source(), top.rows());
        });
  }

  Envelope<PromotionsReport> promotions(Filters f) {
    return run(
        "promotions",
        f.key(),
        ctx -> {
          ReportQueries.Promotions p = ReportQueries.promotions(ctx.reading(), f);
          return new PromotionsReport(new Range(f.from(), f.to()), p.source(), p.rows());
        });
  }

  Envelope<PaymentsReport> payments(Filters f) {
    return run(
        "payments",
        f.key(),
        ctx -> {
          ReportQueries.Payments p = ReportQueries.payments(ctx.reading(), f);
          return new PaymentsReport(new Range(f.from(), f.to()), p.source(), p.rows());
        });
  }

  Envelope<CustomersReport> customers(Filters f) {
    return run(
        "customers",
        f.key(),
        ctx -> {
          ReportQueries.Customers c = ReportQueries.customers(ctx.reading(), f);
          return new CustomersReport(new Range(f.from(), f.to()), c.source(), c.rows());
        });
  }

  Envelope<ChangeReport> change(Filters f, Compare compare) {
    Compare against = compare == Compare.NONE ? Compare.PREVIOUS_PERIOD : compare;
    return run(
        "change",
        f.key() + "|" + against.wire(),
        ctx -> {
          Range base = against.of(f.from(), f.to(), ctx.daysWithData(f));
          Map<String, List<Contribution>> contributions =
              ReportQueries.contributions(ctx.reading(), f, base);
          // every sale has exactly one store: its rows add up to the totals
          BigDecimal current = BigDecimal.ZERO.setScale(2);
          BigDecimal before = BigDecimal.ZERO.setScale(2);
          for (Contribution c : contributions.get(ReportQueries.Dimension.STORE.wire)) {
            current = current.add(c.current());
            before = before.add(c.base());
          }
          return new ChangeReport(
              new Range(f.from(), f.to()),
              ctx.incomplete(f),
              against.wire(),
              base,
              current,
              before,
              current.subtract(before),
              contributions);
        });
  }

  Envelope<SalesPage> sales(Filters f, Long after, int limit) {
    long start = after == null ? 0 : after;
    return run(
        "sales",
        f.key() + "|" + start + "|" + limit,
        ctx -> {
          List<Sale> rows = new ArrayList<>();
          // one row more than asked tells whether there is a next page
          ReportQueries.sales(ctx.reading(), f, start, limit + 1L, rows::add);
          Long next = null;
          if (rows.size() > limit) {
            rows.remove(rows.size() - 1);
            next = rows.get(rows.size() - 1).saleId();
          }
          return new SalesPage(new Range(f.from(), f.to()), limit, after, rows, next);
        });
  }

  Envelope<Freshness> freshness() {
    return run(
        "freshness",
        "",
        ctx -> {
          GoldView s = ctx.reading().snapshot();
          return new Freshness(s.run(), s.publishedAt(), ctx.newestSale(), s.tables());
        });
  }

  /** The forecast of the total ({@code storeId} null) or of one store. */
  Envelope<ModelBodies.Forecast> forecast(Integer storeId, ModelQueries.Metric metric) {
    return run(
        "forecast",
        (storeId == null ? "total" : "store:" + storeId) + "|" + metric.wire(),
        ctx -> ModelQueries.forecast(ctx.reading(), storeId, metric));
  }

  /** The backtest of every model on every series of a metric. */
  Envelope<ModelBodies.AccuracyReport> forecastAccuracy(ModelQueries.Metric metric) {
    return run(
        "forecast-accuracy", metric.wire(), ctx -> ModelQueries.accuracy(ctx.reading(), metric));
  }

  /** The estimated uplift of promotions, overall and per product. */
  Envelope<ModelBodies.EffectReport> promotionEffect() {
    return run("promotion-effect", "", ctx -> ModelQueries.effect(ctx.reading()));
  }

  /**
   * Streams every sale row matching the filters as CSV, never capped, on one pinned snapshot;
   * returns the provenance of what was written.
   */
  void salesCsv(Filters f, Long after, CsvOut out) {
    try (QueryEngine.Reading reading = open("sales-csv")) {
      GoldView snapshot = reading.snapshot();
      LocalDate newestSale =
          newest.computeIfAbsent(snapshot.id(), id -> ReportQueries.newestSale(reading));
      out.start(
          new Provenance(engine.name(), snapshot.run(), snapshot.publishedAt(), newestSale, false),
          Sale.HEADER);
      ReportQueries.sales(
          reading, f, after == null ? 0 : after, Long.MAX_VALUE, sale -> out.row(sale.row()));
    }
  }

  /** Where a streamed CSV goes: the provenance first (as headers), then the rows. */
  interface CsvOut {
    void start(Provenance provenance, List<String> header);

    void row(List<Object> values);
  }

  /** Writes CSV (RFC 4180, comma separated, CRLF) to a stream. */
  static final class CsvWriter {
    private final OutputStream out;

    CsvWriter(OutputStream out) {
      this.out = out;
    }

    void write(List<?> values) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        Object v = values.get(i);
        String text = v == null ? "" : v.toString();
        if (text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0) {
          text = '"' + text.replace("\"", "\"\"") + '"';
        }
        line.append(text);
      }
      line.append("\r\n");
      try {
        out.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write CSV to the client", e);
      }
    }
  }
}
