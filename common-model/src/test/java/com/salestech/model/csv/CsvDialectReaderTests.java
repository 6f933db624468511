package com.salestech.model.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.model.csv.CsvRecord.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvDialectReaderTests {

  private static final String BOM = "\uFEFF";

  record Row(long line, Status status, List<String> fields, String raw) {}

  private static List<Row> readAll(CsvDialectReader reader) throws IOException {
    List<Row> rows = new ArrayList<>();
    while (reader.next()) {
      CsvRecord r = reader.record();
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < r.fieldCount(); i++) {
        fields.add(r.field(i));
      }
      rows.add(new Row(r.lineNumber(), r.status(), fields, r.rawLine()));
    }
    return rows;
  }

  private static CsvDialectReader reader(String text) throws IOException {
    return reader(text.getBytes(StandardCharsets.UTF_8), CsvDialectReader.DEFAULT_MAX_RECORD_BYTES);
  }

  private static CsvDialectReader reader(byte[] bytes, int max) throws IOException {
    return new CsvDialectReader(new ByteArrayInputStream(bytes), max, false);
  }

  private static CsvDialectReader multiline(String text, int max) throws IOException {
    return new CsvDialectReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max, true);
  }

  @Test
  void readsTheExportDialectWithBomAndCrlf() throws IOException {
    CsvDialectReader reader = reader(BOM + "id_venda;Promoção\r\n1;0\r\n2;1\r\n");
    assertThat(reader.header()).containsExactly("id_venda", "promocao");
    assertThat(reader.rawHeader()).containsExactly("id_venda", "Promoção");
    List<Row> rows = readAll(reader);
    assertThat(rows)
        .containsExactly(
            new Row(2, Status.OK, List.of("1", "0"), "1;0"),
            new Row(3, Status.OK, List.of("2", "1"), "2;1"));
  }

  @Test
  void readsLfAndAMissingFinalLineBreak() throws IOException {
    List<Row> rows = readAll(reader("id;cidade\n1;São Paulo\n2;Recife"));
    assertThat(rows)
        .extracting(Row::fields)
        .containsExactly(List.of("1", "São Paulo"), List.of("2", "Recife"));
  }

  @Test
  void emptyFieldsAndEmptyRows() throws IOException {
    List<Row> rows = readAll(reader("id;id_venda;dt_pgto\r\n;;\r\n\r\n5;;\r\n6;7;\r\n"));
    assertThat(rows)
        .extracting(Row::fields)
        .containsExactly(
            Arrays.asList(null, null, null),
            Arrays.asList((String) null),
            Arrays.asList("5", null, null),
            Arrays.asList("6", "7", null));
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L, 5L);
  }

  @Test
  void fieldsAreTrimmed() throws IOException {
    List<Row> rows = readAll(reader("id;cidade\r\n 1 ; Curitiba  \r\n"));
    assertThat(rows.get(0).fields()).containsExactly("1", "Curitiba");
    assertThat(rows.get(0).raw()).isEqualTo(" 1 ; Curitiba  ");
  }

  @Test
  void quotedFieldsMayHoldSeparatorsQuotesAndLineBreaks() throws IOException {
    List<Row> rows =
        readAll(
            multiline(
                "id;produto;valor\r\n"
                    + "1;\"cabo; USB-C\";20\r\n"
                    + "2;\"monitor 24\"\"\";1500\r\n"
                    + "3;\"mesa\r\nde canto\";860\r\n"
                    + "4;\"\";5\r\n"
                    + "5;x;6\r\n",
                4096));
    assertThat(rows)
        .extracting(Row::fields)
        .containsExactly(
            List.of("1", "cabo; USB-C", "20"),
            List.of("2", "monitor 24\"", "1500"),
            List.of("3", "mesa\r\nde canto", "860"),
            Arrays.asList("4", null, "5"),
            List.of("5", "x", "6"));
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L, 6L, 7L);
    assertThat(rows).extracting(Row::status).containsOnly(Status.OK);
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
    List<Row> rows = readAll(reader("id;produto\r\n1;monitor 24\" full\r\n"));
    assertThat(rows.get(0).fields()).containsExactly("1", "monitor 24\" full");
    assertThat(rows.get(0).status()).isEqualTo(Status.OK);
  }

  @Test
  void textAfterAClosingQuoteIsMalformed() throws IOException {
    List<Row> rows = readAll(reader("id;produto\r\n1;\"a\"b\r\n2;c\r\n"));
    assertThat(rows).extracting(Row::status).containsExactly(Status.MALFORMED, Status.OK);
    assertThat(rows.get(0).raw()).isEqualTo("1;\"a\"b");
  }

  @Test
  void aQuoteLeftOpenCostsOnlyItsOwnLine() throws IOException {
    List<Row> rows = readAll(reader("id;produto\r\n1;\"mouse\r\n2;teclado\r\n3;mesa\r\n"));
    assertThat(rows)
        .extracting(Row::status)
        .containsExactly(Status.MALFORMED, Status.OK, Status.OK);
    assertThat(rows.get(0).raw()).isEqualTo("1;\"mouse");
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
    assertThat(rows.get(2).fields()).containsExactly("3", "mesa");
  }

  @Test
  void withLineBreaksInQuotesAQuoteLeftOpenCostsOnlyItsOwnLine() throws IOException {
    List<Row> rows = readAll(multiline("id;produto\r\n1;\"mouse\r\n2;teclado\r\n3;mesa\r\n", 4096));
    assertThat(rows)
        .extracting(Row::status)
        .containsExactly(Status.MALFORMED, Status.OK, Status.OK);
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
  }

  @Test
  void withLineBreaksInQuotesAStrayQuoteWithTheWrongFieldCountCostsOnlyItsOwnLine()
      throws IOException {
    List<Row> rows =
        readAll(
            multiline(
                "id;produto;valor\r\n1;\"TV 50;1500\r\n2;mouse;20\r\n3;mesa\";860;x\r\n"
                    + "4;cadeira;540\r\n",
                4096));
    assertThat(rows)
        .extracting(Row::status)
        .containsExactly(Status.MALFORMED, Status.OK, Status.OK, Status.OK);
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L, 5L);
    assertThat(rows.get(1).fields()).containsExactly("2", "mouse", "20");
    assertThat(rows.get(2).fields()).hasSize(4);
  }

  @Test
  void aStrayQuoteClosedLinesLaterCostsOnlyItsOwnLine() throws IOException {
    List<Row> rows =
        readAll(
            reader(
                "id;produto;valor\r\n1;\"TV 50;1500\r\n2;mouse;20\r\n3;teclado;30\r\n"
                    + "4;monitor 24\";1500\r\n5;mesa;860\r\n"));
    assertThat(rows)
        .extracting(Row::status)
        .containsExactly(Status.MALFORMED, Status.OK, Status.OK, Status.OK, Status.OK);
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(rows.get(0).raw()).isEqualTo("1;\"TV 50;1500");
    assertThat(rows.get(3).fields()).containsExactly("4", "monitor 24\"", "1500");
  }

  @Test
  void bareCarriageReturnsAreRefusedAtTheHeader() {
    assertThatThrownBy(() -> reader("id;cidade\r1;Recife\r"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("bare CR");
  }

  @Test
  void aQuoteLeftOpenPastTheLimitCostsOnlyItsOwnLine() throws IOException {
    StringBuilder text = new StringBuilder("id;produto\n1;\"open\n");
    for (int i = 2; i < 400; i++) {
      text.append(i).append(";produto numero ").append(i).append('\n');
    }
    List<Row> rows = readAll(multiline(text.toString(), 4096));
    assertThat(rows).hasSize(399);
    assertThat(rows.get(0).status()).isEqualTo(Status.MALFORMED);
    assertThat(rows.subList(1, 399)).extracting(Row::status).containsOnly(Status.OK);
    assertThat(rows.get(398).fields()).containsExactly("399", "produto numero 399");
    assertThat(rows.get(398).line()).isEqualTo(400L);
  }

  @Test
  void aLineLongerThanTheLimitIsReportedAndSkippedWithoutHoldingIt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("id;produto;valor\r\n1;a;2\r\n2;".getBytes(StandardCharsets.UTF_8));
    byte[] huge = new byte[10 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    out.writeBytes(huge);
    out.writeBytes(";5\r\n3;b;4\r\n".getBytes(StandardCharsets.UTF_8));
    CsvDialectReader reader = reader(out.toByteArray(), 64 * 1024);
    List<Row> rows = readAll(reader);
    assertThat(rows).extracting(Row::status).containsExactly(Status.OK, Status.TOO_LONG, Status.OK);
    assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
    assertThat(rows.get(1).raw()).hasSize(4096).startsWith("2;xxx");
    assertThat(rows.get(2).fields()).containsExactly("3", "b", "4");
  }

  @Test
  void invalidUtf8IsReportedForItsLineOnly() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("id;cidade\r\n1;S".getBytes(StandardCharsets.UTF_8));
    out.write(0xE3); // Latin-1 'ã', not UTF-8
    out.writeBytes("o Paulo\r\n2;Bras\u00edlia\r\n".getBytes(StandardCharsets.UTF_8));
    List<Row> rows = readAll(reader(out.toByteArray(), 4096));
    assertThat(rows).extracting(Row::status).containsExactly(Status.INVALID_ENCODING, Status.OK);
    assertThat(rows.get(0).raw()).isEqualTo("1;S\uFFFDo Paulo");
    assertThat(rows.get(1).fields()).containsExactly("2", "Brasília");
  }

  @Test
  void overlongAndSurrogateEncodingsAreNotUtf8() {
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] truncated = {'a', (byte) 0xE2, (byte) 0x82};
    byte[] euro = {(byte) 0xE2, (byte) 0x82, (byte) 0xAC};
    byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.isValid(overlong, 0, 2)).isFalse();
    assertThat(Utf8.isValid(surrogate, 0, 3)).isFalse();
    assertThat(Utf8.isValid(truncated, 0, 3)).isFalse();
    assertThat(Utf8.isValid(euro, 0, 3)).isTrue();
    assertThat(Utf8.isValid(emoji, 0, emoji.length)).isTrue();
  }

  @Test
  void anEmptyStreamHasNoHeaderAndNoRows() throws IOException {
    CsvDialectReader reader = reader("");
    assertThat(reader.header()).isEmpty();
    assertThat(reader.next()).isFalse();
    CsvDialectReader bomOnly = reader(BOM);
    assertThat(bomOnly.header()).isEmpty();
  }

  @Test
  void aHeaderOnlyFileHasNoRows() throws IOException {
    CsvDialectReader reader = reader(BOM + "id;cidade\r\n");
    assertThat(reader.header()).containsExactly("id", "cidade");
    assertThat(reader.next()).isFalse();
  }

  @Test
  void binaryInputIsRefusedAtTheHeader() {
    byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, (byte) 0xfe, 0x0a};
    assertThatThrownBy(() -> reader(gzip, 4096))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void streamsInSmallReadsWithTheSameResult() throws IOException {
    StringBuilder text = new StringBuilder(BOM + "id;nome\r\n");
    for (int i = 1; i <= 5000; i++) {
      text.append(i).append(";\"Júlio; ").append(i).append("\"\r\n");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    InputStream trickle =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
          }
        };
    List<Row> rows = readAll(new CsvDialectReader(trickle, 2048, true));
    assertThat(rows).hasSize(5000);
    assertThat(rows.get(4999).fields()).containsExactly("5000", "Júlio; 5000");
    assertThat(rows).extracting(Row::status).containsOnly(Status.OK);
  }

  @Test
  void headerNamesIgnoreCaseAccentsAndSpaces() {
    assertThat(HeaderNames.normalize(" Promoção ")).isEqualTo("promocao");
    assertThat(HeaderNames.normalize("DT_VENDA")).isEqualTo("dt_venda");
    assertThat(HeaderNames.normalize("Dt Nasc")).isEqualTo("dt_nasc");
    assertThat(HeaderNames.normalize("\uFEFFid")).isEqualTo("id");
  }
}
