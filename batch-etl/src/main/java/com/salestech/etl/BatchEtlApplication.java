package com.salestech.etl;

import com.salestech.etl.cli.Cli;
import com.salestech.etl.sample.SampleDataGenerator;
import java.util.Arrays;
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

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("generate")) {
      SampleDataGenerator.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && Cli.COMMANDS.contains(args[0])) {
      System.exit(runCommand(args));
    }
    SpringApplication.run(BatchEtlApplication.class, args);
  }

  /** Runs one CLI command in a context without web server or schedule; returns the exit status. */
  public static int runCommand(String... args) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(BatchEtlApplication.class)
            .web(WebApplicationType.NONE)
            .properties("salestech.scheduling.enabled=false")
            .run(args);
    int status = context.getBean(Cli.class).execute(args);
    return SpringApplication.exit(context, () -> status);
  }
}
