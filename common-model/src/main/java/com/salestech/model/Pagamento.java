package com.salestech.model;

import java.time.LocalDate;

/** A payment of a sale. A sale may have several; gold keeps the earliest. */
public record Pagamento(long id, long idVenda, LocalDate dtPgto) {}
