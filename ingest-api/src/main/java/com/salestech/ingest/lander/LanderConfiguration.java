package com.salestech.ingest.lander;

import com.salestech.ingest.queue.QueueProperties;
import com.salestech.ingest.queue.Queues;
import com.salestech.lake.LakeStorage;
import com.salestech.model.lake.LakeLayout;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementResultCallback;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The lander; off when this process runs as an API only. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LanderProperties.class)
@ConditionalOnProperty(
    name = "salestech.ingest.lander.enabled",
    havingValue = "true",
    matchIfMissing = true)
class LanderConfiguration {

  static final String FACTORY = "landerContainerFactory";

  private static final Logger log = LoggerFactory.getLogger(LanderConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  MessageDeleter messageDeleter() {
    return new AcknowledgingDeleter();
  }

  @Bean
  Lander lander(
      LakeStorage storage,
      LakeLayout layout,
      LanderProperties properties,
      QueueProperties queue,
      Queues queues,
      MessageDeleter deleter,
      MeterRegistry registry) {
    return new Lander(
        storage,
        layout,
        properties,
        queues.name(),
        queue.maxReceiveCount(),
        queue.visibilityTimeout(),
        deleter,
        registry);
  }

  @Bean
  SalesEventListener salesEventListener(Lander lander) {
    return new SalesEventListener(lander);
  }

  /**
   * Manual acknowledgements, sent at once: Spring Cloud AWS 4.1.0 batches them by default (1 s /
   * 10), and its batching loses buffered deletes at shutdown and fails a whole delete batch on one
   * redelivered message.
   */
  @Bean(name = FACTORY)
  SqsMessageListenerContainerFactory<Object> landerContainerFactory(
      SqsAsyncClient sqs,
      LanderProperties properties,
      AcknowledgementResultCallback<Object> deleteResults) {
    return SqsMessageListenerContainerFactory.builder()
        .sqsAsyncClient(sqs)
        .acknowledgementResultCallback(deleteResults)
        .configure(
            options ->
                options
                    .acknowledgementMode(AcknowledgementMode.MANUAL)
                    .acknowledgementInterval(Duration.ZERO)
                    .acknowledgementThreshold(0)
                    .maxConcurrentMessages(properties.maxConcurrentMessages())
                    .maxMessagesPerPoll(10)
                    .pollTimeout(Duration.ofSeconds(1))
                    .listenerShutdownTimeout(properties.shutdownTimeout())
                    .acknowledgementShutdownTimeout(Duration.ofSeconds(10))
                    .messageSystemAttributeNames(List.of(MessageSystemAttributeName.ALL)))
        .build();
  }

  /** Delete failures: counted and logged; the messages come back and land as a no-op. */
  @Bean
  AcknowledgementResultCallback<Object> deleteResults(@Lazy Lander lander) {
    return new AcknowledgementResultCallback<>() {
      @Override
      public void onFailure(Collection<Message<Object>> messages, Throwable t) {
        lander.countDeleteFailures(messages.size());
        log.warn("Cannot delete {} landed messages: {}", messages.size(), t.toString());
      }
    };
  }

  /**
   * The listener containers stop just below the lander's phase, so a graceful stop lands what the
   * lander holds while they still delete, and only then stops polling.
   */
  @Bean
  static BeanPostProcessor listenerRegistryPhase() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String name) {
        if (bean instanceof DefaultListenerContainerRegistry registry) {
          registry.setPhase(Integer.MAX_VALUE - 1000);
        }
        return bean;
      }
    };
  }
}
