package com.salestech.etl.gold;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.parquet.ColumnarParquetWriter;
import com.salestech.lake.parquet.LakeParquetWriter;
import com.salestech.lake.parquet.ParquetLake;
import com.salestech.lake.s3.S3LakeStorage;
import com.salestech.model.avro.GoldTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code wide_vendas} written a row group at a time, column by column ({@link WideVendasColumns}
 * through {@link ColumnarParquetWriter}), is the file parquet-avro writes from the same values as a
 * record, over several row groups and pages: the same Parquet schema and footer Avro schema, the
 * same rows read back by parquet-avro and by DuckDB, nulls and extreme money included; and a row
 * hashed from its primitives ({@link RowHash#of(WideRow)}) has the hash of the record that earlier
 * versions hashed, so month fingerprints survive the change.
 */
class WideVendasColumnsTests {

  private static final String BUCKET = "sales-tech-gld";

  @TempDir static Path dir;
  static EmbeddedS3Server server;
  static S3Client s3;
  static LakeStorage storage;
  static ParquetLake parquet;

  @BeforeAll
  static void startServer() {
    server = EmbeddedS3Server.start(dir.resolve("lake"), "127.0.0.1", 0, "k", "s", List.of(BUCKET));
    s3 =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .build();
    storage = new S3LakeStorage(s3);
    parquet = new ParquetLake(storage);
  }

  @AfterAll
  static void stopServer() {
    s3.close();
    server.close();
  }

  /**
   * Rows covering every null, multi-byte names, a name sliced out of a larger buffer, and money at
   * its limits.
   */
  private static List<WideRow> rows() {
    return rows(300);
  }

  private static List<WideRow> rows(int count) {
    List<WideRow> rows = new ArrayList<>();
    Random random = new Random(11);
    byte[] names = "..João Müller-Conceição..Ana".getBytes(StandardCharsets.UTF_8);
    int joao = 2;
    int joaoLength = "João Müller-Conceição".getBytes(StandardCharsets.UTF_8).length;
    long[] cents = {0, 1, -1, 54000, -123456, 99_999_999_99L, -99_999_999_99L};
    long[] receitas = {
      0, 1, -1, 2_700_000, -987_654_321, 9_999_999_999_999_999L, -999_999_999_999L
    };
    for (int i = 0; i < count; i++) {
      WideRow row = new WideRow();
      row.idVenda = i == 0 ? Long.MAX_VALUE : i == 1 ? Long.MIN_VALUE + 1 : 1000L + i;
      row.idCliente = random.nextInt(50) - 5;
      row.nomeCliente =
          switch (i % 4) {
            case 0 -> null;
            case 1 -> Binary.fromConstantByteArray(names, joao, joaoLength);
            case 2 -> Binary.fromString("Ana " + i);
            default -> Binary.fromString("");
          };
      row.sexoCliente = i % 3 == 0 ? null : Binary.fromString(i % 3 == 1 ? "M" : "F");
      row.dtNasc = i % 5 == 0 ? WideRow.NULL : -3000 + random.nextInt(20000);
      row.idadeNaVenda = i % 5 == 0 ? WideRow.NULL : random.nextInt(100);
      row.idLoja = random.nextInt(12) - 1;
      row.cidade = Binary.fromString(i % 2 == 0 ? "Recife" : "São Paulo");
      row.idProduto = random.nextInt(10);
      row.produto = Binary.fromString("produto " + (i % 7));
      row.valor = Binary.fromConstantByteArray(WideRow.fixedDecimal(cents[i % cents.length], 6));
      row.quantidade = random.nextInt(20) - 2;
      row.receita = receitas[i % receitas.length];
      row.dtVenda = 17000 + random.nextInt(3000);
      row.promocao = random.nextBoolean();
      boolean paid = i % 6 != 0;
      row.dtPgto = paid ? row.dtVenda + random.nextInt(60) - 5 : WideRow.NULL;
      row.pago = paid;
      row.diasParaPagamento = paid ? row.dtPgto - row.dtVenda : WideRow.NULL;
      row.canal = Binary.fromString(i % 2 == 0 ? "csv" : "stream");
      rows.add(row);
    }
    return rows;
  }

  /** The same row as the record the builder filled before, with the value types it used. */
  private static GenericData.Record record(WideRow row) {
    GenericData.Record r = new GenericData.Record(GoldTable.WIDE_VENDAS.schema());
    r.put("id_venda", row.idVenda);
    r.put("id_cliente", row.idCliente);
    r.put("nome_cliente", utf8(row.nomeCliente));
    r.put("sexo_cliente", utf8(row.sexoCliente));
    r.put("dt_nasc", row.dtNasc == WideRow.NULL ? null : row.dtNasc);
    r.put("idade_na_venda", row.idadeNaVenda == WideRow.NULL ? null : row.idadeNaVenda);
    r.put("id_loja", row.idLoja);
    r.put("cidade", utf8(row.cidade));
    r.put("id_produto", row.idProduto);
    r.put("produto", utf8(row.produto));
    r.put("valor", new BigDecimal(new java.math.BigInteger(row.valor.getBytes()), 2));
    r.put("quantidade", row.quantidade);
    r.put("receita", BigDecimal.valueOf(row.receita, 2));
    r.put("dt_venda", row.dtVenda);
    r.put("promocao", row.promocao);
    r.put("dt_pgto", row.dtPgto == WideRow.NULL ? null : row.dtPgto);
    r.put("pago", row.pago);
    r.put(
        "dias_para_pagamento",
        row.diasParaPagamento == WideRow.NULL ? null : row.diasParaPagamento);
    r.put("canal", utf8(row.canal));
    return r;
  }

  private static Utf8 utf8(Binary binary) {
    return binary == null ? null : new Utf8(binary.getBytes());
  }

  private static void writeBoth(String supportKey, String avroKey, List<WideRow> rows) {
    writeBoth(supportKey, avroKey, rows, 70, 140);
  }

  /**
   * Our file in batches of {@code batchRows}, a row group ended once it holds {@code groupRows},
   * and parquet-avro's of the same rows.
   */
  private static void writeBoth(
      String supportKey, String avroKey, List<WideRow> rows, int batchRows, int groupRows) {
    Set<String> plain = Set.of("id_venda", "id_cliente", "nome_cliente");
    try (ColumnarParquetWriter writer =
        parquet.columnarWriter(
            BUCKET,
            supportKey,
            WideVendasColumns.PARQUET,
            WideVendasColumns.METADATA,
            plain,
            Set.of("nome_cliente", "receita"))) {
      WideVendasColumns batch = new WideVendasColumns(batchRows);
      for (WideRow row : rows) {
        batch.add(row);
        if (batch.full()) {
          batch.writeTo(writer);
          if (writer.groupRows() >= groupRows) {
            writer.endGroup();
          }
        }
      }
      batch.writeTo(writer);
    }
    try (LakeParquetWriter<GenericRecord> writer =
        parquet.writer(BUCKET, avroKey, GoldTable.WIDE_VENDAS.schema(), 1 << 20, plain)) {
      rows.forEach(row -> writer.write(record(row)));
    }
  }

  private static List<GenericRecord> read(String key) throws Exception {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = parquet.reader(BUCKET, key)) {
      for (GenericRecord row; (row = reader.read()) != null; ) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static Path file(String key) {
    return dir.resolve("lake").resolve(BUCKET).resolve(key);
  }

  @Test
  void theFileIsTheOneParquetAvroWritesFromTheSameValues() throws Exception {
    List<WideRow> rows = rows();
    writeBoth("support/part-0.parquet", "avro/part-0.parquet", rows);

    List<GenericRecord> written = read("support/part-0.parquet");
    List<GenericRecord> expected = read("avro/part-0.parquet");
    assertThat(written).hasSize(300);
    assertThat(written).isEqualTo(expected);
    assertThat(written.get(0).get("nome_cliente")).isNull();
    assertThat(written.get(1).get("nome_cliente")).hasToString("João Müller-Conceição");
    assertThat(written.get(5).get("receita")).isEqualTo(new BigDecimal("99999999999999.99"));
    assertThat(written.get(2).get("valor")).isEqualTo(new BigDecimal("-0.01"));

    try (ParquetFileReader support =
            ParquetFileReader.open(
                new LocalInputFile(file("support/part-0.parquet")),
                org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .build());
        ParquetFileReader avro =
            ParquetFileReader.open(
                new LocalInputFile(file("avro/part-0.parquet")),
                org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                    .build())) {
      assertThat(support.getFooter().getFileMetaData().getSchema())
          .isEqualTo(avro.getFooter().getFileMetaData().getSchema());
      assertThat(support.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry(
              "parquet.avro.schema",
              avro.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema"));
    }
  }

  @Test
  void duckDbReadsTheSameTypesAndValues() throws Exception {
    writeBoth("duck-support/part-0.parquet", "duck-avro/part-0.parquet", rows());
    String support = "read_parquet('" + file("duck-support/part-0.parquet") + "')";
    String avro = "read_parquet('" + file("duck-avro/part-0.parquet") + "')";
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      assertThat(column(sql, "SELECT column_type FROM (DESCRIBE SELECT * FROM " + support + ")"))
          .isEqualTo(column(sql, "SELECT column_type FROM (DESCRIBE SELECT * FROM " + avro + ")"))
          .contains("DECIMAL(12,2)", "DECIMAL(18,2)", "DATE", "VARCHAR");
      assertThat(count(sql, "SELECT * FROM " + support + " EXCEPT ALL SELECT * FROM " + avro))
          .isZero();
      assertThat(count(sql, "SELECT * FROM " + avro + " EXCEPT ALL SELECT * FROM " + support))
          .isZero();
      assertThat(count(sql, "SELECT * FROM " + support + " WHERE nome_cliente IS NULL"))
          .isEqualTo(75);
    }
  }

  private static List<String> column(Statement sql, String query) throws Exception {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = sql.executeQuery(query)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static long count(Statement sql, String query) throws Exception {
    try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM (" + query + ")")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aRowHashedFromPrimitivesHasTheHashOfTheRecordReadBack() throws Exception {
    List<WideRow> rows = rows();
    writeBoth("hash-support/part-0.parquet", "hash-avro/part-0.parquet", rows);
    // the records as parquet-avro reads them: Utf8 strings, BigDecimal money, boxed numbers
    List<GenericRecord> records = read("hash-avro/part-0.parquet");
    for (int i = 0; i < rows.size(); i++) {
      assertThat(RowHash.of(rows.get(i))).as("row %d", i).isEqualTo(RowHash.of(records.get(i)));
    }
  }

  @Test
  void revenueBeyondItsDecimalIsRefusedNotWrapped() {
    WideRow row = rows().get(3);
    row.receita = 1_000_000_000_000_000_000L;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WideVendasColumns(10).add(row))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("decimal(18,2)");
  }

  @Test
  void groupsLargerThanAPageReadBackRowForRow() throws Exception {
    // 45,000 rows in groups of 25,000 (batches of 5,000): pages of 20,000 rows within a group, a
    // short last group
    List<WideRow> rows = rows(45_000);
    writeBoth("pages-support/part-0.parquet", "pages-avro/part-0.parquet", rows, 5_000, 25_000);
    try (ParquetFileReader support =
        ParquetFileReader.open(
            new LocalInputFile(file("pages-support/part-0.parquet")),
            org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                .build())) {
      assertThat(support.getRowGroups()).hasSize(2);
      assertThat(support.getRowGroups().get(0).getRowCount()).isEqualTo(25_000);
      assertThat(support.getRecordCount()).isEqualTo(45_000);
    }
    String ours = "read_parquet('" + file("pages-support/part-0.parquet") + "')";
    String avro = "read_parquet('" + file("pages-avro/part-0.parquet") + "')";
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      assertThat(count(sql, "SELECT * FROM " + ours + " EXCEPT ALL SELECT * FROM " + avro))
          .isZero();
      assertThat(count(sql, "SELECT * FROM " + avro + " EXCEPT ALL SELECT * FROM " + ours))
          .isZero();
      // pruning statistics are there: the row groups' min/max of id_venda
      assertThat(
              count(
                  sql,
                  "SELECT * FROM parquet_metadata('"
                      + file("pages-support/part-0.parquet")
                      + "') WHERE path_in_schema = 'id_venda' AND stats_min IS NOT NULL"))
          .isEqualTo(2);
    }
    assertThat(read("pages-support/part-0.parquet")).isEqualTo(read("pages-avro/part-0.parquet"));
  }

  @Test
  void aGroupMissingAColumnsValuesIsRefused() {
    try (ColumnarParquetWriter writer =
        parquet.columnarWriter(
            BUCKET,
            "short/part-0.parquet",
            WideVendasColumns.PARQUET,
            WideVendasColumns.METADATA,
            Set.of(),
            Set.of())) {
      writer.startGroup();
      writer.column(0).writeLong(1);
      org.assertj.core.api.Assertions.assertThatThrownBy(writer::endGroup)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("id_cliente got 0 values for a row group of 1 rows");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.column(0).writeNull())
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(file("short/part-0.parquet")).doesNotExist();
  }

  @Test
  void theJoinsPrecomputedHashesAreThoseOfTheValuesWritten() {
    ByteStore names = new ByteStore();
    for (String name : List.of("", "Ana", "João Müller-Conceição", "李小龙", "x".repeat(300))) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      int address = names.add(bytes, 0, bytes.length);
      assertThat(names.hash(address)).as(name).isEqualTo(RowHash.ofBinary(names.binary(address)));
    }
    Dimensions.Store store = new Dimensions.Store(3, "São Paulo");
    assertThat(store.cidadeHash()).isEqualTo(RowHash.ofBinary(store.cidadeBinary()));
    for (long cents : new long[] {0, 1, -1, 54_000, 99_999_999_99L, -99_999_999_99L}) {
      Dimensions.Product product =
          new Dimensions.Product(7, "Fone sem fio", BigDecimal.valueOf(cents, 2), cents);
      assertThat(product.produtoHash()).isEqualTo(RowHash.ofBinary(product.produtoBinary()));
      WideRow row = rows().get(1);
      row.valor = product.valorFixed();
      row.produto = product.produtoBinary();
      assertThat(
              RowHash.of(
                  row,
                  RowHash.ofBinary(row.nomeCliente),
                  RowHash.ofBinary(row.sexoCliente),
                  RowHash.ofBinary(row.cidade),
                  product.produtoHash(),
                  product.valorHash(),
                  RowHash.ofBinary(row.canal)))
          .as("%d cents", cents)
          .isEqualTo(RowHash.of(row));
    }
    for (char sexo : new char[] {'M', 'F', 0}) {
      assertThat(Dimensions.sexoHash(sexo))
          .isEqualTo(RowHash.ofBinary(Dimensions.sexoBinary(sexo)));
    }
  }

  @Test
  void decimalHashesAreBigDecimalHashes() {
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      long unscaled =
          switch (i % 4) {
            case 0 -> random.nextInt(1_000_000) - 500_000;
            case 1 -> random.nextLong();
            case 2 -> (long) random.nextInt() << 20;
            default -> i % 8 == 3 ? Long.MAX_VALUE - i : Long.MIN_VALUE + i;
          };
      assertThat(RowHash.ofDecimal(unscaled, 2))
          .as("%d", unscaled)
          .isEqualTo((long) BigDecimal.valueOf(unscaled, 2).hashCode());
    }
    assertThat(RowHash.ofDecimal(Long.MIN_VALUE, 2))
        .isEqualTo((long) BigDecimal.valueOf(Long.MIN_VALUE, 2).hashCode());
  }
}
