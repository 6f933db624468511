package com.salestech.model.avro;

import com.salestech.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The Avro schemas of the silver tables and of quarantine, kept as {@code .avsc} beside this class.
 */
public final class SilverSchemas {

  private static final Map<Table, Schema> TABLES = new EnumMap<>(Table.class);
  private static final Schema QUARANTINE = load("quarantine");

  static {
    for (Table table : Table.values()) {
      TABLES.put(table, load(table.tableName()));
    }
  }

  private SilverSchemas() {}

  public static Schema of(Table table) {
    return TABLES.get(table);
  }

  public static Schema quarantine() {
    return QUARANTINE;
  }

  private static Schema load(String name) {
    String resource = name + ".avsc";
    try (InputStream in = SilverSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing Avro schema " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Avro schema " + resource, e);
    }
  }
}
