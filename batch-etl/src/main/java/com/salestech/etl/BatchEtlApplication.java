package com.salestech.etl;

import com.salestech.etl.cli.Cli;
import com.salestech.etl.cli.CliFailure;
import com.salestech.etl.sample.SampleDataGenerator;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The batch service. With a command ({@code run}, {@code land}, {@code generate}) it does that one
 * thing and exits with its status; without one it serves the jobs API and runs the schedule.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BatchEtlApplication {

  /**
   * Spring Boot's report of a failed start (a failure analysis, or a stack trace): the CLI prints
   * one line instead, unless {@code --debug} asks for the details.
   */
  private static final String[] QUIET_FAILURES = {
    "logging.level.org.springframework.boot.SpringApplication=off",
    "logging.level.org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter=off",
    "logging.level.org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger=off"
  };

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("generate")) {
      SampleDataGenerator.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      args = new String[] {"help"};
    }
    if (args.length > 0 && Cli.COMMANDS.contains(args[0])) {
      // always exit: the embedded servers (S3Proxy, the H2 server) would keep the JVM alive
      System.exit(runCommand(args));
    }
    SpringApplication.run(BatchEtlApplication.class, args);
  }

  /**
   * Runs one CLI command in a context without web server or schedule; returns the exit status.
   * Whatever fails, from the context's start to the command's end, is one line on stderr and an
   * exit status ({@link CliFailure}).
   */
  public static int runCommand(String... args) {
    boolean debug = List.of(args).contains("--debug") || List.of(args).contains("--trace");
    SpringApplicationBuilder builder =
        new SpringApplicationBuilder(BatchEtlApplication.class)
            .web(WebApplicationType.NONE)
            .properties("salestech.scheduling.enabled=false");
    if (!debug) {
      builder.properties(QUIET_FAILURES);
    }
    ConfigurableApplicationContext context = null;
    // a command is never a worker of the gold build (whose partitions System.exit would cut)
    String[] commandArgs = Arrays.copyOf(args, args.length + 1);
    commandArgs[args.length] = "--salestech.gold.remote.worker=false";
    try {
      context = builder.run(commandArgs);
      int status = context.getBean(Cli.class).execute(args);
      return SpringApplication.exit(context, () -> status);
    } catch (Throwable e) {
      CliFailure failure = CliFailure.of(e);
      System.err.println(Cli.PREFIX + failure.message());
      if (debug) {
        e.printStackTrace();
      }
      return failure.exitCode();
    } finally {
      if (context != null && context.isActive()) {
        context.close();
      }
    }
  }
}
