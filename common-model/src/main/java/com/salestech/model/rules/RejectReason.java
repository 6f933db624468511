package com.salestech.model.rules;

import java.util.Locale;

/** Why a row went to quarantine. The code is what reports and the quarantine table carry. */
public enum RejectReason {
  MISSING_REQUIRED,
  BAD_INTEGER,
  BAD_DATE,
  BAD_DECIMAL,
  PRICE_OUT_OF_RANGE,
  INVALID_VALUE,
  DUPLICATE_KEY,
  ORPHAN_STORE,
  ORPHAN_PRODUCT,
  MALFORMED_ROW,
  /** A repeat of an event id whose content differs from the copy received first. */
  CONFLICTING_EVENT,
  INVALID_ENCODING,
  LINE_TOO_LONG;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
