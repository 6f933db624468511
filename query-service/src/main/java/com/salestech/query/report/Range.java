package com.salestech.query.report;

import java.time.LocalDate;

/** An inclusive range of days. */
record Range(LocalDate from, LocalDate to) {}
