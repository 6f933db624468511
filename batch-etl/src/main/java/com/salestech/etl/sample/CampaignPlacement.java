package com.salestech.etl.sample;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When the retail demand model runs a store's campaigns on a product ({@code --campaigns}).
 *
 * <p>{@link #RANDOM} campaigns fall at any time of the year, so a campaign day is a typical day and
 * comparing promoted with unpromoted sales measures the uplift. {@link #HIGH_SEASON} campaigns run
 * only in the quarter of the year when demand is highest anyway, as retailers actually plan them:
 * the same comparison then credits the season to the campaign. That bias is the point, for testing
 * estimators that should see through it.
 */
public enum CampaignPlacement {
  RANDOM("random"),
  HIGH_SEASON("high-season");

  private final String label;

  CampaignPlacement(String label) {
    this.label = label;
  }

  /**
   * The name on the command line and in {@code truth.json}: {@code random}, {@code high-season}.
   */
  public String label() {
    return label;
  }

  /** The placement named {@code label}, case aside; the message lists the names otherwise. */
  public static CampaignPlacement fromLabel(String label) {
    for (CampaignPlacement placement : values()) {
      if (placement.label.equals(label.toLowerCase(Locale.ROOT))) {
        return placement;
      }
    }
    throw new IllegalArgumentException(
        "campaigns must be "
            + Arrays.stream(values()).map(p -> p.label).collect(Collectors.joining(" or "))
            + ", was '"
            + label
            + "'");
  }
}
