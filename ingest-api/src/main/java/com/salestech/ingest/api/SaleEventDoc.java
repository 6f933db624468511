package com.salestech.ingest.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** The event as the OpenAPI description shows it (DATA-CONTRACT §1.2); never bound from a body. */
@Schema(name = "SaleEvent", description = "One sale, as the shop system saw it")
record SaleEventDoc(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            format = "uuid",
            description = "Idempotency key: the same eventId is one sale however often sent")
        String eventId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") long saleId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") long customerId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") int storeId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1") int productId,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "2026-05-31T14:03:00Z",
            description = "ISO-8601 date or instant with offset; at most 1 day in the future")
        String soldAt,
    @Schema(minimum = "1", maximum = "1000", defaultValue = "1") Integer quantity,
    @Schema(defaultValue = "false") Boolean promotion,
    @Schema(description = "ISO-8601 date or instant; not before soldAt") String paidAt) {}
