package com.salestech.etl.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.model.avro.GoldTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CreateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.CreateDatabaseResponse;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.CreateTableResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GetDatabaseResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UpdateTableRequest;
import software.amazon.awssdk.services.glue.model.UpdateTableResponse;

/**
 * Registration against a catalog that keeps what it is given. No Glue server runs outside AWS (nor
 * in LocalStack's free edition), so this stand-in implements the five calls the registrar makes.
 */
class GlueCatalogTests {

  static final class RecordingGlue implements GlueClient {
    final Map<String, Map<String, TableInput>> databases = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public GetDatabaseResponse getDatabase(GetDatabaseRequest request) {
      calls.add("getDatabase " + request.name());
      if (!databases.containsKey(request.name())) {
        throw EntityNotFoundException.builder().message("no database").build();
      }
      return GetDatabaseResponse.builder().build();
    }

    @Override
    public CreateDatabaseResponse createDatabase(CreateDatabaseRequest request) {
      calls.add("createDatabase " + request.databaseInput().name());
      databases.put(request.databaseInput().name(), new HashMap<>());
      return CreateDatabaseResponse.builder().build();
    }

    @Override
    public GetTableResponse getTable(GetTableRequest request) {
      calls.add("getTable " + request.name());
      if (!databases.get(request.databaseName()).containsKey(request.name())) {
        throw EntityNotFoundException.builder().message("no table").build();
      }
      return GetTableResponse.builder().build();
    }

    @Override
    public CreateTableResponse createTable(CreateTableRequest request) {
      calls.add("createTable " + request.tableInput().name());
      databases.get(request.databaseName()).put(request.tableInput().name(), request.tableInput());
      return CreateTableResponse.builder().build();
    }

    @Override
    public UpdateTableResponse updateTable(UpdateTableRequest request) {
      calls.add("updateTable " + request.tableInput().name());
      databases.get(request.databaseName()).put(request.tableInput().name(), request.tableInput());
      return UpdateTableResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "glue";
    }

    @Override
    public void close() {}
  }

  @Test
  void createsTheDatabaseAndTableThenFollowsTheNewVersion() {
    RecordingGlue glue = new RecordingGlue();
    GlueCatalog catalog = new GlueCatalog(glue);
    TableDefinition first = CatalogDefinitionsTests.gold(GoldTable.WIDE_VENDAS);
    catalog.register(first);
    assertThat(glue.calls)
        .containsExactly(
            "getDatabase sales_tech_gold",
            "createDatabase sales_tech_gold",
            "getTable wide_vendas",
            "createTable wide_vendas");

    TableDefinition next =
        new TableDefinition(
            first.database(),
            first.name(),
            first.description(),
            first.columns(),
            first.partitionKeys(),
            "s3://sales-tech-gld/wide_vendas/v=20261127T030000Z-8/",
            first.parameters());
    glue.calls.clear();
    catalog.register(next);
    assertThat(glue.calls)
        .containsExactly(
            "getDatabase sales_tech_gold", "getTable wide_vendas", "updateTable wide_vendas");
    assertThat(
            glue.databases.get("sales_tech_gold").get("wide_vendas").storageDescriptor().location())
        .isEqualTo("s3://sales-tech-gld/wide_vendas/v=20261127T030000Z-8/");
  }
}
