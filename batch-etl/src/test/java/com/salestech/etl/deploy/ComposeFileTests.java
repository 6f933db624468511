package com.salestech.etl.deploy;

import static com.salestech.etl.deploy.Deployment.ROOT;
import static com.salestech.etl.deploy.Deployment.environment;
import static com.salestech.etl.deploy.Deployment.map;
import static com.salestech.etl.deploy.Deployment.module;
import static com.salestech.etl.deploy.Deployment.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.salestech.model.lake.LakeLayout;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.support.CronExpression;

/**
 * docker-compose.yml (README, Containers), checked without a Docker engine: Debian's docker-compose
 * validates it, and its YAML follows the deployment's rules.
 */
class ComposeFileTests {

  /** Environment variables of the JVM itself, not settings of the services. */
  private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

  private static final Pattern CREDENTIAL = Pattern.compile("KEY|SECRET|PASSWORD|TOKEN|MC_HOST");

  private final Map<String, Map<String, Object>> services = services();

  @Test
  void dockerComposeValidatesTheFileWithAndWithoutTheTrinoProfile() throws Exception {
    Optional<Path> binary = dockerCompose();
    // CI installs it (.ci/run) and must never skip; a developer without it gets a skip
    assumeTrue(
        binary.isPresent() || System.getenv("CI") != null,
        "docker-compose is not installed (Debian: apt-get install docker-compose); CI runs this");
    assertThat(binary).as("docker-compose on the PATH (.ci/run installs it)").isPresent();
    for (List<String> profile :
        List.of(
            List.<String>of(), List.of("--profile", "trino"), List.of("--profile", "workers"))) {
      List<String> command = new ArrayList<>(List.of(binary.get().toString()));
      command.addAll(List.of("-f", "docker-compose.yml", "--project-directory", "."));
      command.addAll(profile);
      command.addAll(List.of("config", "-q"));
      Process process =
          new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      boolean ended = process.waitFor(2, TimeUnit.MINUTES);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ended) {
        process.destroyForcibly();
      }
      assertThat(ended).as("%s ended", command).isTrue();
      assertThat(process.exitValue()).as("%s said:%n%s", command, output).isZero();
      assertThat(output).as("%s printed", command).isBlank();
    }
  }

  @Test
  void theProjectServicesAreConfiguredOnlyThroughTheirEnvironment() {
    List<String> project = projectServices();
    assertThat(project)
        .containsExactlyInAnyOrder(
            "ingest-api",
            "lander",
            "batch-etl",
            "gold-worker",
            "query-service",
            "query-service-trino");
    for (String name : project) {
      Map<String, Object> service = services.get(name);
      assertThat(service)
          .as("%s: no command line settings, files of settings or secrets", name)
          .doesNotContainKeys("command", "entrypoint", "env_file", "configs", "secrets");
      assertThat(service.get("environment"))
          .as("%s: environment as a map", name)
          .isInstanceOf(Map.class);
      assertThat(service.get("read_only"))
          .as("%s: read-only root file system", name)
          .isEqualTo(true);
      // nothing mounted but its own writable /tmp: no application.yml slipped in through a volume
      assertThat((List<?>) service.get("volumes"))
          .as("%s volumes", name)
          .allSatisfy(v -> assertThat(v.toString()).matches("[a-z0-9-]+:/tmp"));
    }
  }

  @Test
  void theProjectServicesRunAsANonRootUser() {
    for (String name : projectServices()) {
      Map<String, Object> service = services.get(name);
      Object user = service.get("user");
      if (user != null) {
        assertThat(user.toString()).as("%s: user", name).doesNotMatch("(0|root)(:.*)?");
        continue;
      }
      List<String> users =
          Deployment.instruction(Deployment.dockerfile(module(service).name()), "USER");
      assertThat(users).as("%s: its Dockerfile sets USER", name).isNotEmpty();
      assertThat(users.get(users.size() - 1))
          .as("%s: the last USER of its Dockerfile, a fixed uid", name)
          .matches("[1-9][0-9]*(:[1-9][0-9]*)?");
    }
  }

  @Test
  void everySpringSettingInAnEnvironmentIsASettingOfTheProject() throws IOException {
    List<Deployment.ReadmeSetting> readme = Deployment.readmeSettings();
    assertThat(readme).as("settings of the README's configuration table").hasSizeGreaterThan(50);
    List<String> placeholders = Deployment.yamlPlaceholders();
    Map<String, String> prefixes = Deployment.configurationProperties();
    String metadata = springMetadata();
    for (String name : projectServices()) {
      for (String variable : environment(services.get(name)).keySet()) {
        if (JVM_VARIABLES.contains(variable) || placeholders.contains(variable)) {
          continue;
        }
        List<Deployment.ReadmeSetting> documented =
            readme.stream().filter(s -> s.variable().matcher(variable).matches()).toList();
        assertThat(documented)
            .as("%s: %s is a setting of the README's configuration table", name, variable)
            .isNotEmpty();
        for (Deployment.ReadmeSetting setting : documented) {
          if (setting.environmentVariable()) {
            continue; // read by name, like AWS_ACCESS_KEY_ID by the AWS SDK
          }
          if (setting.name().startsWith("salestech.")) {
            assertThat(isProperty(setting.name(), prefixes))
                .as(
                    "%s: %s (%s) is a property of a @ConfigurationProperties",
                    name, variable, setting)
                .isTrue();
          } else {
            assertThat(metadata)
                .as("%s: %s (%s) is in Spring's configuration metadata", name, variable, setting)
                .contains("\"" + setting.name() + "\"");
          }
        }
      }
    }
  }

  @Test
  void theThreeBucketsOfTheLakeAreCreatedBeforeTheServicesStart() {
    Map<String, Object> setup = services.get("minio-setup");
    assertThat((String) setup.get("image")).startsWith("minio/mc:");
    List<String> command = commandOf(setup);
    assertThat(command.get(0)).isEqualTo("mb");
    Set<String> created = new LinkedHashSet<>();
    for (String target : command.subList(1, command.size())) {
      if (!target.startsWith("-")) {
        assertThat(target).as("an alias/bucket target").contains("/");
        created.add(target.substring(target.indexOf('/') + 1));
      }
    }
    // the alias points at the compose MinIO with its credentials
    String alias = command.stream().filter(t -> t.contains("/")).findFirst().orElseThrow();
    String host = environment(setup).get("MC_HOST_" + alias.substring(0, alias.indexOf('/')));
    assertThat(host).isNotNull();
    URI minio = URI.create(host);
    assertThat(minio.getHost()).isEqualTo("minio");
    Map<String, String> minioEnv = environment(services.get("minio"));
    assertThat(minio.getUserInfo())
        .isEqualTo(minioEnv.get("MINIO_ROOT_USER") + ":" + minioEnv.get("MINIO_ROOT_PASSWORD"));

    Set<String> buckets = new LinkedHashSet<>();
    LakeLayout defaults =
        LakeLayout.of(
            LakeLayout.DEFAULT_BRONZE, LakeLayout.DEFAULT_SILVER, LakeLayout.DEFAULT_GOLD);
    buckets.add(defaults.bronze().bucket());
    buckets.add(defaults.silver().bucket());
    buckets.add(defaults.gold().bucket());
    assertThat(buckets).containsExactly("sales-tech-brz", "sales-tech-slv", "sales-tech-gld");
    for (String name : projectServices()) {
      Map<String, String> env = environment(services.get(name));
      assertThat(env.get("SPRING_CLOUD_AWS_S3_ENDPOINT"))
          .as("%s: the lake is the compose MinIO", name)
          .isEqualTo("http://minio:9000");
      assertThat(env.get("AWS_ACCESS_KEY_ID")).isEqualTo(minioEnv.get("MINIO_ROOT_USER"));
      assertThat(env.get("AWS_SECRET_ACCESS_KEY")).isEqualTo(minioEnv.get("MINIO_ROOT_PASSWORD"));
      for (String root : List.of("BRONZEROOT", "SILVERROOT", "GOLDROOT")) {
        String value = env.get("SALESTECH_LAKE_" + root);
        if (value != null) {
          buckets.add(URI.create(value).getHost());
        }
      }
      assertThat(map(map(services.get(name).get("depends_on")).get("minio-setup")).get("condition"))
          .as("%s waits for the buckets", name)
          .isEqualTo("service_completed_successfully");
    }
    assertThat(created).containsExactlyInAnyOrderElementsOf(buckets);
  }

  @Test
  void theQueueAndItsDeadLetterQueueAreCreatedWithTheProjectsRedrive() {
    Map<String, Object> elasticmq = services.get("elasticmq");
    assertThat((String) elasticmq.get("image")).startsWith("softwaremill/elasticmq-native:");
    assertThat((List<?>) elasticmq.get("volumes"))
        .map(Object::toString)
        .contains("./docker/elasticmq.conf:/opt/elasticmq.conf:ro");
    String conf = Deployment.read("docker/elasticmq.conf");
    Map<String, String> defaults = readmeDefaults();
    String queue = defaults.get("salestech.ingest.queue.name");
    String deadLetter = defaults.get("salestech.ingest.queue.dead-letter-name");
    assertThat(queue).isEqualTo("sales-events");
    assertThat(deadLetter).isEqualTo("sales-events-dlq");
    for (String name : List.of("ingest-api", "lander")) {
      Map<String, String> env = environment(services.get(name));
      assertThat(env.get("SPRING_CLOUD_AWS_SQS_ENDPOINT")).isEqualTo("http://elasticmq:9324");
      assertThat(env.getOrDefault("SALESTECH_INGEST_QUEUE_NAME", queue)).isEqualTo(queue);
      assertThat(env.getOrDefault("SALESTECH_INGEST_QUEUE_DEADLETTERNAME", deadLetter))
          .isEqualTo(deadLetter);
    }
    String queues = block(conf, "queues");
    assertThat(block(queues, deadLetter)).as("the dead-letter queue").isNotNull();
    String main = block(queues, queue);
    assertThat(main).as("the queue").isNotNull();
    String redrive = block(main, "deadLettersQueue");
    assertThat(redrive).contains("name = \"" + deadLetter + "\"");
    assertThat(redrive)
        .containsPattern(
            "maxReceiveCount = "
                + defaults.get("salestech.ingest.queue.max-receive-count")
                + "\\b");
    assertThat(main)
        .contains(
            "defaultVisibilityTimeout = "
                + defaults.get("salestech.ingest.queue.visibility-timeout").replace("s", "")
                + " seconds");
    assertThat(conf).contains("bind-port = 9324").contains("host = \"*\"");
  }

  @Test
  void theLanderRunsAloneBesideTheApiFromTheSameImage() {
    Map<String, String> api = environment(services.get("ingest-api"));
    Map<String, String> lander = environment(services.get("lander"));
    assertThat(api).containsEntry("SALESTECH_INGEST_LANDER_ENABLED", "false");
    assertThat(api.getOrDefault("SALESTECH_INGEST_API_ENABLED", "true")).isEqualTo("true");
    assertThat(lander).containsEntry("SALESTECH_INGEST_API_ENABLED", "false");
    assertThat(lander.getOrDefault("SALESTECH_INGEST_LANDER_ENABLED", "true")).isEqualTo("true");
    assertThat(services.get("lander").get("image"))
        .isEqualTo(services.get("ingest-api").get("image"));
    assertThat(services.get("lander").get("build"))
        .isEqualTo(services.get("ingest-api").get("build"));
    assertThat(services.get("lander")).as("nothing to publish").doesNotContainKey("ports");
  }

  @Test
  void batchEtlRunsOnItsScheduleWithItsJobRepositoryOnPostgres() throws Exception {
    Map<String, String> env = environment(services.get("batch-etl"));
    String cron = env.get("SALESTECH_JOBS_DAILYPIPELINECRON");
    assertThat(cron).isNotNull();
    assertThat(CronExpression.parse(cron).next(java.time.LocalDateTime.of(2026, 1, 1, 12, 0)))
        .isEqualTo(java.time.LocalDateTime.of(2026, 1, 2, 3, 0));
    Map<String, String> postgres = environment(services.get("postgres"));
    assertThat(env.get("SALESTECH_JOBS_DB_URL"))
        .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
    assertThat(env.get("SALESTECH_JOBS_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
    assertThat(env.get("SALESTECH_JOBS_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    // the driver ships in the executable jar (runtime scope)
    Class.forName("org.postgresql.Driver");
    assertThat(
            map(map(services.get("batch-etl").get("depends_on")).get("postgres")).get("condition"))
        .isEqualTo("service_healthy");
  }

  @Test
  void theWorkersProfileRunsTheGoldBuildOnWorkersOfTheBatchImageThroughAQueueThatExists() {
    Map<String, Object> worker = services.get("gold-worker");
    Map<String, Object> batch = services.get("batch-etl");
    assertThat(worker.get("profiles")).isEqualTo(List.of("workers"));
    assertThat(worker.get("image")).isEqualTo(batch.get("image"));
    assertThat(map(worker.get("deploy")).get("replicas")).isEqualTo(2);
    Map<String, String> env = environment(worker);
    Map<String, String> manager = environment(batch);
    assertThat(env)
        .containsEntry("SALESTECH_GOLD_REMOTE_WORKER", "true")
        .containsEntry("SPRING_CLOUD_AWS_SQS_ENDPOINT", "http://elasticmq:9324")
        .containsEntry("SALESTECH_JOBS_DAILYPIPELINECRON", "-");
    // the manager and its workers share the job repository and the queue
    for (String shared :
        List.of(
            "SALESTECH_JOBS_DB_URL", "SALESTECH_JOBS_DB_USER", "SPRING_CLOUD_AWS_SQS_ENDPOINT")) {
      assertThat(env.get(shared)).as(shared).isEqualTo(manager.get(shared));
    }
    assertThat(manager.get("SALESTECH_GOLD_REMOTE_ENABLED"))
        .isEqualTo("${SALESTECH_GOLD_REMOTE_ENABLED:-false}");
    String queue = readmeDefaults().get("salestech.gold.remote.queue");
    assertThat(queue).isEqualTo("sales-tech-gold-partitions");
    assertThat(block(block(Deployment.read("docker/elasticmq.conf"), "queues"), queue))
        .as("the queue of the gold partitions")
        .isNotNull();
    assertThat(map(map(worker.get("depends_on")).get("elasticmq")).get("condition"))
        .isEqualTo("service_healthy");
  }

  @Test
  void theTrinoProfileServesGoldToAQueryServiceOfItsOwn() {
    Map<String, Object> trino = services.get("trino");
    Map<String, Object> query = services.get("query-service-trino");
    assertThat((String) trino.get("image")).startsWith("trinodb/trino:");
    assertThat(trino.get("profiles")).isEqualTo(List.of("trino"));
    assertThat(query.get("profiles")).isEqualTo(List.of("trino"));
    assertThat(services.get("query-service")).doesNotContainKey("profiles");

    Map<String, String> env = environment(query);
    assertThat(env).containsEntry("SALESTECH_QUERY_ENGINE", "trino");
    URI url = URI.create(env.get("SALESTECH_QUERY_TRINO_URL").substring("jdbc:".length()));
    assertThat(url.getHost()).isEqualTo("trino");
    assertThat(url.getPort()).isEqualTo(8080);
    String catalog = env.getOrDefault("SALESTECH_QUERY_TRINO_CATALOG", "lake");
    assertThat((List<?>) trino.get("volumes"))
        .map(Object::toString)
        .contains(
            "./docker/trino-lake.properties:/etc/trino/catalog/" + catalog + ".properties:ro");
    assertThat(env.getOrDefault("SALESTECH_QUERY_TRINO_LOCATIONSCHEME", "s3://"))
        .isEqualTo("s3://");

    String properties = Deployment.read("docker/trino-lake.properties");
    assertThat(properties)
        .contains("connector.name=hive", "hive.metastore=file", "fs.native-s3.enabled=true");
    // the catalog reads the same MinIO with the same credentials, from Trino's environment
    Map<String, String> trinoEnv = environment(trino);
    Matcher variable = Pattern.compile("\\$\\{ENV:([A-Z_]+)}").matcher(properties);
    while (variable.find()) {
      assertThat(trinoEnv).as("Trino's environment").containsKey(variable.group(1));
    }
    assertThat(properties).contains("s3.endpoint=${ENV:S3_ENDPOINT}");
    assertThat(trinoEnv.get("S3_ENDPOINT")).isEqualTo(env.get("SPRING_CLOUD_AWS_S3_ENDPOINT"));
    assertThat(trinoEnv.get("AWS_ACCESS_KEY_ID")).isEqualTo(env.get("AWS_ACCESS_KEY_ID"));
    assertThat(map(map(query.get("depends_on")).get("trino")).get("condition"))
        .isEqualTo("service_healthy");
  }

  @Test
  void everyDependencyWaitsForHealthOrForTheOneShotToFinish() {
    services.forEach(
        (name, service) ->
            map(service.get("depends_on"))
                .forEach(
                    (dependency, how) -> {
                      String condition = (String) map(how).get("condition");
                      assertThat(condition)
                          .as("%s waits for %s", name, dependency)
                          .isIn("service_healthy", "service_completed_successfully");
                      if (condition.equals("service_healthy")) {
                        assertThat(hasHealthcheck(services.get(dependency)))
                            .as("%s has a healthcheck", dependency)
                            .isTrue();
                      } else {
                        assertThat(dependency).isEqualTo("minio-setup");
                      }
                    }));
    for (String name : List.of("minio", "elasticmq", "postgres", "trino")) {
      assertThat(hasHealthcheck(services.get(name))).as("%s has a healthcheck", name).isTrue();
    }
  }

  @Test
  void theOnlyCredentialsAreTheDocumentedLocalDevelopmentOnes() {
    String readme = Deployment.read("README.md");
    int start = readme.indexOf("The only credentials in this repository");
    String documented = readme.substring(start, readme.indexOf("\n\n", start));
    services.forEach(
        (name, service) ->
            environment(service)
                .forEach(
                    (variable, value) -> {
                      if (!CREDENTIAL.matcher(variable).find() || variable.endsWith("_USER")) {
                        return;
                      }
                      String secret =
                          variable.startsWith("MC_HOST_")
                              ? URI.create(value).getUserInfo().split(":", 2)[1]
                              : value;
                      assertThat(documented)
                          .as("%s: %s is a documented local development value", name, variable)
                          .contains("`" + secret + "`");
                    }));
  }

  @Test
  void theProjectServicesPublishTheirPortsOnLoopbackOnly() {
    for (String name : projectServices()) {
      Deployment.Module module = module(services.get(name));
      Object ports = services.get(name).get("ports");
      if (ports == null) {
        continue;
      }
      assertThat((List<?>) ports)
          .as("%s ports", name)
          .allSatisfy(
              p -> assertThat(p.toString()).matches("127\\.0\\.0\\.1:\\d+:" + module.port()));
    }
  }

  private List<String> projectServices() {
    return services.keySet().stream().filter(n -> module(services.get(n)) != null).toList();
  }

  private boolean hasHealthcheck(Map<String, Object> service) {
    if (service.containsKey("healthcheck")) {
      return true;
    }
    Deployment.Module module = module(service);
    return module != null
        && !Deployment.instruction(Deployment.dockerfile(module.name()), "HEALTHCHECK").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<String> commandOf(Map<String, Object> service) {
    Object command = service.get("command");
    return command instanceof List<?> list
        ? (List<String>) list
        : Arrays.asList(command.toString().trim().split("\\s+"));
  }

  /** Defaults of the README's configuration table, by name. */
  private static Map<String, String> readmeDefaults() {
    Map<String, String> defaults = new java.util.LinkedHashMap<>();
    for (Deployment.ReadmeSetting setting : Deployment.readmeSettings()) {
      if (setting.defaultValue() != null) {
        defaults.putIfAbsent(setting.name(), setting.defaultValue());
      }
    }
    return defaults;
  }

  /** The body of {@code name { ... }} in HOCON text, or null. */
  private static String block(String text, String name) {
    Matcher open =
        Pattern.compile("(?m)^\\s*\"?" + Pattern.quote(name) + "\"?\\s*\\{").matcher(text);
    if (!open.find()) {
      return null;
    }
    int depth = 1;
    int i = open.end();
    for (; i < text.length() && depth > 0; i++) {
      if (text.charAt(i) == '{') {
        depth++;
      } else if (text.charAt(i) == '}') {
        depth--;
      }
    }
    return text.substring(open.end(), i - 1);
  }

  /** Whether a salestech property names a component of a @ConfigurationProperties record. */
  static boolean isProperty(String property, Map<String, String> prefixes) {
    String prefix =
        prefixes.keySet().stream()
            .filter(p -> property.startsWith(p + "."))
            .max((a, b) -> Integer.compare(a.length(), b.length()))
            .orElse(null);
    if (prefix == null) {
      return false;
    }
    String source = prefixes.get(prefix);
    for (String segment : property.substring(prefix.length() + 1).split("\\.")) {
      if (segment.matches("<[^>]+>")) {
        continue; // a map key
      }
      String camel = camel(segment.replaceAll("\\[[^]]+]", ""));
      if (!Pattern.compile("\\b" + Pattern.quote(camel) + "\\b").matcher(source).find()) {
        return false;
      }
    }
    return true;
  }

  private static String camel(String kebab) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** Spring's configuration metadata of every jar on the class path (Spring Cloud AWS's too). */
  static String springMetadata() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Resource resource :
        new PathMatchingResourcePatternResolver()
            .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
      try (var in = resource.getInputStream()) {
        all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return all.toString().replaceAll("\"name\"\\s*:\\s*", "\"name\":");
  }

  private static Optional<Path> dockerCompose() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "docker-compose");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
