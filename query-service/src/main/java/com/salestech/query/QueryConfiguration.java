package com.salestech.query;

import com.salestech.lake.LakeStorage;
import com.salestech.lake.table.GoldSnapshots;
import com.salestech.model.lake.LakeLayout;
import com.salestech.query.engine.duckdb.DuckDbEngine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine reports run on, chosen by {@code salestech.query.engine}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
class QueryConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(
      name = "salestech.query.engine",
      havingValue = "duckdb",
      matchIfMissing = true)
  DuckDbEngine duckDbEngine(
      GoldSnapshots snapshots, LakeStorage storage, LakeLayout layout, QueryProperties properties) {
    return DuckDbEngine.create(snapshots, storage, layout.gold().bucket(), properties);
  }
}
