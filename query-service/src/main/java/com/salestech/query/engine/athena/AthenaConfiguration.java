package com.salestech.query.engine.athena;

import com.salestech.lake.table.GoldSnapshots;
import com.salestech.model.lake.LakeLayout;
import com.salestech.query.QueryProperties;
import com.salestech.query.engine.catalog.CatalogEngine;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/** The Athena engine, when {@code salestech.query.engine=athena}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "salestech.query.engine", havingValue = "athena")
@EnableConfigurationProperties(AthenaProperties.class)
class AthenaConfiguration {

  /** The SDK's default credentials chain (IRSA in Kubernetes, the instance role, a profile). */
  @Bean(destroyMethod = "close")
  AthenaClient athenaClient(AthenaProperties athena) {
    AthenaClientBuilder builder = AthenaClient.builder();
    if (!athena.region().isBlank()) {
      builder.region(Region.of(athena.region()));
    }
    if (athena.endpoint() != null) {
      builder.endpointOverride(athena.endpoint());
    }
    return builder.build();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  CatalogEngine athenaEngine(
      AthenaClient client,
      GoldSnapshots snapshots,
      LakeLayout layout,
      QueryProperties query,
      AthenaProperties athena) {
    return new CatalogEngine(
        new AthenaCatalog(client, athena, query.queryTimeout()),
        snapshots,
        layout,
        new CatalogEngine.Settings(
            query.pollInterval(),
            athena.keepSnapshots(),
            query.maxInFlight(),
            query.queueTimeout()));
  }
}
