package com.salestech.model;

import java.time.LocalDate;

/** A sale: one product, {@code quantidade} units (always 1 for the CSV exports). */
public record Venda(
    long id,
    long idCliente,
    int idLoja,
    int idProduto,
    LocalDate dtVenda,
    int quantidade,
    Canal canal) {}
