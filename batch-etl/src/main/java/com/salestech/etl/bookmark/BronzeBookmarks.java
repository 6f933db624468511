package com.salestech.etl.bookmark;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which bronze objects {@code bronze-to-silver} has already read, like a Glue job bookmark. Kept in
 * the job repository's database and written in the same transaction that completes a table's step,
 * so a crash never records an object whose rows did not reach silver. An object is identified by
 * key and ETag: landing a file again under the same key makes it new.
 */
@Component
public class BronzeBookmarks {

  private final JdbcTemplate jdbc;

  /** What a processed object is bookmarked with. */
  public record Entry(String table, String key, String etag, long size, String outcome) {}

  BronzeBookmarks(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    jdbc.execute(
        """
        CREATE TABLE IF NOT EXISTS SALESTECH_BRONZE_BOOKMARK (
          TABLE_NAME VARCHAR(64) NOT NULL,
          OBJECT_KEY VARCHAR(1024) NOT NULL,
          ETAG VARCHAR(256) NOT NULL,
          OBJECT_SIZE BIGINT NOT NULL,
          OUTCOME VARCHAR(32) NOT NULL,
          RUN_ID VARCHAR(64) NOT NULL,
          PROCESSED_AT TIMESTAMP NOT NULL,
          PRIMARY KEY (OBJECT_KEY, ETAG))
        """);
  }

  /** {@code key + '\n' + etag} of every object already read for a table. */
  public Set<String> processed(String table) {
    return new HashSet<>(
        jdbc.query(
            "SELECT OBJECT_KEY, ETAG FROM SALESTECH_BRONZE_BOOKMARK WHERE TABLE_NAME = ?",
            (rs, i) -> id(rs.getString(1), rs.getString(2)),
            table));
  }

  public static String id(String key, String etag) {
    return key + "\n" + etag;
  }

  public void record(List<Entry> entries, String runId) {
    Timestamp now = Timestamp.from(Instant.now());
    for (Entry e : entries) {
      jdbc.update(
          "DELETE FROM SALESTECH_BRONZE_BOOKMARK WHERE OBJECT_KEY = ? AND ETAG = ?",
          e.key(),
          e.etag());
      jdbc.update(
          "INSERT INTO SALESTECH_BRONZE_BOOKMARK (TABLE_NAME, OBJECT_KEY, ETAG, OBJECT_SIZE,"
              + " OUTCOME, RUN_ID, PROCESSED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)",
          e.table(),
          e.key(),
          e.etag(),
          e.size(),
          e.outcome(),
          runId,
          now);
    }
  }
}
