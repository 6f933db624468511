package com.salestech.model.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.salestech.model.Table;
import com.salestech.model.avro.SilverSchemas;
import com.salestech.model.csv.CsvDialectReader;
import com.salestech.model.rules.RowParser.Outcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class RowParserTests {

  record Result(Outcome outcome, String reason, String column, GenericData.Record row) {}

  private static List<Result> parse(Table table, String csv) throws IOException {
    return parse(table, csv, ColumnRules.DEFAULT_MAX_PRICE, null);
  }

  private static List<Result> parse(
      Table table, String csv, BigDecimal max, Map<String, Long> warningsOut) throws IOException {
    CsvDialectReader reader =
        new CsvDialectReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    RowParser parser = new RowParser(table, reader.header(), max);
    List<Result> results = new ArrayList<>();
    while (reader.next()) {
      GenericData.Record row = new GenericData.Record(SilverSchemas.of(table));
      Outcome outcome = parser.parse(reader.record(), row);
      results.add(
          new Result(
              outcome,
              parser.reason() == null ? null : parser.reason().code(),
              parser.failedColumn(),
              outcome == Outcome.VALID ? row : null));
    }
    if (warningsOut != null) {
      warningsOut.putAll(parser.warnings());
    }
    return results;
  }

  private static int day(int y, int m, int d) {
    return (int) LocalDate.of(y, m, d).toEpochDay();
  }

  @Test
  void customersKeepRowsWithMissingOrBadOptionalValues() throws IOException {
    Map<String, Long> warnings = new java.util.HashMap<>();
    List<Result> results =
        parse(
            Table.CLIENTES,
            "\uFEFFid;nome;sexo;dt_nasc\r\n"
                + "2;Caio Pereira;M;4/16/1978\r\n"
                + "288;Victor Ribeiro;;12/17/1974\r\n"
                + "3;;x;2/30/1980\r\n"
                + "x4;Ana;F;1/1/1990\r\n",
            ColumnRules.DEFAULT_MAX_PRICE,
            warnings);
    assertThat(results.get(0).row().get("id")).isEqualTo(2L);
    assertThat(results.get(0).row().get("nome")).isEqualTo("Caio Pereira");
    assertThat(results.get(0).row().get("sexo")).isEqualTo("M");
    assertThat(results.get(0).row().get("dt_nasc")).isEqualTo(day(1978, 4, 16));
    assertThat(results.get(1).row().get("sexo")).isNull();
    GenericData.Record third = results.get(2).row();
    assertThat(third.get("nome")).isNull();
    assertThat(third.get("sexo")).isNull();
    assertThat(third.get("dt_nasc")).isNull();
    assertThat(results.get(3).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(results.get(3).reason()).isEqualTo("bad_integer");
    assertThat(warnings)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("sexo:invalid_value", 1L, "dt_nasc:bad_date", 1L));
  }

  @Test
  void productsReadPricesAndRefuseTheJunkRow() throws IOException {
    List<Result> results =
        parse(
            Table.PRODUTOS,
            "id;produto;valor\r\n1;mouse;20\r\n5;monitor;1500.0\r\n10;xxx-231a;3211352\r\n");
    assertThat(results.get(0).row().get("valor")).isEqualTo(new BigDecimal("20.00"));
    assertThat(results.get(1).row().get("valor")).isEqualTo(new BigDecimal("1500.00"));
    assertThat(results.get(1).row().get("id")).isEqualTo(5);
    assertThat(results.get(2).reason()).isEqualTo("price_out_of_range");
    assertThat(results.get(2).column()).isEqualTo("valor");
  }

  @Test
  void thePriceLimitIsConfigurable() throws IOException {
    List<Result> results =
        parse(
            Table.PRODUTOS,
            "id;produto;valor\r\n10;xxx-231a;3211352\r\n",
            new BigDecimal("5000000"),
            null);
    assertThat(results.get(0).row().get("valor")).isEqualTo(new BigDecimal("3211352.00"));
  }

  @Test
  void salesGetQuantityOneAndTheCsvChannel() throws IOException {
    List<Result> results =
        parse(
            Table.VENDAS, "id;id_cliente;id_loja;id_produto;dt_venda\r\n1;620;3;2;07/11/2018\r\n");
    GenericData.Record row = results.get(0).row();
    assertThat(row.get("id")).isEqualTo(1L);
    assertThat(row.get("id_cliente")).isEqualTo(620L);
    assertThat(row.get("id_loja")).isEqualTo(3);
    assertThat(row.get("id_produto")).isEqualTo(2);
    assertThat(row.get("dt_venda")).isEqualTo(day(2018, 11, 7));
    assertThat(row.get("quantidade")).isEqualTo(1);
    assertThat(row.get("canal")).isEqualTo("csv");
  }

  @Test
  void theFirstFailingColumnInFileOrderGivesTheReason() throws IOException {
    // dt_venda comes first in this file, so its bad date wins over the bad store id
    List<Result> results =
        parse(
            Table.VENDAS,
            "dt_venda;id;id_cliente;id_loja;id_produto\r\n"
                + "31/02/2019;1;620;x;2\r\n"
                + "01/02/2019;2;620;x;2\r\n"
                + "01/02/2019;3;;;2\r\n");
    assertThat(results)
        .extracting(Result::reason)
        .containsExactly("bad_date", "bad_integer", "missing_required");
    assertThat(results)
        .extracting(Result::column)
        .containsExactly("dt_venda", "id_loja", "id_cliente");
  }

  @Test
  void emptyRowsWrongCountsAndBadFlags() throws IOException {
    List<Result> results =
        parse(Table.PAGAMENTOS, "id;id_venda;dt_pgto\r\n;;\r\n1;2\r\n1;2;01/01/2019;x\r\n");
    assertThat(results)
        .extracting(Result::outcome)
        .containsExactly(Outcome.EMPTY, Outcome.REJECTED, Outcome.REJECTED);
    assertThat(results.get(1).reason()).isEqualTo("malformed_row");
    assertThat(results.get(2).reason()).isEqualTo("malformed_row");
    List<Result> promo = parse(Table.VENDA_PROMOCAO, "id_venda;promoção\r\n1;talvez\r\n2;Sim\r\n");
    assertThat(promo.get(0).reason()).isEqualTo("invalid_value");
    assertThat(promo.get(1).row().get("promocao")).isEqualTo(true);
  }

  @Test
  void extraColumnsAreIgnoredAndAMissingRequiredOneFailsTheFile() throws IOException {
    List<Result> results = parse(Table.LOJAS, "id;cidade;uf\r\n1;São Paulo;SP\r\n");
    assertThat(results.get(0).row().get("cidade")).isEqualTo("São Paulo");
    assertThatThrownBy(() -> parse(Table.VENDAS, "id;id_cliente;id_loja;dt_venda\r\n"))
        .isInstanceOf(MissingColumnException.class)
        .hasMessageContaining("'id_produto'")
        .hasMessageContaining("vendas");
  }

  @Test
  void aColumnTheFileLacksIsNullEvenInARecordReusedFromAnotherFile() throws IOException {
    // The silver builder reuses one record across the files of a table.
    GenericData.Record row = new GenericData.Record(SilverSchemas.of(Table.CLIENTES));
    assertThat(parseInto(row, "id;nome;sexo;dt_nasc\r\n1;Ana Lima;F;2/1/1990\r\n"))
        .isEqualTo(Outcome.VALID);
    assertThat(parseInto(row, "id;nome;sexo\r\n2;Bruno Alves;M\r\n")).isEqualTo(Outcome.VALID);
    assertThat(row.get("id")).isEqualTo(2L);
    assertThat(row.get("nome")).isEqualTo("Bruno Alves");
    assertThat(row.get("sexo")).isEqualTo("M");
    assertThat(row.get("dt_nasc")).isNull();
    assertThat(parseInto(row, "dt_nasc;id\r\n3/4/1980;3\r\n")).isEqualTo(Outcome.VALID);
    assertThat(row.get("id")).isEqualTo(3L);
    assertThat(row.get("nome")).isNull();
    assertThat(row.get("sexo")).isNull();
    assertThat(row.get("dt_nasc")).isEqualTo(day(1980, 3, 4));
  }

  /** Parses the one data row of a clientes file into {@code row}. */
  private static Outcome parseInto(GenericData.Record row, String csv) throws IOException {
    CsvDialectReader reader =
        new CsvDialectReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    RowParser parser =
        new RowParser(Table.CLIENTES, reader.header(), ColumnRules.DEFAULT_MAX_PRICE);
    assertThat(reader.next()).isTrue();
    return parser.parse(reader.record(), row);
  }
}
