package com.salestech.etl.cli;

import com.salestech.etl.jobs.JobAlreadyRunningException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.config.ConfigDataException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.PlaceholderResolutionException;
import org.springframework.validation.FieldError;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Why a command ended without doing its work: the one line it prints on stderr and the exit status
 * a scheduler acts on ({@link Cli#TRY_LATER}, {@link Cli#CONFIGURATION}, {@link Cli#UNAVAILABLE},
 * {@link Cli#INTERNAL_ERROR}).
 */
public record CliFailure(int exitCode, String message) {

  /** What a failure of the context's start or of a command means to whoever runs the command. */
  public static CliFailure of(Throwable failure) {
    List<Throwable> chain = chain(failure);
    for (Throwable cause : chain) {
      if (cause instanceof JobAlreadyRunningException) {
        return new CliFailure(Cli.TRY_LATER, cause.getMessage() + "; try again later");
      }
    }
    String settings = settingsProblem(chain);
    if (settings != null) {
      return new CliFailure(Cli.CONFIGURATION, settings);
    }
    if (chain.stream().anyMatch(CliFailure::unreachable)) {
      Throwable sql = last(chain, SQLException.class);
      if (sql != null) {
        return new CliFailure(
            Cli.UNAVAILABLE, "the job repository is unreachable: " + firstLine(sql));
      }
      Throwable sdk = last(chain, SdkException.class);
      return new CliFailure(
          Cli.UNAVAILABLE,
          (sdk != null ? "the lake store is unreachable: " : "a service is unreachable: ")
              + firstLine(sdk != null ? sdk : chain.get(chain.size() - 1)));
    }
    Throwable root = chain.get(chain.size() - 1);
    return new CliFailure(
        Cli.INTERNAL_ERROR,
        "unexpected "
            + root.getClass().getName()
            + ": "
            + firstLine(root)
            + " (--debug prints the stack trace)");
  }

  /** The settings at fault, each as {@code property: reason}; null when no setting is. */
  private static String settingsProblem(List<Throwable> chain) {
    for (Throwable cause : chain) {
      if (cause instanceof BindValidationException invalid) {
        return invalid.getValidationErrors().getAllErrors().stream()
            .map(
                e ->
                    (e instanceof FieldError field
                            ? e.getObjectName() + "." + field.getField()
                            : e.getObjectName())
                        + ": "
                        + e.getDefaultMessage())
            .collect(Collectors.joining("; "));
      }
    }
    for (Throwable cause : chain) {
      if (cause instanceof BindException unbound) {
        Throwable reason = unbound.getCause() != null ? unbound.getCause() : unbound;
        return unbound.getName() + ": " + firstLine(reason);
      }
      if (cause instanceof InvalidConfigurationPropertyValueException
          || cause instanceof ConfigDataException
          || cause instanceof PlaceholderResolutionException) {
        return firstLine(cause);
      }
    }
    return null;
  }

  private static boolean unreachable(Throwable cause) {
    return cause instanceof ConnectException
        || cause instanceof UnknownHostException
        || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException
        || cause instanceof SQLTransientConnectionException
        // SQL state class 08: connection exception
        || (cause instanceof SQLException sql
            && sql.getSQLState() != null
            && sql.getSQLState().startsWith("08"));
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static Throwable last(List<Throwable> chain, Class<? extends Throwable> type) {
    Throwable found = null;
    for (Throwable cause : chain) {
      if (type.isInstance(cause)) {
        found = cause;
      }
    }
    return found;
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getName();
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
