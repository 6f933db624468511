package com.salestech.query.engine.trino;

import com.salestech.lake.table.GoldSnapshots;
import com.salestech.model.lake.LakeLayout;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.catalog.CatalogEngine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Trino engine, when {@code salestech.query.engine=trino}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "salestech.query.engine", havingValue = "trino")
@EnableConfigurationProperties(TrinoProperties.class)
class TrinoConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  CatalogEngine trinoEngine(
      GoldSnapshots snapshots, LakeLayout layout, QueryProperties query, TrinoProperties trino) {
    return new CatalogEngine(
        new TrinoCatalog(trino, query.queryTimeout()),
        snapshots,
        layout,
        new CatalogEngine.Settings(
            query.pollInterval(),
            trino.keepSnapshots(),
            query.maxInFlight(),
            query.queueTimeout()));
  }
}
