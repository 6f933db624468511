package com.salestech.etl.gold;

import java.net.URI;
import java.time.Duration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The queue of the gold build's partition requests, when this process sends them (the manager) or
 * takes them (a worker): {@link GoldRemoteProperties}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "${salestech.gold.remote.enabled:false} or ${salestech.gold.remote.worker:false}")
class RemotePartitionsConfiguration {

  /**
   * The SQS client: the region and credentials Spring Cloud AWS resolves for the lake's S3 client
   * (AWS_REGION, the default chain or spring.cloud.aws.credentials.*), the endpoint of
   * salestech.gold.remote.endpoint (or spring.cloud.aws.sqs.endpoint, the other services' queue).
   */
  @Bean(destroyMethod = "close")
  SqsClient goldPartitionsSqsClient(
      GoldRemoteProperties settings,
      ObjectProvider<AwsRegionProvider> region,
      ObjectProvider<AwsCredentialsProvider> credentials) {
    SqsClientBuilder builder =
        SqsClient.builder()
            // above the 10 s long poll of a take, well under a lease's third (20 s by default)
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(15)))
            .region(region.getIfAvailable(DefaultAwsRegionProviderChain::new).getRegion())
            .credentialsProvider(
                credentials.getIfAvailable(() -> DefaultCredentialsProvider.builder().build()));
    if (!settings.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder.build();
  }

  @Bean
  PartitionQueue goldPartitionQueue(
      SqsClient goldPartitionsSqsClient, GoldRemoteProperties settings) {
    return new PartitionQueue(goldPartitionsSqsClient, settings.queue());
  }

  @Bean
  @ConditionalOnProperty(name = "salestech.gold.remote.worker", havingValue = "true")
  PartitionWorker goldPartitionWorker(
      PartitionQueue goldPartitionQueue,
      JobRepository jobRepository,
      @Qualifier("buildGoldWorkerStep") Step buildGoldWorkerStep,
      GoldRemoteProperties settings) {
    return new PartitionWorker(goldPartitionQueue, jobRepository, buildGoldWorkerStep, settings);
  }
}
