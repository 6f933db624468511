package com.salestech.ingest.lander;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchAcknowledgement;
import java.util.List;
import org.springframework.messaging.Message;

/** Receives the queue's messages in batches and hands them to the {@link Lander}. */
class SalesEventListener {

  static final String ID = "sales-event-lander";

  private final Lander lander;

  SalesEventListener(Lander lander) {
    this.lander = lander;
  }

  @SqsListener(
      id = ID,
      value = "${salestech.ingest.queue.name:sales-events}",
      factory = LanderConfiguration.FACTORY,
      maxMessagesPerPoll = "10",
      acknowledgementMode = "MANUAL")
  void receive(List<Message<String>> messages, BatchAcknowledgement<String> acknowledgement) {
    lander.receive(messages, acknowledgement);
  }
}
