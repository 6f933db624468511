package com.salestech.etl.deploy;

import static com.salestech.etl.deploy.Deployment.instruction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile (README, Containers): a maintained JRE, the jar Maven made, a fixed
 * non-root user, the service's port exposed and health-checked, memory from the container's limit.
 */
class DockerfileTests {

  @ParameterizedTest
  @ValueSource(strings = {"ingest-api", "batch-etl", "query-service"})
  void theImageRunsTheModulesJarAsANonRootUserWithItsPortAndHealth(String name) {
    Deployment.Module module = Deployment.module(name);
    List<String[]> dockerfile = Deployment.dockerfile(name);

    assertThat(instruction(dockerfile, "FROM"))
        .singleElement()
        .asString()
        .matches("eclipse-temurin:(17|21|25)-jre");
    assertThat(instruction(dockerfile, "COPY"))
        .as("the jar Maven made (%s/pom.xml)", name)
        .anySatisfy(c -> assertThat(c).startsWith(name + "/target/" + module.jar() + " /app/"));
    assertThat(Deployment.read(".dockerignore"))
        .as("the build context sends it")
        .contains("!" + name + "/target/" + module.jar());

    List<String> users = instruction(dockerfile, "USER");
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1);
    assertThat(user).as("a fixed uid (and gid), not root").matches("[1-9][0-9]*:[1-9][0-9]*");
    String uid = user.substring(0, user.indexOf(':'));
    assertThat(instruction(dockerfile, "RUN"))
        .as("the user is created with that uid, /tmp writable for it")
        .anySatisfy(r -> assertThat(r).contains("--uid " + uid).contains("chmod 1777 /tmp"));

    assertThat(instruction(dockerfile, "EXPOSE"))
        .as("the service port (%s/src/main/resources/application.yml)", name)
        .containsExactly(Integer.toString(module.port()));
    assertThat(instruction(dockerfile, "HEALTHCHECK"))
        .singleElement()
        .asString()
        .contains(
            "/actuator/health",
            "${" + module.portVariable() + ":-" + module.port() + "}",
            "curl -fsS");

    String env = String.join(" ", instruction(dockerfile, "ENV"));
    assertThat(env)
        .contains("JAVA_TOOL_OPTIONS=")
        .containsPattern("-XX:MaxRAMPercentage=\\d+")
        .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp")
        .contains("SALESTECH_DATA_DIR=/tmp/");
    assertThat(instruction(dockerfile, "WORKDIR")).containsExactly("/tmp");
    assertThat(instruction(dockerfile, "ENTRYPOINT"))
        .as("exec form: java is PID 1 and gets SIGTERM")
        .singleElement()
        .asString()
        .matches("\\[\"java\", \"-jar\", \"/app/[a-z-]+\\.jar\"]");
    assertThat(instruction(dockerfile, "CMD")).as("server mode without arguments").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-api", "batch-etl", "query-service"})
  void composeBuildsItFromTheTopFolderAndPublishesItsPort(String name) {
    Deployment.Module module = Deployment.module(name);
    Map<String, Object> service = Deployment.services().get(name);
    Map<String, Object> build = Deployment.map(service.get("build"));
    assertThat(build)
        .containsEntry("context", ".")
        .containsEntry("dockerfile", name + "/Dockerfile");
    assertThat((List<?>) service.get("ports"))
        .map(Object::toString)
        .containsExactly("127.0.0.1:" + module.port() + ":" + module.port());
  }
}
