package com.salestech.model;

/** A customer's sex as the exports record it. */
public enum Sexo {
  M,
  F
}
