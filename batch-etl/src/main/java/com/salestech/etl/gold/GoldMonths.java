package com.salestech.etl.gold;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.CurrentPointer;
import com.salestech.lake.table.DataFile;
import com.salestech.model.avro.GoldTable;
import com.salestech.model.lake.LakeLayout;
import com.salestech.model.lake.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The months of a {@code wide_vendas} version ({@code v=<version>/_months.json}): each one's
 * fingerprint and files, what an incremental run compares with and copies from.
 */
@Component
class GoldMonths {

  private static final TypeReference<Map<String, GoldBuild.Month>> MONTHS =
      new TypeReference<>() {};

  private final LakeStorage storage;
  private final LakeLayout layout;
  private final JsonMapper json = JsonMapper.builder().build();

  GoldMonths(LakeStorage storage, LakeLayout layout) {
    this.storage = storage;
    this.layout = layout;
  }

  private String key(String version) {
    return layout.versionPrefix(Layer.GOLD, GoldTable.WIDE_VENDAS.tableName(), version)
        + "_months.json";
  }

  void write(GoldBuild build) {
    storage.put(
        layout.gold().bucket(),
        key(build.runId()),
        json.writeValueAsBytes(build.months()),
        "application/json");
  }

  /** The months of a published version, or empty for a version written before they were kept. */
  Optional<Map<String, GoldBuild.Month>> read(CurrentPointer pointer) {
    return storage
        .readIfExists(layout.gold().bucket(), key(pointer.version()))
        .map(bytes -> json.readValue(bytes, MONTHS));
  }

  /** Copies a month's files into another version, server side; returns the copies. */
  List<DataFile> copy(List<DataFile> files, String version) {
    List<DataFile> copies = new ArrayList<>();
    String bucket = layout.gold().bucket();
    for (DataFile file : files) {
      String from = file.key();
      String oldVersion =
          layout
              .versionOf(Layer.GOLD, GoldTable.WIDE_VENDAS.tableName(), from)
              .orElseThrow(() -> new IllegalStateException("not a wide_vendas file: " + from));
      String to = from.replace("/v=" + oldVersion + "/", "/v=" + version + "/");
      storage.copy(bucket, from, to);
      copies.add(new DataFile(to, file.rows(), file.bytes()));
    }
    return copies;
  }
}
