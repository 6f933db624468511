package com.salestech.model.rules;

import com.salestech.model.Canal;
import com.salestech.model.Column;
import com.salestech.model.ColumnType;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.csv.CsvRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Applies the column rules of DATA-CONTRACT §2 to one CSV record of a table and fills a silver Avro
 * record, or names the reason the row is refused. Columns are checked in the file's order, so the
 * first failing column gives the reason. Extra columns are ignored; an optional column the file
 * lacks is null in every row.
 *
 * <p>Not thread-safe: one parser per file being read.
 */
public final class RowParser {

  /** The outcome of {@link #parse}. */
  public enum Outcome {
    VALID,
    EMPTY,
    REJECTED
  }

  private final Table table;
  private final int headerSize;
  private final BigDecimal maxPrice;
  private final Bound[] bounds;
  private final int[] absentPositions;
  private final int keyPosition;
  private final int quantidadePosition;
  private final int canalPosition;
  private final Map<String, Long> warnings = new LinkedHashMap<>();

  private RejectReason reason;
  private String failedColumn;
  private long key;

  private record Bound(Column column, int index, int position, boolean intField) {}

  /**
   * @param header the file's normalised header names
   * @throws MissingColumnException when a required column is absent
   */
  public RowParser(Table table, List<String> header, BigDecimal maxPrice) {
    this.table = Objects.requireNonNull(table, "table");
    this.headerSize = header.size();
    this.maxPrice = Objects.requireNonNull(maxPrice, "maxPrice");
    Schema schema = SilverSchemas.of(table);
    List<Bound> found = new ArrayList<>();
    List<Integer> absent = new ArrayList<>();
    for (Column column : table.columns()) {
      int index = header.indexOf(column.name());
      Schema.Field field = schema.getField(column.name());
      if (index < 0) {
        if (column.required()) {
          throw new MissingColumnException(table, column.name(), header);
        }
        absent.add(field.pos());
        continue;
      }
      found.add(new Bound(column, index, field.pos(), isInt(field.schema())));
    }
    found.sort(Comparator.comparingInt(Bound::index));
    this.bounds = found.toArray(Bound[]::new);
    this.absentPositions = absent.stream().mapToInt(Integer::intValue).toArray();
    this.keyPosition = schema.getField(table.keyColumn().name()).pos();
    Schema.Field quantidade = schema.getField("quantidade");
    Schema.Field canal = schema.getField("canal");
    this.quantidadePosition = quantidade == null ? -1 : quantidade.pos();
    this.canalPosition = canal == null ? -1 : canal.pos();
  }

  private static boolean isInt(Schema schema) {
    return schema.getType() == Schema.Type.INT && schema.getLogicalType() == null;
  }

  /**
   * Reads {@code record} into {@code out}. On {@link Outcome#REJECTED}, {@link #reason()} and
   * {@link #failedColumn()} say why; on {@link Outcome#VALID}, {@link #key()} is the primary key.
   * Lineage fields of {@code out} are left to the caller.
   */
  public Outcome parse(CsvRecord record, GenericData.Record out) {
    reason = null;
    failedColumn = null;
    switch (record.status()) {
      case OK -> {}
      case INVALID_ENCODING -> {
        return reject(RejectReason.INVALID_ENCODING, null);
      }
      case TOO_LONG -> {
        return reject(RejectReason.LINE_TOO_LONG, null);
      }
      case MALFORMED -> {
        return reject(RejectReason.MALFORMED_ROW, null);
      }
    }
    if (record.isBlank()) {
      return Outcome.EMPTY;
    }
    if (record.fieldCount() != headerSize) {
      return reject(RejectReason.MALFORMED_ROW, null);
    }
    // Callers reuse one record across files: a column this file lacks must not keep a value
    // another file put there.
    for (int position : absentPositions) {
      out.put(position, null);
    }
    byte[] b = record.buffer();
    for (Bound bound : bounds) {
      Column column = bound.column();
      int from = record.start(bound.index());
      int to = record.end(bound.index());
      if (from == to) {
        if (column.required()) {
          return reject(RejectReason.MISSING_REQUIRED, column.name());
        }
        out.put(bound.position(), null);
        continue;
      }
      RejectReason failure = read(column.type(), bound, b, from, to, out);
      if (failure != null) {
        if (column.required()) {
          return reject(failure, column.name());
        }
        out.put(bound.position(), null);
        warnings.merge(column.name() + ":" + failure.code(), 1L, Long::sum);
      }
    }
    if (quantidadePosition >= 0) {
      out.put(quantidadePosition, 1);
      out.put(canalPosition, Canal.CSV.code());
    }
    Object keyValue = out.get(keyPosition);
    key = ((Number) keyValue).longValue();
    return Outcome.VALID;
  }

  private RejectReason read(
      ColumnType type, Bound bound, byte[] b, int from, int to, GenericData.Record out) {
    int position = bound.position();
    switch (type) {
      case ID -> {
        long id = ColumnRules.parseId(b, from, to);
        if (id == ColumnRules.BAD_LONG || (bound.intField() && id > Integer.MAX_VALUE)) {
          return RejectReason.BAD_INTEGER;
        }
        out.put(position, bound.intField() ? (Object) (int) id : (Object) id);
      }
      case TEXT -> out.put(position, new String(b, from, to - from, StandardCharsets.UTF_8));
      case PRICE -> {
        long cents = ColumnRules.parsePriceCents(b, from, to);
        if (cents == ColumnRules.BAD_LONG) {
          return RejectReason.BAD_DECIMAL;
        }
        if (!ColumnRules.priceInRange(cents, maxPrice)) {
          return RejectReason.PRICE_OUT_OF_RANGE;
        }
        out.put(position, BigDecimal.valueOf(cents, 2));
      }
      case SEX -> {
        int sex = ColumnRules.parseSex(b, from, to);
        if (sex == ColumnRules.BAD_CODE) {
          return RejectReason.INVALID_VALUE;
        }
        out.put(position, sex == 'M' ? "M" : "F");
      }
      case DATE_MONTH_FIRST, DATE_DAY_FIRST -> {
        int day = ColumnRules.parseDate(b, from, to, type == ColumnType.DATE_DAY_FIRST);
        if (day == ColumnRules.BAD_DATE) {
          return RejectReason.BAD_DATE;
        }
        out.put(position, day);
      }
      case FLAG -> {
        int flag = ColumnRules.parseFlag(b, from, to);
        if (flag == ColumnRules.BAD_CODE) {
          return RejectReason.INVALID_VALUE;
        }
        out.put(position, flag == 1);
      }
    }
    return null;
  }

  private Outcome reject(RejectReason why, String column) {
    reason = why;
    failedColumn = column;
    return Outcome.REJECTED;
  }

  public Table table() {
    return table;
  }

  public RejectReason reason() {
    return reason;
  }

  public String failedColumn() {
    return failedColumn;
  }

  public long key() {
    return key;
  }

  /** Optional values that did not parse and became null, counted by {@code column:reason}. */
  public Map<String, Long> warnings() {
    return warnings;
  }
}
