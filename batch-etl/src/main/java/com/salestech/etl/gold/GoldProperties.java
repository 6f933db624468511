package com.salestech.etl.gold;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code silver-to-gold} builds gold.
 *
 * @param keepVersions published versions kept per gold table
 * @param rowGroupBytes Parquet row group of each open {@code wide_vendas} partition writer
 * @param writerMemory what one worker's open {@code wide_vendas} writers may hold: a worker keeps
 *     at most {@code writerMemory / rowGroupBytes} month writers open, and reads the sales again
 *     for the months beyond them, so memory does not grow with the months of history
 * @param rowsPerFile rows per {@code wide_vendas} file within a partition
 * @param progressRows sales between two progress commits to the job repository
 * @param workers workers sharing a build, each owning a share of the months
 * @param freshnessMaxAge the freshness check flags a silver table whose newest export is older
 * @param checks the action of each data-quality check, {@code warn} or {@code fail}, by name:
 *     {@code row-count}, {@code revenue}, {@code unique-id-venda} (fail by default), {@code
 *     freshness} (warn by default); an unknown name or action fails the start, naming the property
 * @param pauseAfterCommit fault injection for crash tests: how long to wait between committing the
 *     gold snapshot and bringing the table pointers in line; zero in any real run
 */
@Validated
@ConfigurationProperties("salestech.gold")
public record GoldProperties(
    @DefaultValue("5") @Min(1) int keepVersions,
    @DefaultValue("8388608") @Min(1048576) int rowGroupBytes,
    @DefaultValue("268435456") @Min(1048576) long writerMemory,
    @DefaultValue("5000000") @Min(1) long rowsPerFile,
    @DefaultValue("500000") @Min(1) long progressRows,
    @DefaultValue("2") @Min(1) int workers,
    @DefaultValue("P2D") Duration freshnessMaxAge,
    @DefaultValue Map<QualityCheck, CheckAction> checks,
    @DefaultValue("0s") Duration pauseAfterCommit) {

  /** What a failed check does. */
  public enum CheckAction {
    /** Reported; the run goes on and publishes. */
    WARN,
    /** Reported; the run publishes nothing and fails. */
    FAIL;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CheckAction action(QualityCheck check) {
    return checks.getOrDefault(check, check.byDefault());
  }
}
