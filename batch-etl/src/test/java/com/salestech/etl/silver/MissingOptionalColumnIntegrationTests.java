package com.salestech.etl.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.SilverLake;
import com.salestech.etl.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Four clientes exports read in one run, newest first: one with every column, then one lacking each
 * optional column. A lacking column is null in every row of its file, never a value left over from
 * the file read before it.
 */
@SpringBootTest
class MissingOptionalColumnIntegrationTests {

  static final Path DATA = EtlTestSupport.newDataDir("missing-optional");
  static final SilverLake LAKE = new SilverLake(DATA);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("salestech.data-dir", DATA::toString);
  }

  @Autowired Cli cli;

  private int land(Path dir, String name, String date, String csv) throws IOException {
    Path file = Files.writeString(dir.resolve(name), csv);
    return cli.execute("land", file.toString(), "--table", "clientes", "--ingest-date", date);
  }

  @Test
  void aFileLackingAnOptionalColumnGivesNullThereAndKeepsItsOtherColumns() throws IOException {
    Path dir = Files.createDirectories(DATA.resolve("exports"));
    // Read in this order (newest ingest_date first); each file's last row has every value set.
    assertThat(
            land(
                dir,
                "clientes_completo.csv",
                "2026-11-04",
                "id;nome;sexo;dt_nasc\r\n1;Ana Lima;F;2/1/1990\r\n2;Bruno Alves;M;3/4/1980\r\n"))
        .isEqualTo(Cli.OK);
    assertThat(
            land(
                dir,
                "clientes_sem_sexo.csv",
                "2026-11-03",
                "id;nome;dt_nasc\r\n10;Carla Dias;5/6/1970\r\n11;Davi Reis;7/8/1985\r\n"))
        .isEqualTo(Cli.OK);
    assertThat(
            land(
                dir,
                "clientes_sem_nome.csv",
                "2026-11-02",
                "id;sexo;dt_nasc\r\n20;F;9/10/1975\r\n21;M;11/12/1995\r\n"))
        .isEqualTo(Cli.OK);
    assertThat(
            land(
                dir,
                "clientes_sem_dt_nasc.csv",
                "2026-11-01",
                "id;nome;sexo\r\n30;Elisa Melo;F\r\n31;Fabio Cruz;M\r\n"))
        .isEqualTo(Cli.OK);

    assertThat(cli.execute("run", "bronze-to-silver")).isEqualTo(Cli.OK);

    assertThat(LAKE.rows("clientes", "id"))
        .extracting(
            r ->
                r.get("id")
                    + ";"
                    + r.get("nome")
                    + ";"
                    + r.get("sexo")
                    + ";"
                    + r.get("dt_nasc")
                    + ";"
                    + r.get("ingest_date"))
        .containsExactly(
            "1;Ana Lima;F;1990-02-01;2026-11-04",
            "2;Bruno Alves;M;1980-03-04;2026-11-04",
            "10;Carla Dias;null;1970-05-06;2026-11-03",
            "11;Davi Reis;null;1985-07-08;2026-11-03",
            "20;null;F;1975-09-10;2026-11-02",
            "21;null;M;1995-11-12;2026-11-02",
            "30;Elisa Melo;F;null;2026-11-01",
            "31;Fabio Cruz;M;null;2026-11-01");
    assertThat(LAKE.quarantine("clientes")).isEmpty();
  }
}
