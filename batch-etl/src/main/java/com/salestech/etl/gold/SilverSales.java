package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ColumnScan;
import com.salestech.lake.table.DataFile;
import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/**
 * The sales of one silver {@code vendas} version, read row by row straight from Parquet's column
 * readers into the fields of this cursor: no record, no boxing, and a large row group never held
 * whole. Strings stay Parquet binaries pointing into their page; {@link #canal()} hands out one
 * stable binary per distinct channel.
 *
 * <p>Not thread-safe; each gold worker reads its own.
 */
final class SilverSales implements AutoCloseable {

  private static final String[] COLUMNS = {
    "id",
    "id_cliente",
    "id_loja",
    "id_produto",
    "dt_venda",
    "quantidade",
    "canal",
    "ingest_date",
    "source_key"
  };

  private final LakeStorage storage;
  private final String bucket;
  private final Iterator<DataFile> files;
  private final ColumnReader[] readers = new ColumnReader[COLUMNS.length];
  private final int[] defined = new int[COLUMNS.length];
  private ColumnScan scan;
  private String fileKey;
  private int leftInGroup;
  private long rowInFile;

  long id;
  long idCliente;
  int idLoja;
  int idProduto;
  int dtVenda;
  int quantidade;
  private Binary canal;
  int ingestDate;
  private Binary sourceKey;

  // The channel's values so far: few, so a short list beats a map. A page's dictionary hands out
  // the same object for the same value, so the last one is recognised by identity.
  private Binary lastCanal;
  private Binary lastStableCanal;
  private final List<Binary> canals = new ArrayList<>();

  SilverSales(LakeStorage storage, String bucket, List<DataFile> files) {
    this.storage = storage;
    this.bucket = bucket;
    this.files = files.iterator();
  }

  /** Reads the next sale into the fields; false after the last. */
  boolean next() {
    while (leftInGroup == 0) {
      if (scan != null && scan.nextRowGroup()) {
        leftInGroup = scan.rows();
        for (int c = 0; c < COLUMNS.length; c++) {
          readers[c] = scan.values(c);
          defined[c] = scan.definedLevel(c);
        }
        continue;
      }
      if (!openNext()) {
        return false;
      }
    }
    id = readLong(0);
    idCliente = readLong(1);
    idLoja = readInt(2);
    idProduto = readInt(3);
    dtVenda = readInt(4);
    quantidade = readInt(5);
    canal = readBinary(6);
    ingestDate = readInt(7);
    sourceKey = readBinary(8);
    leftInGroup--;
    rowInFile++;
    return true;
  }

  private boolean openNext() {
    closeScan();
    if (!files.hasNext()) {
      return false;
    }
    DataFile file = files.next();
    scan = ColumnScan.open(storage, bucket, file.key(), file.bytes(), COLUMNS);
    fileKey = file.key();
    rowInFile = 0;
    return true;
  }

  private long readLong(int column) {
    ColumnReader values = readers[column];
    long value = values.getCurrentDefinitionLevel() == defined[column] ? values.getLong() : 0;
    values.consume();
    return value;
  }

  private int readInt(int column) {
    ColumnReader values = readers[column];
    int value =
        values.getCurrentDefinitionLevel() == defined[column]
            ? values.getInteger()
            : ColumnScan.NULL_INT;
    values.consume();
    return value;
  }

  private Binary readBinary(int column) {
    ColumnReader values = readers[column];
    Binary value =
        values.getCurrentDefinitionLevel() == defined[column] ? values.getBinary() : null;
    values.consume();
    return value;
  }

  /** The sale's channel as a binary that stays valid after the page is gone. */
  Binary canal() {
    if (canal != lastCanal) {
      Binary stable = null;
      for (int i = 0; canal != null && i < canals.size() && stable == null; i++) {
        if (canals.get(i).equals(canal)) {
          stable = canals.get(i);
        }
      }
      if (canal != null && stable == null) {
        stable = Binary.fromConstantByteArray(canal.getBytes());
        canals.add(stable);
      }
      lastCanal = canal;
      lastStableCanal = stable;
    }
    return lastStableCanal;
  }

  /** The silver file the current sale is in. */
  String fileKey() {
    return fileKey;
  }

  /** The current sale's row in its file, from 1. */
  long rowInFile() {
    return rowInFile;
  }

  /** The current sale as a silver {@code vendas} record, for quarantining it. */
  GenericData.Record record(GenericData.Record into) {
    into.put("id", id);
    into.put("id_cliente", idCliente);
    into.put("id_loja", idLoja);
    into.put("id_produto", idProduto);
    into.put("dt_venda", dtVenda);
    into.put("quantidade", quantidade);
    into.put("canal", canal == null ? null : new Utf8(canal.getBytes()));
    into.put("ingest_date", ingestDate == ColumnScan.NULL_INT ? null : ingestDate);
    into.put("source_key", sourceKey == null ? null : new Utf8(sourceKey.getBytes()));
    return into;
  }

  /** An empty record of silver {@code vendas}' schema to {@link #record fill}. */
  static GenericData.Record emptyRecord() {
    return new GenericData.Record(SilverSchemas.of(Table.VENDAS));
  }

  private void closeScan() {
    if (scan != null) {
      scan.close();
      scan = null;
    }
  }

  @Override
  public void close() {
    closeScan();
    leftInGroup = 0;
  }
}
