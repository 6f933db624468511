package com.salestech.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A live sale as shop systems post it (DATA-CONTRACT §1.2). {@code eventId} is the idempotency key:
 * the same id is one sale however often it arrives.
 *
 * @param soldAt when the sale happened; a plain date arrives as the start of that day in UTC
 * @param paidAt when it was paid, or null
 */
public record SaleEvent(
    UUID eventId,
    long saleId,
    long customerId,
    int storeId,
    int productId,
    Instant soldAt,
    int quantity,
    boolean promotion,
    Instant paidAt) {

  public static final int MAX_QUANTITY = 1000;
}
