package com.salestech.lake.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.lake.embedded.EmbeddedS3Server;
import com.salestech.lake.s3.S3LakeStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A file written column by column, in batches and two row groups, reads back value for value
 * (DuckDB reading it), whatever objects the strings come in: the same objects again and again,
 * fresh objects with equal bytes, one reused buffer whose bytes change every row, nulls, and a
 * plain column of distinct strings; and the largest int of a file comes from its footer.
 */
class ColumnarParquetWriterTests {

  private static final String BUCKET = "gld";
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message t { required int64 id; optional binary city (STRING);"
              + " optional binary code (STRING); optional binary name (STRING); }");

  @TempDir static Path dir;
  static EmbeddedS3Server server;
  static S3Client s3;
  static ParquetLake parquet;

  @BeforeAll
  static void start() {
    server = EmbeddedS3Server.start(dir.resolve("lake"), "127.0.0.1", 0, "k", "s", List.of(BUCKET));
    s3 =
        S3Client.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
            .build();
    parquet = new ParquetLake(new S3LakeStorage(s3));
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @Test
  void stringsReadBackWhateverObjectsTheyCameIn() throws Exception {
    Binary[] cities = {
      Binary.fromString("Recife"), Binary.fromString("São Paulo"), Binary.fromString("Belém")
    };
    byte[] reused = new byte[3];
    Binary code = Binary.fromReusedByteArray(reused);
    int rows = 30_000;
    List<String> expectedCity = new ArrayList<>();
    List<String> expectedCode = new ArrayList<>();
    try (ColumnarParquetWriter writer =
        parquet.columnarWriter(
            BUCKET, "t/part-0.parquet", SCHEMA, Map.of(), Set.of("name"), Set.of("name"))) {
      for (int batch = 0; batch < rows; batch += 1000) {
        if (batch == 12_000) {
          writer.endGroup();
        }
        if (!writer.groupOpen()) {
          writer.startGroup();
        }
        for (int i = batch; i < batch + 1000; i++) {
          writer.column(0).writeLong(i);
        }
        for (int i = batch; i < batch + 1000; i++) {
          ColumnarParquetWriter.Column city = writer.column(1);
          if (i % 7 == 0) {
            city.writeNull();
            expectedCity.add(null);
          } else if (i % 5 == 0) {
            // a fresh object with the bytes of a shared one
            String text = cities[i % 3].toStringUsingUTF8();
            city.writeBinary(Binary.fromString(text));
            expectedCity.add(text);
          } else {
            city.writeBinary(cities[i % 3]);
            expectedCity.add(cities[i % 3].toStringUsingUTF8());
          }
        }
        for (int i = batch; i < batch + 1000; i++) {
          String text = String.format("%03d", i % 11);
          System.arraycopy(text.getBytes(StandardCharsets.UTF_8), 0, reused, 0, 3);
          writer.column(2).writeBinary(code);
          expectedCode.add(text);
        }
        for (int i = batch; i < batch + 1000; i++) {
          writer.column(3).writeBinary(Binary.fromString("name " + i));
        }
      }
    }
    Path file = dir.resolve("lake").resolve(BUCKET).resolve("t/part-0.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rs =
            sql.executeQuery("SELECT id, city, code, name FROM '" + file + "' ORDER BY id")) {
      int i = 0;
      while (rs.next()) {
        assertThat(rs.getLong(1)).isEqualTo(i);
        assertThat(rs.getString(2)).as("city %d", i).isEqualTo(expectedCity.get(i));
        assertThat(rs.getString(3)).as("code %d", i).isEqualTo(expectedCode.get(i));
        assertThat(rs.getString(4)).isEqualTo("name " + i);
        i++;
      }
      assertThat(i).isEqualTo(rows);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT count(DISTINCT row_group_id), max(CASE WHEN path_in_schema = 'city'"
                    + " THEN encodings END) FROM parquet_metadata('"
                    + file
                    + "')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("row groups").isEqualTo(2);
      assertThat(rs.getString(2)).as("city's encodings").contains("DICTIONARY");
    }
  }

  @Test
  void theLargestIntOfAFileComesFromItsFooterOrIsNotGuessed() {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message t { optional int32 day (DATE); optional int32 unpruned (DATE);"
                + " optional int32 empty (DATE); }");
    try (ColumnarParquetWriter writer =
        parquet.columnarWriter(
            BUCKET, "max/part-0.parquet", schema, Map.of(), Set.of(), Set.of("unpruned"))) {
      for (int group = 0; group < 2; group++) {
        writer.startGroup();
        for (int c = 0; c < 3; c++) {
          for (int i = 0; i < 100; i++) {
            int day = group == 0 ? 20_000 + i : 19_000 - i;
            if (c == 2 || i % 10 == 0) {
              writer.column(c).writeNull();
            } else {
              writer.column(c).writeInt(day);
            }
          }
        }
        writer.endGroup();
      }
    }
    long length =
        dir.resolve("lake").resolve(BUCKET).resolve("max/part-0.parquet").toFile().length();
    try (ColumnScan scan =
        ColumnScan.open(
            new S3LakeStorage(s3), BUCKET, "max/part-0.parquet", length, "day", "empty")) {
      assertThat(scan.maxInt("day")).hasValue(20_099);
      assertThat(scan.maxInt("unpruned")).as("no statistics: not guessed").isEmpty();
      assertThat(scan.maxInt("empty")).hasValue(ColumnScan.NULL_INT);
    }
  }
}
