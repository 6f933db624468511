package com.salestech.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Queue set-up against a real ElasticMQ: created when embedded, required when configured. */
class QueuesIntegrationTests {

  @RegisterExtension static final LocalQueue queue = new LocalQueue();

  static QueueProperties properties(String name) {
    return LocalQueue.properties(name);
  }

  @Test
  void aConfiguredEndpointWithoutTheQueuesFailsNamingTheQueue() throws Exception {
    assertThatThrownBy(() -> new Queues(queue.client(), properties("absent"), false))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("queue absent-dlq does not exist at the configured SQS endpoint");

    queue.client().createQueue(r -> r.queueName("half-dlq")).get();
    assertThatThrownBy(() -> new Queues(queue.client(), properties("half"), false))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("queue half does not exist");
  }

  @Test
  void theEmbeddedQueueIsCreatedWithItsDeadLetterQueueAfterFiveReceives() {
    Queues queues = new Queues(queue.client(), properties("made"), true);

    String arn =
        queues
            .attributes(queues.deadLetterUrl(), QueueAttributeName.QUEUE_ARN)
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    var main =
        queues
            .attributes(
                queues.url(),
                QueueAttributeName.REDRIVE_POLICY,
                QueueAttributeName.VISIBILITY_TIMEOUT)
            .attributes();
    assertThat(main.get(QueueAttributeName.REDRIVE_POLICY))
        .contains("\"deadLetterTargetArn\":\"" + arn + "\"")
        .contains("\"maxReceiveCount\":5");
    assertThat(main.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("60");
    // Configured mode now finds them.
    assertThat(new Queues(queue.client(), properties("made"), false).url()).isEqualTo(queues.url());
  }
}
