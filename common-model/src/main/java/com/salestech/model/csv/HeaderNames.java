package com.salestech.model.csv;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Header names are matched case-insensitively and without accents: {@code Promoção} is {@code
 * promocao}.
 */
public final class HeaderNames {

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private HeaderNames() {}

  public static String normalize(String name) {
    String stripped = name.replace("\uFEFF", "").trim();
    String noAccents =
        MARKS.matcher(Normalizer.normalize(stripped, Normalizer.Form.NFD)).replaceAll("");
    return SPACES.matcher(noAccents.toLowerCase(Locale.ROOT)).replaceAll("_");
  }
}
