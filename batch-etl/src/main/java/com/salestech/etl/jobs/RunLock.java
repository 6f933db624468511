package com.salestech.etl.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * The job repository's lock on running jobs. The process that runs a job locks a row of {@code
 * SALESTECH_RUN_LOCK} ({@code SELECT ... FOR UPDATE NOWAIT}) on a connection of its own and keeps
 * the transaction open until the run ends. A process that dies loses its connection, and the
 * database drops its lock at once; so a run the repository still marks running while nobody holds
 * the lock was cut short by a crash, however recent its last heartbeat. It works the same on
 * PostgreSQL and on the H2 file with {@code AUTO_SERVER} (the serving process may die too: the next
 * one opens the file itself, with no lock in it).
 */
@Component
class RunLock {

  static final String TABLE = "SALESTECH_RUN_LOCK";
  private static final String NAME = "jobs";
  private static final String LOCK =
      "SELECT LOCK_NAME FROM " + TABLE + " WHERE LOCK_NAME = '" + NAME + "' FOR UPDATE NOWAIT";

  private final DataSource dataSource;
  private final SQLExceptionTranslator translator;

  RunLock(DataSource dataSource) {
    this.dataSource = dataSource;
    this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS " + TABLE + " (LOCK_NAME VARCHAR(32) NOT NULL PRIMARY KEY)");
    try {
      jdbc.update(
          "INSERT INTO "
              + TABLE
              + " (LOCK_NAME) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM "
              + TABLE
              + " WHERE LOCK_NAME = ?)",
          NAME,
          NAME);
    } catch (DataIntegrityViolationException e) {
      // another process inserted the row at the same time
    }
  }

  /** The lock, held until {@link Held#release()}; empty when a live run holds it. */
  Optional<Held> tryAcquire() {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw translate("cannot reach the job repository to take the run lock", e);
    }
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(LOCK)) {
        if (!row.next()) {
          throw new IllegalStateException("the row '" + NAME + "' of " + TABLE + " is missing");
        }
      }
      return Optional.of(new Held(connection));
    } catch (SQLException e) {
      close(connection);
      DataAccessException translated = translate("cannot take the run lock", e);
      if (translated instanceof PessimisticLockingFailureException) {
        return Optional.empty();
      }
      throw translated;
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  private DataAccessException translate(String task, SQLException e) {
    DataAccessException translated = translator.translate(task, LOCK, e);
    return translated != null
        ? translated
        : new DataAccessResourceFailureException(task + ": " + e.getMessage(), e);
  }

  private static void close(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // the connection is going away
    }
    try {
      connection.setAutoCommit(true);
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // a broken connection is dropped by the pool; the database has released the lock
    }
  }

  /** The lock held by this process; releasing it twice does nothing. */
  final class Held {

    private Connection connection;

    private Held(Connection connection) {
      this.connection = connection;
    }

    synchronized void release() {
      if (connection != null) {
        close(connection);
        connection = null;
      }
    }
  }
}
