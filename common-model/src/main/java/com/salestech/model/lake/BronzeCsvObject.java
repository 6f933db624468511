package com.salestech.model.lake;

import com.salestech.model.Table;
import java.time.LocalDate;

/** A CSV export landed in bronze, as its key describes it. */
public record BronzeCsvObject(String key, Table table, LocalDate ingestDate, String fileName) {}
