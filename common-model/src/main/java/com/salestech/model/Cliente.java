package com.salestech.model;

import java.time.LocalDate;

/** A customer. Every column but the id is optional and may be null. */
public record Cliente(long id, String nome, Sexo sexo, LocalDate dtNasc) {}
