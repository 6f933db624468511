package com.salestech.etl.silver;

import com.salestech.model.lake.LakeLayout;
import org.apache.avro.Schema;

/**
 * What the {@code vendas} step decided about stream sales, for the {@code venda_promocao} and
 * {@code pagamentos} steps that run after it: one row per sale whose event-derived facts change.
 * {@code canal = 'stream'}: the sale is the event's, with its promotion flag and payment date;
 * {@code canal = 'csv'}: a CSV export owns the sale, so rows an event gave it are dropped.
 *
 * <p>Kept under the silver root, per run, so a restarted run finds what its {@code vendas} step
 * wrote; the next run's plan deletes it.
 */
final class StreamFacts {

  static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "stream_fact", "namespace": "com.salestech.silver.staging",
               "fields": [
                 {"name": "id_venda", "type": "long"},
                 {"name": "canal", "type": "string"},
                 {"name": "promocao", "type": "boolean"},
                 {"name": "dt_pgto", "type": ["null", {"type": "int", "logicalType": "date"}],
                  "default": null},
                 {"name": "ingest_date", "type": ["null", {"type": "int", "logicalType": "date"}],
                  "default": null},
                 {"name": "source_key", "type": ["null", "string"], "default": null}
               ]}
              """);

  private StreamFacts() {}

  static String prefix(LakeLayout layout) {
    return layout.silver().key("_staging/stream_facts/");
  }

  static String key(LakeLayout layout, String runId) {
    return prefix(layout) + "run=" + runId + "/part-00000.parquet";
  }

  /**
   * The id of the payment an event gives its sale: the sale id negated. CSV payment ids are above
   * zero, so the two never collide, and every event for one sale names the same payment, so a later
   * event replaces (or, without {@code paidAt}, removes) the earlier one's.
   */
  static long paymentId(long saleId) {
    return -saleId;
  }
}
