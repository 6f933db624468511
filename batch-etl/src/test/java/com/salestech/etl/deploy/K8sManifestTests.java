package com.salestech.etl.deploy;

import static com.salestech.etl.deploy.Deployment.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * k8s/ (README, Kubernetes), checked without a cluster: {@code kubectl kustomize} renders the base
 * and each overlay, every rendered object is read strictly into its Kubernetes API type (fabric8's
 * model: an unknown field or a wrong type fails), and the objects follow the deployment's rules.
 */
class K8sManifestTests {

  private static final String NAMESPACE = "sales-tech";

  /** The project's workloads: the pod's app.kubernetes.io/name, its module. */
  private static final Map<String, String> WORKLOADS =
      Map.of(
          "ingest-api", "ingest-api",
          "lander", "ingest-api",
          "query-service", "query-service",
          "daily-pipeline", "batch-etl",
          "gold-worker", "batch-etl");

  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("batch/v1/Job", Job.class),
          Map.entry("batch/v1/CronJob", CronJob.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

  private static final Pattern CREDENTIAL = Pattern.compile("KEY|SECRET|PASSWORD|TOKEN|MC_HOST");

  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  static {
    // "2" is not 2 for the API server: no coercion from strings to numbers or booleans
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      STRICT.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
  }

  private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  @BeforeAll
  static void kubectlIsThere() {
    // CI installs it (.ci/run: Debian's kubernetes-client) and must never skip
    assumeTrue(
        kubectl().isPresent() || System.getenv("CI") != null,
        "kubectl is not installed (Debian: apt-get install kubernetes-client); CI runs this");
    assertThat(kubectl()).as("kubectl on the PATH (.ci/run installs it)").isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void everyRenderedObjectIsAKnownKubernetesTypeWithNoUnknownField(String dir) {
    List<HasMetadata> objects = render(dir); // reads each strictly, see read()
    assertThat(objects).isNotEmpty();
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getName()).as("%s has a name", o.getKind()).isNotBlank();
      if (!dir.equals("base") && !(o instanceof Namespace)) {
        assertThat(o.getMetadata().getNamespace())
            .as("%s %s", o.getKind(), o.getMetadata().getName())
            .isEqualTo(NAMESPACE);
      }
    }
    if (!dir.equals("base")) {
      assertThat(of(objects, Namespace.class))
          .extracting(n -> n.getMetadata().getName())
          .containsExactly(NAMESPACE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/local", "overlays/aws"})
  void theProjectsWorkloadsAreAllThereFromTheirImages(String dir) {
    List<HasMetadata> objects = render(dir);
    Map<String, PodTemplateSpec> pods = pods(objects);
    assertThat(pods).containsKeys(WORKLOADS.keySet().toArray(String[]::new));
    WORKLOADS.forEach(
        (workload, module) -> {
          Container c = pods.get(workload).getSpec().getContainers().get(0);
          assertThat(c.getImage())
              .as("%s: the %s image", workload, module)
              .matches("(.+/)?salestech/" + module + ":[A-Za-z0-9._-]+");
          assertThat(c.getCommand()).as("%s: the image's entrypoint", workload).isNullOrEmpty();
          String sa = pods.get(workload).getSpec().getServiceAccountName();
          assertThat(of(objects, ServiceAccount.class))
              .as("%s: its ServiceAccount %s", workload, sa)
              .anyMatch(s -> s.getMetadata().getName().equals(sa));
        });
    var deployments = of(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class);
    assertThat(deployments)
        .filteredOn(d -> WORKLOADS.containsKey(d.getMetadata().getName()))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("ingest-api", "lander", "query-service", "gold-worker");
    // the lander is the ingest-api image with the API off, the API with the lander off
    Map<String, String> api = environment(objects, pods.get("ingest-api"));
    Map<String, String> lander = environment(objects, pods.get("lander"));
    assertThat(api)
        .containsEntry("SALESTECH_INGEST_API_ENABLED", "true")
        .containsEntry("SALESTECH_INGEST_LANDER_ENABLED", "false");
    assertThat(lander)
        .containsEntry("SALESTECH_INGEST_API_ENABLED", "false")
        .containsEntry("SALESTECH_INGEST_LANDER_ENABLED", "true");
    assertThat(image(pods.get("lander"))).isEqualTo(image(pods.get("ingest-api")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void everyPodRunsRestrictedAndTheProjectsAsUid10001WithAWritableTmpOnly(String dir) {
    String uid =
        Deployment.dockerfile("ingest-api").stream()
            .filter(i -> i[0].equals("USER"))
            .map(i -> i[1])
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(uid).isEqualTo("10001:10001");
    for (String module : Deployment.MODULES) {
      assertThat(Deployment.instruction(Deployment.dockerfile(module), "USER"))
          .as("%s's Dockerfile", module)
          .last()
          .isEqualTo(uid);
    }
    pods(render(dir))
        .forEach(
            (name, pod) -> {
              PodSecurityContext psc = pod.getSpec().getSecurityContext();
              assertThat(psc).as("%s: pod securityContext", name).isNotNull();
              assertThat(psc.getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
              assertThat(psc.getSeccompProfile().getType())
                  .as("%s seccompProfile", name)
                  .isEqualTo("RuntimeDefault");
              assertThat(pod.getSpec().getAutomountServiceAccountToken())
                  .as("%s mounts no API token", name)
                  .isFalse();
              boolean project = WORKLOADS.containsKey(name);
              if (project) {
                assertThat(psc.getRunAsUser()).as("%s runAsUser", name).isEqualTo(10001L);
              }
              List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
              if (pod.getSpec().getInitContainers() != null) {
                all.addAll(pod.getSpec().getInitContainers());
              }
              for (Container c : all) {
                String where = name + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as("%s: container securityContext", where).isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation())
                    .as("%s allowPrivilegeEscalation", where)
                    .isFalse();
                assertThat(sc.getCapabilities().getDrop())
                    .as("%s drops", where)
                    .containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("%s adds", where).isNullOrEmpty();
                assertThat(sc.getPrivileged()).as("%s privileged", where).isNotEqualTo(true);
                assertThat(sc.getReadOnlyRootFilesystem())
                    .as("%s readOnlyRootFilesystem", where)
                    .isTrue();
                if (sc.getRunAsUser() != null) {
                  assertThat(sc.getRunAsUser()).as("%s runAsUser", where).isNotZero();
                }
                if (project) {
                  assertThat(sc.getRunAsNonRoot()).as("%s runAsNonRoot", where).isTrue();
                  assertThat(sc.getRunAsUser()).as("%s runAsUser", where).isEqualTo(10001L);
                  assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                  // the only writable path: an emptyDir at /tmp
                  assertThat(c.getVolumeMounts())
                      .as("%s mounts", where)
                      .singleElement()
                      .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
                  String volume = c.getVolumeMounts().get(0).getName();
                  assertThat(pod.getSpec().getVolumes())
                      .as("%s: /tmp is an emptyDir", where)
                      .anyMatch(v -> v.getName().equals(volume) && v.getEmptyDir() != null);
                }
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void everyContainerHasRequestsAndLimitsAndEveryDeploymentItsActuatorProbes(String dir) {
    List<HasMetadata> objects = render(dir);
    pods(objects)
        .forEach(
            (name, pod) -> {
              for (Container c : pod.getSpec().getContainers()) {
                var r = c.getResources();
                assertThat(r).as("%s resources", name).isNotNull();
                assertThat(r.getRequests()).as("%s requests", name).containsKeys("cpu", "memory");
                assertThat(r.getLimits()).as("%s limits", name).containsKeys("cpu", "memory");
              }
            });
    for (String workload : List.of("ingest-api", "lander", "query-service", "gold-worker")) {
      var deployment =
          named(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class, workload);
      Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      int port = Deployment.module(WORKLOADS.get(workload)).port();
      assertThat(c.getPorts())
          .as("%s ports", workload)
          .singleElement()
          .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
      String portName = c.getPorts().get(0).getName();
      assertProbe(
          workload + " liveness",
          c.getLivenessProbe(),
          "/actuator/health/liveness",
          port,
          portName);
      assertProbe(
          workload + " readiness",
          c.getReadinessProbe(),
          "/actuator/health/readiness",
          port,
          portName);
      // the probe groups exist: the module turns them on, or the pod's environment does
      String yml = Deployment.read(WORKLOADS.get(workload) + "/src/main/resources/application.yml");
      boolean byYaml = Pattern.compile("probes:\\s*\\n\\s+enabled: true").matcher(yml).find();
      assertThat(
              byYaml
                  || "true"
                      .equals(
                          environment(objects, deployment.getSpec().getTemplate())
                              .get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")))
          .as("%s: management.endpoint.health.probes.enabled", workload)
          .isTrue();
      assertThat(deployment.getSpec().getSelector().getMatchLabels())
          .isEqualTo(Map.of("app.kubernetes.io/name", workload));
    }
    for (String workload : List.of("ingest-api", "query-service")) {
      Service service = named(objects, Service.class, workload);
      assertThat(service.getSpec().getSelector())
          .isEqualTo(Map.of("app.kubernetes.io/name", workload));
      assertThat(service.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.getPort())
                      .isEqualTo(Deployment.module(WORKLOADS.get(workload)).port()));
    }
    assertThat(of(objects, Service.class))
        .noneMatch(s -> s.getMetadata().getName().equals("lander"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void dailyPipelineRunsOnceADayAsTheCliNeverTwiceAtOnceAndAlwaysEnds(String dir) {
    CronJob cron = named(render(dir), CronJob.class, "daily-pipeline");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cron.getSpec().getStartingDeadlineSeconds()).isNotNull().isPositive();
    assertThat(cron.getSpec().getSchedule()).isEqualTo("0 3 * * *");
    assertThat(cron.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
    JobSpec job = cron.getSpec().getJobTemplate().getSpec();
    assertThat(job.getBackoffLimit()).isNotNull().isBetween(0, 5);
    assertThat(job.getActiveDeadlineSeconds()).isNotNull().isPositive();
    assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    Container c = job.getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsExactly("run", "daily-pipeline");
    assertThat(c.getImage()).contains("salestech/batch-etl");
    // a usage error (64, README) is not retried
    assertThat(job.getPodFailurePolicy().getRules())
        .anyMatch(
            r ->
                r.getAction().equals("FailJob")
                    && r.getOnExitCodes() != null
                    && r.getOnExitCodes().getValues().contains(64));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/aws"})
  void noSecretValueOutsideTheLocalOverlay(String dir) {
    List<HasMetadata> objects = render(dir);
    assertThat(of(objects, Secret.class)).as("Secrets in %s", dir).isEmpty();
    for (ConfigMap cm : of(objects, ConfigMap.class)) {
      assertThat(cm.getData().keySet())
          .as("ConfigMap %s holds no credential", cm.getMetadata().getName())
          .noneMatch(k -> CREDENTIAL.matcher(k).find() && !k.endsWith("_USER"));
    }
    pods(objects)
        .forEach(
            (name, pod) -> {
              for (Container c : pod.getSpec().getContainers()) {
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                  if (CREDENTIAL.matcher(e.getName()).find() || e.getName().endsWith("SHA256")) {
                    assertThat(e.getValue())
                        .as("%s: %s is not a literal", name, e.getName())
                        .isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef())
                        .as("%s: %s from a Secret", name, e.getName())
                        .isNotNull();
                  }
                }
              }
            });
    if (dir.equals("overlays/aws")) {
      String all = rendered(dir);
      assertThat(all).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "local-dev");
    }
  }

  @Test
  void theLocalSecretsHoldTheDocumentedDevelopmentValuesOnly() throws Exception {
    String readme = Deployment.read("README.md");
    int start = readme.indexOf("The only credentials in this repository");
    String documented = readme.substring(start, readme.indexOf("\n\n", start));
    List<String> values = new ArrayList<>();
    java.util.regex.Matcher m = Pattern.compile("`([^`]+)`").matcher(documented);
    while (m.find()) {
      values.add(m.group(1));
    }
    List<HasMetadata> objects = render("overlays/local");
    List<Secret> secrets = of(objects, Secret.class);
    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "salestech-lake-credentials", "salestech-jobs-db", "salestech-ingest-keys");
    for (Secret s : secrets) {
      assertThat(s.getData()).as("stringData only").isNullOrEmpty();
      s.getStringData()
          .forEach(
              (key, value) -> {
                if (key.equals("user") || key.equals("name")) {
                  return;
                }
                boolean ok =
                    values.contains(value)
                        || values.stream().anyMatch(v -> sha256(v).equals(value));
                assertThat(ok)
                    .as(
                        "%s/%s is a documented local development value (or its SHA-256)",
                        s.getMetadata().getName(), key)
                    .isTrue();
              });
    }
    // the ingest key is the development key st-local-dev-key-change-me
    assertThat(named(objects, Secret.class, "salestech-ingest-keys").getStringData().get("sha256"))
        .isEqualTo(sha256("st-local-dev-key-change-me"));
    // every secretKeyRef and secretRef names a Secret and key that exist here
    pods(objects)
        .forEach(
            (name, pod) -> {
              for (Container c : pod.getSpec().getContainers()) {
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                  if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    var ref = e.getValueFrom().getSecretKeyRef();
                    assertThat(named(objects, Secret.class, ref.getName()).getStringData())
                        .as("%s: %s", name, e.getName())
                        .containsKey(ref.getKey());
                  }
                }
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/local", "overlays/aws"})
  void everyVariableOfAProjectContainerIsASettingOfTheProject(String dir) throws Exception {
    List<Deployment.ReadmeSetting> readme = Deployment.readmeSettings();
    List<String> placeholders = Deployment.yamlPlaceholders();
    Map<String, String> prefixes = Deployment.configurationProperties();
    String metadata = ComposeFileTests.springMetadata();
    List<HasMetadata> objects = render(dir);
    Map<String, PodTemplateSpec> pods = pods(objects);
    for (String workload : WORKLOADS.keySet()) {
      for (String variable : environment(objects, pods.get(workload)).keySet()) {
        if (placeholders.contains(variable)) {
          continue;
        }
        List<Deployment.ReadmeSetting> documented =
            readme.stream().filter(s -> s.variable().matcher(variable).matches()).toList();
        assertThat(documented)
            .as(
                "%s %s: %s is a setting of the README's configuration table",
                dir, workload, variable)
            .isNotEmpty();
        for (Deployment.ReadmeSetting setting : documented) {
          if (setting.environmentVariable()) {
            continue;
          }
          if (setting.name().startsWith("salestech.")) {
            assertThat(ComposeFileTests.isProperty(setting.name(), prefixes))
                .as(
                    "%s: %s (%s) is a property of a @ConfigurationProperties",
                    workload, variable, setting)
                .isTrue();
          } else {
            assertThat(metadata)
                .as(
                    "%s: %s (%s) is in Spring's configuration metadata",
                    workload, variable, setting)
                .contains("\"" + setting.name() + "\"");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void theGoldBuildRunsOnTheWorkerDeploymentThroughItsQueue(String dir) {
    List<HasMetadata> objects = render(dir);
    Map<String, PodTemplateSpec> pods = pods(objects);
    Map<String, String> manager = environment(objects, pods.get("daily-pipeline"));
    Map<String, String> worker = environment(objects, pods.get("gold-worker"));
    assertThat(manager).containsEntry("SALESTECH_GOLD_REMOTE_ENABLED", "true");
    assertThat(worker).containsEntry("SALESTECH_GOLD_REMOTE_WORKER", "true");
    // one queue, one job repository, one lake for the manager and its workers
    for (String shared :
        List.of(
            "SALESTECH_GOLD_REMOTE_QUEUE",
            "SALESTECH_JOBS_DB_URL",
            "SALESTECH_LAKE_GOLDROOT",
            "SALESTECH_LAKE_SILVERROOT")) {
      assertThat(worker.get(shared)).as(shared).isNotNull().isEqualTo(manager.get(shared));
    }
    assertThat(worker.get("SPRING_CLOUD_AWS_SQS_ENDPOINT"))
        .isEqualTo(manager.get("SPRING_CLOUD_AWS_SQS_ENDPOINT"));
    assertThat(Integer.parseInt(manager.get("SALESTECH_GOLD_WORKERS"))).isGreaterThan(1);
    var deployment =
        named(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class, "gold-worker");
    assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(image(deployment.getSpec().getTemplate())).isEqualTo(image(cronPod(objects)));
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .as("server mode, no CLI command")
        .isNullOrEmpty();
    // a stopping worker may finish its partition within a lease
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(60);
    assertThat(named(objects, PodDisruptionBudget.class, "gold-worker")).isNotNull();
    if (dir.equals("overlays/local")) {
      assertThat(Deployment.read("k8s/overlays/local/elasticmq.conf"))
          .contains(manager.get("SALESTECH_GOLD_REMOTE_QUEUE") + " {");
    }
  }

  private static PodTemplateSpec cronPod(List<HasMetadata> objects) {
    return named(objects, CronJob.class, "daily-pipeline")
        .getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate();
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void everyPodIsBehindADefaultDenyAndAPolicyOfItsOwn(String dir) {
    List<HasMetadata> objects = render(dir);
    List<NetworkPolicy> policies = of(objects, NetworkPolicy.class);
    NetworkPolicy deny = named(objects, NetworkPolicy.class, "default-deny");
    assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    NetworkPolicy dns = named(objects, NetworkPolicy.class, "allow-dns");
    assertThat(dns.getSpec().getEgress())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53));
    pods(objects)
        .forEach(
            (name, pod) -> {
              Map<String, String> labels = pod.getMetadata().getLabels();
              assertThat(policies)
                  .as("%s: a NetworkPolicy selecting its pods by name", name)
                  .anyMatch(
                      p ->
                          !isEmpty(p.getSpec().getPodSelector())
                              && matches(p.getSpec().getPodSelector(), labels));
              // nothing may take traffic from everywhere on every port
              for (NetworkPolicy p : policies) {
                if (matches(p.getSpec().getPodSelector(), labels)
                    && p.getSpec().getIngress() != null) {
                  for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
                    assertThat(r.getPorts())
                        .as("%s: %s ingress ports", name, p.getMetadata().getName())
                        .isNotEmpty();
                  }
                }
                if (matches(p.getSpec().getPodSelector(), labels)
                    && p.getSpec().getEgress() != null) {
                  for (NetworkPolicyEgressRule r : p.getSpec().getEgress()) {
                    assertThat(r.getPorts())
                        .as("%s: %s egress ports", name, p.getMetadata().getName())
                        .isNotEmpty();
                  }
                }
              }
            });
    // the two that take requests take them on their port
    for (String workload : List.of("ingest-api", "query-service")) {
      int port = Deployment.module(WORKLOADS.get(workload)).port();
      assertThat(ingressPorts(policies, Map.of("app.kubernetes.io/name", workload)))
          .as("%s ingress", workload)
          .containsExactly(port);
    }
    assertThat(ingressPorts(policies, Map.of("app.kubernetes.io/name", "daily-pipeline")))
        .isEmpty();
    assertThat(ingressPorts(policies, Map.of("app.kubernetes.io/name", "gold-worker")))
        .containsExactly(Deployment.module("batch-etl").port());
  }

  @Test
  void inTheLocalOverlayEachWorkloadReachesExactlyTheStandInsItUses() {
    List<HasMetadata> objects = render("overlays/local");
    List<NetworkPolicy> policies = of(objects, NetworkPolicy.class);
    Map<String, PodTemplateSpec> pods = pods(objects);
    Map<String, Set<String>> uses =
        Map.of(
            "ingest-api", Set.of("minio:9000", "elasticmq:9324"),
            "lander", Set.of("minio:9000", "elasticmq:9324"),
            "query-service", Set.of("minio:9000"),
            "daily-pipeline", Set.of("minio:9000", "postgres:5432", "elasticmq:9324"),
            "gold-worker", Set.of("minio:9000", "postgres:5432", "elasticmq:9324"),
            "minio-buckets", Set.of("minio:9000"));
    uses.forEach(
        (workload, targets) -> {
          Map<String, String> labels = pods.get(workload).getMetadata().getLabels();
          assertThat(egressTargets(policies, labels))
              .as("%s egress", workload)
              .containsExactlyInAnyOrderElementsOf(targets);
          for (String target : targets) {
            String[] t = target.split(":");
            Service service = named(objects, Service.class, t[0]);
            assertThat(service.getSpec().getPorts())
                .anyMatch(p -> p.getPort() == Integer.parseInt(t[1]));
            Map<String, String> serverLabels = pods.get(t[0]).getMetadata().getLabels();
            // and the server lets it in
            assertThat(policies)
                .as("%s lets %s in", t[0], workload)
                .anyMatch(
                    p ->
                        matches(p.getSpec().getPodSelector(), serverLabels)
                            && p.getSpec().getIngress() != null
                            && p.getSpec().getIngress().stream()
                                .anyMatch(
                                    r ->
                                        r.getFrom() != null
                                            && r.getFrom().stream()
                                                .anyMatch(
                                                    f ->
                                                        f.getPodSelector() != null
                                                            && matches(f.getPodSelector(), labels))
                                            && r.getPorts().stream()
                                                .anyMatch(
                                                    pp ->
                                                        pp.getPort().getIntVal()
                                                            == Integer.parseInt(t[1]))));
          }
        });
    // the endpoints the services are given are those Services
    Map<String, String> api = environment(objects, pods.get("ingest-api"));
    assertThat(api)
        .containsEntry("SPRING_CLOUD_AWS_S3_ENDPOINT", "http://minio:9000")
        .containsEntry("SPRING_CLOUD_AWS_SQS_ENDPOINT", "http://elasticmq:9324");
    assertThat(environment(objects, pods.get("daily-pipeline")))
        .containsEntry("SALESTECH_JOBS_DB_URL", "jdbc:postgresql://postgres:5432/salestech")
        .containsEntry("SPRING_CLOUD_AWS_S3_ENDPOINT", "http://minio:9000")
        .containsKey("AWS_SECRET_ACCESS_KEY");
    for (String workload : WORKLOADS.keySet()) {
      assertThat(environment(objects, pods.get(workload)))
          .as("%s: MinIO's credentials", workload)
          .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
      assertThat(image(pods.get(workload))).startsWith("localhost:5000/salestech/");
    }
  }

  @Test
  void theLocalStandInsCreateTheBucketsAndQueuesTheServicesUse() {
    List<HasMetadata> objects = render("overlays/local");
    Map<String, PodTemplateSpec> pods = pods(objects);
    Map<String, String> env = environment(objects, pods.get("lander"));
    Container mc = pods.get("minio-buckets").getSpec().getContainers().get(0);
    assertThat(mc.getArgs().subList(0, 2)).containsExactly("mb", "--ignore-existing");
    List<String> buckets =
        mc.getArgs().subList(2, mc.getArgs().size()).stream()
            .map(a -> a.substring(a.indexOf('/') + 1))
            .toList();
    List<String> roots =
        Stream.of("BRONZEROOT", "SILVERROOT", "GOLDROOT")
            .map(r -> java.net.URI.create(env.get("SALESTECH_LAKE_" + r)).getHost())
            .toList();
    assertThat(buckets).containsExactlyInAnyOrderElementsOf(roots);
    assertThat(mc.getEnv())
        .anyMatch(
            e ->
                e.getName().equals("MC_HOST_lake")
                    && e.getValue().endsWith("@minio:9000")
                    && !e.getValue().contains("local-dev"));
    // ElasticMQ's configuration is docker/elasticmq.conf, unchanged
    assertThat(Deployment.read("k8s/overlays/local/elasticmq.conf"))
        .isEqualTo(Deployment.read("docker/elasticmq.conf"));
    ConfigMap conf =
        of(objects, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("elasticmq"))
            .findFirst()
            .orElseThrow();
    assertThat(conf.getData().get("elasticmq.conf"))
        .isEqualTo(Deployment.read("docker/elasticmq.conf"));
    var elasticmq =
        named(objects, io.fabric8.kubernetes.api.model.apps.Deployment.class, "elasticmq");
    assertThat(elasticmq.getSpec().getTemplate().getSpec().getVolumes())
        .anyMatch(
            v ->
                v.getConfigMap() != null
                    && v.getConfigMap().getName().equals(conf.getMetadata().getName()));
    assertThat(elasticmq.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/opt/elasticmq.conf"));
    assertThat(env)
        .containsEntry("SALESTECH_INGEST_QUEUE_NAME", "sales-events")
        .containsEntry("SALESTECH_INGEST_QUEUE_DEADLETTERNAME", "sales-events-dlq");
    assertThat(named(objects, StatefulSet.class, "postgres")).isNotNull();
  }

  @Test
  void onAwsEachWorkloadAssumesItsRoleAndTalksToAwsOnly() {
    List<HasMetadata> objects = render("overlays/aws");
    Map<String, PodTemplateSpec> pods = pods(objects);
    Set<String> arns = new java.util.HashSet<>();
    for (String workload : WORKLOADS.keySet()) {
      PodTemplateSpec pod = pods.get(workload);
      ServiceAccount sa =
          named(objects, ServiceAccount.class, pod.getSpec().getServiceAccountName());
      String arn = sa.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn");
      assertThat(arn)
          .as("%s: IRSA role", workload)
          .matches("arn:aws:iam::111122223333:role/sales-tech-[a-z-]+");
      arns.add(arn);
      Map<String, String> env = environment(objects, pod);
      assertThat(env)
          .as("%s", workload)
          .containsEntry("SPRING_PROFILES_ACTIVE", "aws")
          .doesNotContainKeys(
              "AWS_ACCESS_KEY_ID",
              "AWS_SECRET_ACCESS_KEY",
              "SPRING_CLOUD_AWS_S3_ENDPOINT",
              "SPRING_CLOUD_AWS_SQS_ENDPOINT")
          .containsKey("AWS_REGION");
      assertThat(pod.getSpec().getContainers().get(0).getEnvFrom())
          .noneMatch(f -> f.getSecretRef() != null);
      assertThat(egressPorts(of(objects, NetworkPolicy.class), pod.getMetadata().getLabels()))
          .as("%s egress", workload)
          .contains(443)
          .doesNotContain(9000, 9324);
      assertThat(image(pod)).startsWith("111122223333.dkr.ecr.");
    }
    assertThat(arns).as("a role per ServiceAccount").hasSize(4);
    assertThat(environment(objects, pods.get("daily-pipeline")))
        .containsEntry("SALESTECH_CATALOG_TYPE", "glue")
        .hasEntrySatisfying(
            "SALESTECH_JOBS_DB_URL", u -> assertThat(u).startsWith("jdbc:postgresql://"));
    assertThat(environment(objects, pods.get("query-service")))
        .containsEntry("SALESTECH_QUERY_ENGINE", "athena");
    assertThat(
            egressPorts(
                of(objects, NetworkPolicy.class),
                pods.get("daily-pipeline").getMetadata().getLabels()))
        .contains(5432);
    // the metadata service is never a destination (IRSA, not the node's role)
    assertThat(of(objects, NetworkPolicy.class))
        .allSatisfy(
            p -> {
              if (p.getSpec().getEgress() != null) {
                p.getSpec()
                    .getEgress()
                    .forEach(
                        r ->
                            Objects.requireNonNullElse(
                                    r.getTo(),
                                    List
                                        .<io.fabric8.kubernetes.api.model.networking.v1
                                                .NetworkPolicyPeer>
                                            of())
                                .forEach(
                                    t -> {
                                      if (t.getIpBlock() != null
                                          && t.getIpBlock().getCidr().equals("0.0.0.0/0")) {
                                        assertThat(t.getIpBlock().getExcept())
                                            .contains("169.254.169.254/32");
                                      }
                                    }));
              }
            });
    String readme = Deployment.read("README.md");
    assertThat(readme)
        .contains(
            "111122223333",
            "kubectl apply -k k8s/overlays/aws",
            "kubectl apply -k k8s/overlays/local");
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/aws"})
  void theApiAndTheReportsScaleOnCpuTheLanderOnTheQueuesDepth(String dir) {
    List<HasMetadata> objects = render(dir);
    for (String workload : List.of("ingest-api", "query-service")) {
      HorizontalPodAutoscaler hpa = named(objects, HorizontalPodAutoscaler.class, workload);
      assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(workload);
      assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
      assertThat(hpa.getSpec().getMetrics())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getType()).isEqualTo("Resource");
                assertThat(m.getResource().getName()).isEqualTo("cpu");
                assertThat(m.getResource().getTarget().getType()).isEqualTo("Utilization");
              });
    }
    HorizontalPodAutoscaler lander = named(objects, HorizontalPodAutoscaler.class, "lander");
    assertThat(lander.getSpec().getScaleTargetRef().getName()).isEqualTo("lander");
    MetricSpec metric = lander.getSpec().getMetrics().get(0);
    assertThat(metric.getType()).isEqualTo("External");
    // QueueMonitor's gauge ingest.queue.messages, as Prometheus names it
    String monitor =
        Deployment.read("ingest-api/src/main/java/com/salestech/ingest/queue/QueueMonitor.java");
    assertThat(monitor)
        .contains("Gauge.builder(\"ingest.queue.messages\"", ".tag(\"state\", \"visible\")");
    assertThat(metric.getExternal().getMetric().getName()).isEqualTo("ingest_queue_messages");
    String queue =
        environment(objects, pods(objects).get("lander")).get("SALESTECH_INGEST_QUEUE_NAME");
    assertThat(metric.getExternal().getMetric().getSelector().getMatchLabels())
        .isEqualTo(Map.of("queue", queue, "state", "visible"));
    assertThat(metric.getExternal().getTarget().getType()).isEqualTo("AverageValue");
    // Prometheus may scrape the lander for it
    assertThat(
            ingressPorts(
                of(objects, NetworkPolicy.class), Map.of("app.kubernetes.io/name", "lander")))
        .containsExactly(8081);
    for (String workload : List.of("ingest-api", "lander", "query-service")) {
      PodDisruptionBudget pdb = named(objects, PodDisruptionBudget.class, workload);
      assertThat(pdb.getSpec().getSelector().getMatchLabels())
          .isEqualTo(Map.of("app.kubernetes.io/name", workload));
      assertThat(
              pdb.getSpec().getMinAvailable() != null || pdb.getSpec().getMaxUnavailable() != null)
          .isTrue();
    }
  }

  // ---- rendering and reading

  static List<HasMetadata> render(String dir) {
    return RENDERED.computeIfAbsent(
        dir,
        d -> {
          List<HasMetadata> objects = new ArrayList<>();
          for (Object doc : new Yaml().loadAll(rendered(d))) {
            if (doc != null) {
              objects.add(read(d, doc));
            }
          }
          return objects;
        });
  }

  private static final Map<String, String> TEXT = new ConcurrentHashMap<>();

  static String rendered(String dir) {
    return TEXT.computeIfAbsent(
        dir,
        d -> {
          try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            Process p =
                new ProcessBuilder(kubectl().orElseThrow().toString(), "kustomize", "k8s/" + d)
                    .directory(ROOT.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            p.getOutputStream().close();
            boolean ended = p.waitFor(2, TimeUnit.MINUTES);
            if (!ended) {
              p.destroyForcibly();
            }
            assertThat(ended).as("kubectl kustomize k8s/%s ended", d).isTrue();
            assertThat(p.exitValue())
                .as("kubectl kustomize k8s/%s said:%n%s", d, Files.readString(err))
                .isZero();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            Files.delete(err);
            return text;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** One document into its API type, failing on an unknown kind, field or a wrong type. */
  private static HasMetadata read(String dir, Object doc) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) doc;
    String type = map.get("apiVersion") + "/" + map.get("kind");
    Class<? extends HasMetadata> cls = TYPES.get(type);
    assertThat(cls).as("%s: %s is a type this deployment uses", dir, type).isNotNull();
    HasMetadata object;
    try {
      object = STRICT.convertValue(map, cls);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(
          dir + ": " + type + " " + map.get("metadata") + ": " + e.getMessage(), e);
    }
    // fabric8's types keep unknown fields in additionalProperties instead of failing: none allowed
    noUnknownFields(object, dir + ": " + type + " " + object.getMetadata().getName());
    return object;
  }

  private static void noUnknownFields(Object value, String path) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        noUnknownFields(list.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> noUnknownFields(v, path + "." + k));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      try {
        Object child = getter.invoke(value);
        if (getter.getName().equals("getAdditionalProperties")) {
          assertThat((Map<?, ?>) child).as("%s: unknown fields", path).isNullOrEmpty();
        } else {
          noUnknownFields(child, path + "." + getter.getName().replaceFirst("^(get|is)", ""));
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // ---- helpers

  private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> type, String name) {
    List<T> found =
        of(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
    return found.get(0);
  }

  /** Every pod template by its app.kubernetes.io/name label. */
  private static Map<String, PodTemplateSpec> pods(List<HasMetadata> objects) {
    Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
    for (HasMetadata o : objects) {
      PodTemplateSpec pod = null;
      if (o instanceof io.fabric8.kubernetes.api.model.apps.Deployment d) {
        pod = d.getSpec().getTemplate();
      } else if (o instanceof StatefulSet s) {
        pod = s.getSpec().getTemplate();
      } else if (o instanceof Job j) {
        pod = j.getSpec().getTemplate();
      } else if (o instanceof CronJob c) {
        pod = c.getSpec().getJobTemplate().getSpec().getTemplate();
      }
      if (pod != null) {
        String name = pod.getMetadata().getLabels().get("app.kubernetes.io/name");
        assertThat(name)
            .as("%s %s: pods labelled by name", o.getKind(), o.getMetadata().getName())
            .isNotNull();
        assertThat(pods.put(name, pod)).as("one workload named %s", name).isNull();
      }
    }
    return pods;
  }

  /** What a container's environment will be: envFrom's ConfigMaps and Secrets, then env. */
  private static Map<String, String> environment(List<HasMetadata> objects, PodTemplateSpec pod) {
    Map<String, String> env = new LinkedHashMap<>();
    Container c = pod.getSpec().getContainers().get(0);
    for (EnvFromSource from :
        Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
      if (from.getConfigMapRef() != null) {
        env.putAll(named(objects, ConfigMap.class, from.getConfigMapRef().getName()).getData());
      } else if (from.getSecretRef() != null) {
        Secret s = named(objects, Secret.class, from.getSecretRef().getName());
        env.putAll(s.getStringData());
      }
    }
    for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
      env.put(e.getName(), e.getValue() != null ? e.getValue() : "<from " + e.getValueFrom() + ">");
    }
    return env;
  }

  private static String image(PodTemplateSpec pod) {
    return pod.getSpec().getContainers().get(0).getImage();
  }

  private static void assertProbe(
      String what, Probe probe, String path, int port, String portName) {
    assertThat(probe).as(what).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as(what).isEqualTo(path);
    var p = probe.getHttpGet().getPort();
    assertThat(p.getIntVal() != null ? p.getIntVal().equals(port) : p.getStrVal().equals(portName))
        .as("%s on port %d", what, port)
        .isTrue();
  }

  private static boolean isEmpty(LabelSelector s) {
    return (s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
        && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
  }

  private static boolean matches(LabelSelector s, Map<String, String> labels) {
    if (s.getMatchLabels() != null) {
      for (var e : s.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    for (LabelSelectorRequirement r :
        Objects.requireNonNullElse(s.getMatchExpressions(), List.<LabelSelectorRequirement>of())) {
      String v = labels.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> v != null && r.getValues().contains(v);
            case "NotIn" -> v == null || !r.getValues().contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            default -> throw new AssertionError("operator " + r.getOperator());
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> ingressPorts(
      List<NetworkPolicy> policies, Map<String, String> labels) {
    List<Integer> ports = new ArrayList<>();
    for (NetworkPolicy p : policies) {
      if (matches(p.getSpec().getPodSelector(), labels) && p.getSpec().getIngress() != null) {
        p.getSpec()
            .getIngress()
            .forEach(r -> r.getPorts().forEach(pp -> ports.add(pp.getPort().getIntVal())));
      }
    }
    return ports;
  }

  private static List<Integer> egressPorts(
      List<NetworkPolicy> policies, Map<String, String> labels) {
    List<Integer> ports = new ArrayList<>();
    for (NetworkPolicy p : policies) {
      if (matches(p.getSpec().getPodSelector(), labels) && p.getSpec().getEgress() != null) {
        p.getSpec()
            .getEgress()
            .forEach(r -> r.getPorts().forEach(pp -> ports.add(pp.getPort().getIntVal())));
      }
    }
    return ports;
  }

  /** name:port of every in-namespace pod a workload may reach (DNS aside). */
  private static Set<String> egressTargets(
      List<NetworkPolicy> policies, Map<String, String> labels) {
    Set<String> targets = new java.util.TreeSet<>();
    for (NetworkPolicy p : policies) {
      if (!matches(p.getSpec().getPodSelector(), labels) || p.getSpec().getEgress() == null) {
        continue;
      }
      for (NetworkPolicyEgressRule r : p.getSpec().getEgress()) {
        for (var to :
            Objects.requireNonNullElse(
                r.getTo(),
                List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer>of())) {
          if (to.getNamespaceSelector() != null || to.getPodSelector() == null) {
            continue; // DNS in kube-system, or an address block
          }
          String target = to.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
          r.getPorts().forEach(pp -> targets.add(target + ":" + pp.getPort().getIntVal()));
        }
      }
    }
    return targets;
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
