package com.salestech.etl.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of the container deployment (README, Containers), read as text: docker-compose.yml,
 * each service's Dockerfile, application.yml and pom, and the README's configuration table.
 */
final class Deployment {

  /** The services built from this repository: module, the port setting and its default. */
  record Module(String name, String portVariable, int port, String jar) {}

  static final Path ROOT = root();

  private Deployment() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("batch-etl"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
  }

  static String read(String relative) {
    try {
      return Files.readString(ROOT.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> compose() {
    return (Map<String, Object>) new Yaml().load(read("docker-compose.yml"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) compose().get("services");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  /** A service's environment as names and values (compose allows a map or NAME=value items). */
  static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object value = service.get("environment");
    if (value instanceof List<?> items) {
      for (Object item : items) {
        String[] pair = item.toString().split("=", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    } else if (value instanceof Map<?, ?> entries) {
      entries.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
    }
    return env;
  }

  /** The module whose Dockerfile builds a service, or null for a third-party image. */
  static Module module(Map<String, Object> service) {
    Object build = service.get("build");
    if (build == null) {
      return null;
    }
    String dockerfile = build instanceof Map<?, ?> b ? (String) b.get("dockerfile") : "Dockerfile";
    Path module = Path.of(dockerfile).getParent();
    return module == null ? null : module(module.toString());
  }

  static Module module(String name) {
    String yml = read(name + "/src/main/resources/application.yml");
    Matcher port =
        Pattern.compile("(?m)^server:\\s*\\n\\s+port:\\s*\\$\\{([A-Z_]+):(\\d+)}").matcher(yml);
    if (!port.find()) {
      throw new IllegalStateException(name + ": no server.port: ${NAME:port} in application.yml");
    }
    String pom = read(name + "/pom.xml");
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    if (!finalName.find()) {
      throw new IllegalStateException(name + ": no finalName in its pom");
    }
    Matcher classifier = Pattern.compile("<classifier>([^<]+)</classifier>").matcher(pom);
    String jar = finalName.group(1) + (classifier.find() ? "-" + classifier.group(1) : "") + ".jar";
    return new Module(name, port.group(1), Integer.parseInt(port.group(2)), jar);
  }

  static final List<String> MODULES = List.of("ingest-api", "batch-etl", "query-service");

  /**
   * A Dockerfile as its instructions, comments dropped and continuation lines joined: each item is
   * {@code [INSTRUCTION, arguments]}.
   */
  static List<String[]> dockerfile(String module) {
    List<String[]> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : read(module + "/Dockerfile").split("\n")) {
      String trimmed = line.strip();
      if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] parts = current.toString().strip().split("\\s+", 2);
      instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
      current.setLength(0);
    }
    return instructions;
  }

  static List<String> instruction(List<String[]> dockerfile, String name) {
    return dockerfile.stream().filter(i -> i[0].equals(name)).map(i -> i[1]).toList();
  }

  /**
   * Every backticked name in the first column of the README's configuration table, expanded ({@code
   * salestech.lake.bronze-root / silver-root}: two properties), with its default when the second
   * column gives one per name.
   */
  static List<ReadmeSetting> readmeSettings() {
    String readme = read("README.md");
    int start = readme.indexOf("\n## Configuration\n");
    int end = readme.indexOf("\n## ", start + 5);
    List<ReadmeSetting> settings = new ArrayList<>();
    Pattern backticked = Pattern.compile("`([^`]+)`");
    for (String row : readme.substring(start, end).split("\n")) {
      if (!row.startsWith("| `")) {
        continue;
      }
      String[] cells = row.split("\\|");
      List<String[]> names = new ArrayList<>();
      Matcher token = backticked.matcher(cells[1]);
      String lastProperty = null;
      String lastEnv = null;
      while (token.find()) {
        String t = token.group(1);
        if (t.contains(".")) {
          lastProperty = t;
          names.add(new String[] {t, "property"});
        } else if (t.matches("[A-Z][A-Z0-9_]*")) {
          lastEnv = t;
          names.add(new String[] {t, "env"});
        } else if (t.startsWith("_") && lastEnv != null) {
          names.add(new String[] {lastEnv.substring(0, lastEnv.lastIndexOf('_')) + t, "env"});
        } else if (lastProperty != null) {
          names.add(
              new String[] {
                lastProperty.substring(0, lastProperty.lastIndexOf('.') + 1) + t, "property"
              });
        }
      }
      List<String> defaults = new ArrayList<>();
      // columns: setting, service, default, meaning
      Matcher value = backticked.matcher(cells.length > 3 ? cells[3] : "");
      while (value.find()) {
        defaults.add(value.group(1));
      }
      for (int i = 0; i < names.size(); i++) {
        String[] n = names.get(i);
        settings.add(
            new ReadmeSetting(
                n[0],
                n[1].equals("env"),
                defaults.size() == names.size() ? defaults.get(i) : null));
      }
    }
    return settings;
  }

  /**
   * A setting of the README's table: a property (its environment variable by relaxed binding) or an
   * environment variable the configuration reads by name.
   */
  record ReadmeSetting(String name, boolean environmentVariable, String defaultValue) {

    /** The environment variable(s) that set it, as a pattern ({@code <table>}, {@code [i]}). */
    Pattern variable() {
      if (environmentVariable) {
        return Pattern.compile(Pattern.quote(name));
      }
      StringBuilder regex = new StringBuilder();
      for (String segment : name.split("\\.")) {
        if (!regex.isEmpty()) {
          regex.append('_');
        }
        if (segment.matches("<[^>]+>")) {
          regex.append("[A-Z0-9]+");
          continue;
        }
        Matcher indexed = Pattern.compile("(.*)\\[[^]]+]").matcher(segment);
        if (indexed.matches()) {
          regex.append(Pattern.quote(envSegment(indexed.group(1)))).append("_[0-9]+");
        } else {
          regex.append(Pattern.quote(envSegment(segment)));
        }
      }
      return Pattern.compile(regex.toString());
    }

    private static String envSegment(String segment) {
      return segment.replace("-", "").toUpperCase();
    }
  }

  /** The environment variables the services' YAML reads by name: {@code ${NAME:default}}. */
  static List<String> yamlPlaceholders() {
    List<String> names = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (String module : MODULES) {
      files.add(module + "/src/main/resources/application.yml");
    }
    files.add("common-lake/src/main/resources/salestech-lake.yml");
    for (String file : files) {
      Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(read(file));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Each {@code @ConfigurationProperties} prefix of the project's sources, with its source. */
  static Map<String, String> configurationProperties() {
    Map<String, String> prefixes = new LinkedHashMap<>();
    Pattern annotation = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)");
    for (String module : List.of("common-lake", "ingest-api", "batch-etl", "query-service")) {
      try (var files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          Matcher m = annotation.matcher(source);
          if (m.find()) {
            prefixes.put(m.group(1), source);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return prefixes;
  }
}
