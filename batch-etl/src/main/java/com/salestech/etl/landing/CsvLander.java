package com.salestech.etl.landing;

import com.salestech.lake.LakeStorage;
import com.salestech.model.Table;
import com.salestech.model.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lands local CSV exports in bronze, byte for byte, under {@code csv/<table>/ingest_date=<date>/}.
 * The table comes from the file name unless one is given.
 */
@Component
public class CsvLander {

  private static final Logger log = LoggerFactory.getLogger(CsvLander.class);

  private final LakeStorage storage;
  private final LakeLayout layout;

  /** The outcome for one file: the key it was stored under, or why it was not. */
  public record Landed(Path file, String key, long bytes, String error) {}

  CsvLander(LakeStorage storage, LakeLayout layout) {
    this.storage = storage;
    this.layout = layout;
  }

  /**
   * Lands every file given, and every {@code .csv} file of every directory given. A file that
   * cannot be landed is reported and the others go on.
   */
  public List<Landed> land(List<Path> paths, Table table, LocalDate ingestDate) {
    List<Landed> results = new ArrayList<>();
    for (Path path : expand(paths, results)) {
      Table target =
          table != null ? table : Table.fromFileName(path.getFileName().toString()).orElse(null);
      if (target == null) {
        results.add(
            new Landed(
                path,
                null,
                0,
                "cannot tell the table from the file name; name it with --table (one of "
                    + Stream.of(Table.values()).map(Table::tableName).toList()
                    + ")"));
        continue;
      }
      String key = layout.bronzeCsvKey(target, ingestDate, path.getFileName().toString());
      try {
        long size = Files.size(path);
        storage.putFile(layout.bronze().bucket(), key, path);
        log.info("Landed {} as {}{} ({} bytes)", path, layout.bronze(), key, size);
        results.add(new Landed(path, key, size, null));
      } catch (IOException | UncheckedIOException e) {
        results.add(new Landed(path, key, 0, "cannot read the file: " + e.getMessage()));
      }
    }
    return results;
  }

  private static List<Path> expand(List<Path> paths, List<Landed> errors) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          errors.add(new Landed(path, null, 0, "cannot list the directory: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        errors.add(new Landed(path, null, 0, "no such file or directory"));
      }
    }
    return files;
  }
}
