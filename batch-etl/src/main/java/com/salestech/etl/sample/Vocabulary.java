package com.salestech.etl.sample;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;

/**
 * The retailer's words and dates, encoded to UTF-8 once so rows are written as bytes. Names, cities
 * and products follow the real exports; accents are kept because the pipeline must carry them
 * intact.
 */
final class Vocabulary {

  static final byte[][] FEMALE_FIRST_NAMES =
      utf8(
          "Ana",
          "Alice",
          "Aline",
          "Amanda",
          "Beatriz",
          "Bianca",
          "Brenda",
          "Bruna",
          "Camila",
          "Carolina",
          "Clara",
          "Eduarda",
          "Emilly",
          "Fernanda",
          "Gabriela",
          "Giovanna",
          "Isabela",
          "Júlia",
          "Julia",
          "Lara",
          "Larissa",
          "Laura",
          "Lavínia",
          "Letícia",
          "Luana",
          "Luiza",
          "Manuela",
          "Maria",
          "Mariana",
          "Melissa",
          "Nicole",
          "Rafaela",
          "Rebeca",
          "Sarah",
          "Sofia",
          "Tânia",
          "Thaís",
          "Vitória",
          "Yasmin",
          "Ágatha");

  static final byte[][] MALE_FIRST_NAMES =
      utf8(
          "André",
          "Antônio",
          "Arthur",
          "Breno",
          "Bruno",
          "Caio",
          "Carlos",
          "Cauã",
          "Daniel",
          "Davi",
          "Diego",
          "Diogo",
          "Eduardo",
          "Enzo",
          "Fábio",
          "Felipe",
          "Gabriel",
          "Guilherme",
          "Gustavo",
          "Igor",
          "João",
          "José",
          "Júlio",
          "Kauê",
          "Leonardo",
          "Lucas",
          "Luís",
          "Marcos",
          "Mateus",
          "Miguel",
          "Murilo",
          "Nicolas",
          "Otávio",
          "Pedro",
          "Rafael",
          "Rodrigo",
          "Samuel",
          "Thiago",
          "Tomás",
          "Vinícius",
          "Vitor");

  static final byte[][] LAST_NAMES =
      utf8(
          "Almeida",
          "Alves",
          "Araújo",
          "Azevedo",
          "Barbosa",
          "Barros",
          "Cardoso",
          "Carvalho",
          "Castro",
          "Cavalcanti",
          "Correia",
          "Costa",
          "Cunha",
          "Dias",
          "Fernandes",
          "Ferreira",
          "Gomes",
          "Gonçalves",
          "Lima",
          "Martins",
          "Melo",
          "Oliveira",
          "Pereira",
          "Pinto",
          "Ribeiro",
          "Rocha",
          "Rodrigues",
          "Santos",
          "Silva",
          "Sousa",
          "Souza");

  /** Store {@code i} is in {@code CITIES[i - 1]}. */
  static final String[] CITIES = {
    "São Paulo",
    "Rio de Janeiro",
    "Curitiba",
    "Belo Horizonte",
    "Santa Catarina",
    "Recife",
    "Salvador",
    "Brasília",
    "Palmas",
    "Vitória"
  };

  /**
   * Product {@code i} is {@code PRODUCTS[i - 1]}, written as the export writes it ({@code 1500.0}
   * included). The last one is the junk row, priced out of range.
   */
  static final String[][] PRODUCTS = {
    {"mouse", "20"},
    {"teclado", "30"},
    {"laptop básico", "2300"},
    {"laptop gamer", "5300"},
    {"monitor", "1500.0"},
    {"impressora", "700"},
    {"carregador", "150"},
    {"cadeira", "540"},
    {"mesa", "860"},
    {"xxx-231a", "3211352"}
  };

  /** Day-first prefixes that look like dates but are not: {@code 31/02/2019}. */
  static final byte[][] BAD_DAY_FIRST =
      utf8("30/02/", "31/02/", "31/04/", "31/06/", "31/09/", "31/11/", "32/01/");

  /** Month-first prefixes that look like dates but are not: {@code 2/30/1980}. */
  static final byte[][] BAD_MONTH_FIRST =
      utf8("2/30/", "2/31/", "4/31/", "6/31/", "9/31/", "11/31/", "1/32/");

  /** Words in a flag column that no flag rule accepts. */
  static final byte[][] NOT_FLAGS = utf8("talvez", "2");

  private Vocabulary() {}

  /** {@code dd/MM/yyyy} for every day of {@code [first, last]}, as the sales system writes it. */
  static byte[][] dayFirstDates(LocalDate first, LocalDate last) {
    return dates(first, last, "%02d/%02d/%d", true);
  }

  /** {@code M/d/yyyy} without padding for every day of {@code [first, last]}: {@code 4/16/1978}. */
  static byte[][] monthFirstDates(LocalDate first, LocalDate last) {
    return dates(first, last, "%d/%d/%d", false);
  }

  private static byte[][] dates(LocalDate first, LocalDate last, String pattern, boolean dayFirst) {
    int days = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
    byte[][] texts = new byte[days][];
    for (int i = 0; i < days; i++) {
      LocalDate d = first.plusDays(i);
      int a = dayFirst ? d.getDayOfMonth() : d.getMonthValue();
      int b = dayFirst ? d.getMonthValue() : d.getDayOfMonth();
      texts[i] =
          String.format(Locale.ROOT, pattern, a, b, d.getYear())
              .getBytes(StandardCharsets.US_ASCII);
    }
    return texts;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[][] utf8(String... texts) {
    return Arrays.stream(texts).map(Vocabulary::utf8).toArray(byte[][]::new);
  }
}
