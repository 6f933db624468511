package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.parquet.ColumnScan;
import com.salestech.lake.table.DataFile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericData;
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
  Binary canal;
  int ingestDate;
  Binary sourceKey;

  // The channel's values so far: few, so a short list beats a map. A page's dictionary hands out
  // the same object for the same value, so the last one is recognised by identity.
  private Binary lastCanal;
  private Binary lastStableCanal;
  private long lastCanalHash = RowHash.NULL;
  private final List<Binary> canals = new ArrayList<>();

  // The raw line of the current sale, made again for each orphan.
  private final StringBuilder raw = new StringBuilder(160);

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
      lastCanalHash = RowHash.ofBinary(stable);
    }
    return lastStableCanal;
  }

  /** The {@link RowHash} of {@link #canal()}. */
  long canalHash() {
    canal();
    return lastCanalHash;
  }

  /** The silver file the current sale is in. */
  String fileKey() {
    return fileKey;
  }

  /** The current sale's row in its file, from 1. */
  long rowInFile() {
    return rowInFile;
  }

  /**
   * The current sale as its silver {@code vendas} record prints ({@link GenericData#toString}, the
   * quarantine's raw line of an orphan), without making the record: the same text, field by field
   * in the schema's order.
   */
  String rawLine() {
    StringBuilder b = raw;
    b.setLength(0);
    b.append("{\"id\": ").append(id);
    b.append(", \"id_cliente\": ").append(idCliente);
    b.append(", \"id_loja\": ").append(idLoja);
    b.append(", \"id_produto\": ").append(idProduto);
    b.append(", \"dt_venda\": ").append(dtVenda);
    b.append(", \"quantidade\": ").append(quantidade);
    b.append(", \"canal\": ");
    appendString(b, canal);
    b.append(", \"ingest_date\": ");
    if (ingestDate == ColumnScan.NULL_INT) {
      b.append("null");
    } else {
      b.append(ingestDate);
    }
    b.append(", \"source_key\": ");
    appendString(b, sourceKey);
    return b.append('}').toString();
  }

  /** The current sale's {@code ingest_date}, or null. */
  Integer ingestDateOrNull() {
    return ingestDate == ColumnScan.NULL_INT ? null : ingestDate;
  }

  /** A string as {@link GenericData#toString} writes one: quoted, with its JSON escapes. */
  static void appendString(StringBuilder b, Binary value) {
    if (value == null) {
      b.append("null");
      return;
    }
    String text = value.toStringUsingUTF8();
    b.append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch <= '\u001F'
              || (ch >= '\u007F' && ch <= '\u009F')
              || (ch >= '\u2000' && ch <= '\u20FF')) {
            String hex = Integer.toHexString(ch).toUpperCase(Locale.ROOT);
            b.append("\\u");
            b.append("0".repeat(4 - hex.length())).append(hex);
          } else {
            b.append(ch);
          }
        }
      }
    }
    b.append('"');
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
