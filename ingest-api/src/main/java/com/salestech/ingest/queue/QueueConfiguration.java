package com.salestech.ingest.queue;

import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.sqs.operations.SendBatchFailureHandlingStrategy;
import io.awspring.cloud.sqs.operations.SqsOperations;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** The queue for the API and the lander: embedded when no SQS endpoint is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueueProperties.class)
class QueueConfiguration {

  private static final Logger log = LoggerFactory.getLogger(QueueConfiguration.class);

  @Bean
  Queues queues(
      SqsAsyncClient sqs, QueueProperties properties, ObjectProvider<EmbeddedSqs> embedded) {
    return new Queues(sqs, properties, embedded.getIfAvailable() != null);
  }

  /** Enough connections for the long polls, the sends and the deletes at once, on any endpoint. */
  @Bean
  SqsAsyncClientCustomizer sqsConnections(QueueProperties properties) {
    return builder ->
        builder.httpClientBuilder(
            NettyNioAsyncHttpClient.builder()
                .maxConcurrency(properties.maxConnections())
                .connectionAcquisitionTimeout(Duration.ofSeconds(5)));
  }

  /** Named so its health contributor is {@code queue}, which the readiness group includes. */
  @Bean
  QueueMonitor queueHealthIndicator(Queues queues, QueueProperties properties) {
    return new QueueMonitor(queues, properties.depthRefresh());
  }

  @Bean
  @ConditionalOnProperty(
      name = "salestech.ingest.api.enabled",
      havingValue = "true",
      matchIfMissing = true)
  QueueSender queueSender(
      SqsAsyncClient sqs, Queues queues, QueueProperties properties, MeterRegistry registry) {
    return new QueueSender(sendTemplate(sqs), queues, properties, registry);
  }

  /** DO_NOT_THROW: a partial failure comes back entry by entry, to retry only those. */
  static SqsOperations sendTemplate(SqsAsyncClient sqs) {
    return SqsTemplate.builder()
        .sqsAsyncClient(sqs)
        .configure(
            o -> o.sendBatchFailureHandlingStrategy(SendBatchFailureHandlingStrategy.DO_NOT_THROW))
        .buildSyncTemplate();
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(NoSqsEndpointConfigured.class)
  static class EmbeddedQueueConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedSqs embeddedSqs(QueueProperties properties) {
      EmbeddedSqs sqs =
          EmbeddedSqs.start(properties.embedded().host(), properties.embedded().port());
      log.info(
          "Embedded SQS (ElasticMQ) at {}; queues {} and {} are created in memory",
          sqs.endpoint(),
          properties.name(),
          properties.deadLetterName());
      return sqs;
    }

    /** The client talks to the embedded server, which takes any credentials. */
    @Bean
    SqsAsyncClientCustomizer embeddedSqsEndpoint(EmbeddedSqs sqs) {
      return builder ->
          builder
              .endpointOverride(sqs.endpoint())
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
  }

  static class NoSqsEndpointConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      return env.getProperty("salestech.ingest.queue.embedded.enabled", Boolean.class, true)
          && !StringUtils.hasText(env.getProperty("spring.cloud.aws.sqs.endpoint"))
          && !StringUtils.hasText(env.getProperty("spring.cloud.aws.endpoint"));
    }
  }
}
