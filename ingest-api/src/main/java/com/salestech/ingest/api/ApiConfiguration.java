package com.salestech.ingest.api;

import com.salestech.ingest.queue.EventJson;
import com.salestech.ingest.queue.QueueProperties;
import com.salestech.ingest.queue.QueueSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST intake; off when this process runs as a lander only. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Problems problems() {
    return new Problems(EventJson.mapper());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "salestech.ingest.api.enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Endpoints {

    @Bean
    Intake intake(QueueSender sender, QueueProperties queue, MeterRegistry registry) {
      return new Intake(EventJson.mapper(), sender, queue, registry);
    }
  }
}
