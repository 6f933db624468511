package com.salestech.model;

/** Whether a sale was made under a promotion. */
public record VendaPromocao(long idVenda, boolean promocao) {}
