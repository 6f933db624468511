package com.salestech.model;

/** A store. */
public record Loja(int id, String cidade) {}
