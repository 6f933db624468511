package com.salestech.model.event;

/**
 * The fields of a sale event (DATA-CONTRACT §1.2), in the contract's order: when an event breaks
 * several rules, the first failing field in this order gives its quarantine reason.
 */
public enum EventField {
  EVENT_ID("eventId", true),
  SALE_ID("saleId", true),
  CUSTOMER_ID("customerId", true),
  STORE_ID("storeId", true),
  PRODUCT_ID("productId", true),
  SOLD_AT("soldAt", true),
  QUANTITY("quantity", false),
  PROMOTION("promotion", false),
  PAID_AT("paidAt", false);

  private final String json;
  private final boolean required;

  EventField(String json, boolean required) {
    this.json = json;
    this.required = required;
  }

  /** The name of the field in the JSON a shop system posts. */
  public String json() {
    return json;
  }

  public boolean required() {
    return required;
  }
}
