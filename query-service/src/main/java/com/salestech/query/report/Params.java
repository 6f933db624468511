package com.salestech.query.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of one request, read strictly: a parameter the endpoint does not take, a
 * value that does not parse, a single-valued parameter given twice all become {@link
 * BadParametersException.ParameterError}s, collected so that one {@code 400} names them all.
 */
final class Params {

  private final MultiValueMap<String, String> raw;
  private final List<BadParametersException.ParameterError> errors = new ArrayList<>();

  Params(MultiValueMap<String, String> raw, Set<String> allowed) {
    this.raw = raw;
    for (String name : new TreeSet<>(raw.keySet())) {
      if (!allowed.contains(name)) {
        error(name, "unknown parameter; this endpoint takes " + new TreeSet<>(allowed));
      }
    }
  }

  void error(String parameter, String message) {
    errors.add(new BadParametersException.ParameterError(parameter, message));
  }

  boolean ok() {
    return errors.isEmpty();
  }

  /** Throws the collected errors, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw new BadParametersException(errors);
    }
  }

  private String single(String name) {
    List<String> values = raw.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      error(name, "given " + values.size() + " times; it takes one value");
      return null;
    }
    String value = values.get(0).trim();
    if (value.isEmpty()) {
      error(name, "is empty");
      return null;
    }
    return value;
  }

  boolean has(String name) {
    return raw.containsKey(name);
  }

  LocalDate date(String name, boolean required) {
    String value = single(name);
    if (value == null) {
      if (required && !has(name)) {
        error(name, "is required (an ISO date, YYYY-MM-DD)");
      }
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      error(name, "is not an ISO date (YYYY-MM-DD): " + clip(value));
      return null;
    }
  }

  /** One of an enum's {@link Choice#wire() wire names}, or {@code fallback} when absent. */
  <E extends Enum<E> & Choice> E choice(String name, Class<E> type, E fallback) {
    String value = single(name);
    if (value == null) {
      return has(name) ? null : fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.wire().equals(value.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    error(
        name,
        "must be one of "
            + Arrays.stream(type.getEnumConstants()).map(Choice::wire).toList()
            + ", not "
            + clip(value));
    return null;
  }

  Integer integer(String name, int fallback, int min, int max) {
    String value = single(name);
    if (value == null) {
      return has(name) ? null : fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        error(name, "must be between " + min + " and " + max + ", not " + n);
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      error(name, "is not an integer: " + clip(value));
      return null;
    }
  }

  Long positiveLong(String name) {
    String value = single(name);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        error(name, "must not be negative, not " + n);
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      error(name, "is not an integer: " + clip(value));
      return null;
    }
  }

  /** One id: an integer > 0, or null when absent. */
  Integer id(String name) {
    String value = single(name);
    if (value == null) {
      return null;
    }
    try {
      int id = Integer.parseInt(value);
      if (id <= 0) {
        error(name, "ids are integers > 0, not " + id);
        return null;
      }
      return id;
    } catch (NumberFormatException e) {
      error(name, "is not an integer id: " + clip(value));
      return null;
    }
  }

  /** Every value of a repeatable id parameter (also comma-separated), each an integer > 0. */
  List<Integer> ids(String name) {
    List<Integer> ids = new ArrayList<>();
    for (String value : values(name)) {
      try {
        int id = Integer.parseInt(value);
        if (id <= 0) {
          error(name, "ids are integers > 0, not " + id);
        } else if (!ids.contains(id)) {
          ids.add(id);
        }
      } catch (NumberFormatException e) {
        error(name, "is not an integer id: " + clip(value));
      }
    }
    return ids;
  }

  /** Every value of a repeatable flag parameter: {@code true} or {@code false}. */
  List<Boolean> flags(String name) {
    List<Boolean> flags = new ArrayList<>();
    for (String value : values(name)) {
      Boolean flag =
          switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> null;
          };
      if (flag == null) {
        error(name, "must be true or false, not " + clip(value));
      } else if (!flags.contains(flag)) {
        flags.add(flag);
      }
    }
    return flags;
  }

  private List<String> values(String name) {
    List<String> values = raw.get(name);
    if (values == null) {
      return List.of();
    }
    List<String> all =
        values.stream()
            .flatMap(v -> Arrays.stream(v.split(",")))
            .map(String::trim)
            .collect(Collectors.toList());
    if (all.stream().anyMatch(String::isEmpty)) {
      error(name, "has an empty value");
      all.removeIf(String::isEmpty);
    }
    return all;
  }

  /** Echoes caller text back in a problem, bounded and without control characters. */
  private static String clip(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
