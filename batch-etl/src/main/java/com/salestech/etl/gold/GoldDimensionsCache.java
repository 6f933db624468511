package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.model.lake.LakeLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads a run's dimensions once for all the workers of this process: they only read them. Released
 * when the build ends.
 */
@Component
class GoldDimensionsCache {

  private static final Logger log = LoggerFactory.getLogger(GoldDimensionsCache.class);

  private final ParquetLake parquet;
  private final LakeStorage storage;
  private final LakeLayout layout;
  private String runId;
  private Dimensions dims;
  private int users;

  GoldDimensionsCache(ParquetLake parquet, LakeStorage storage, LakeLayout layout) {
    this.parquet = parquet;
    this.storage = storage;
    this.layout = layout;
  }

  synchronized Dimensions acquire(GoldPlan plan) {
    if (dims == null || !plan.runId().equals(runId)) {
      long started = System.nanoTime();
      dims = Dimensions.load(parquet, storage, layout.silver().bucket(), plan.silver());
      log.info(
          "gold {}: dimensions loaded in {} ms (customers {} ms, beside payments {} ms and"
              + " promotions {} ms)",
          plan.runId(),
          (System.nanoTime() - started) / 1_000_000,
          dims.customersMillis,
          dims.paymentsMillis,
          dims.promotionsMillis);
      runId = plan.runId();
      users = 0;
    }
    users++;
    return dims;
  }

  /** Gives a run's dimensions back; the last holder lets them go. */
  synchronized void release(Dimensions released) {
    if (released == dims && --users <= 0) {
      dims = null;
      runId = null;
      users = 0;
    }
  }
}
