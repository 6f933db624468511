package com.salestech.model;

import java.math.BigDecimal;

/** A product with its unit price in reais, scale 2. */
public record Produto(int id, String produto, BigDecimal valor) {}
