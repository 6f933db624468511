package com.salestech.etl.gold;

import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * The manager's end of the partition requests: the channel the remote-partitioning manager step
 * ({@code MessageChannelPartitionHandler}) sends each partition's {@link StepExecutionRequest} to,
 * forwarded to the SQS queue as JSON.
 */
final class PartitionRequests implements MessageChannel {

  private final PartitionQueue queue;

  PartitionRequests(PartitionQueue queue) {
    this.queue = queue;
  }

  @Override
  public boolean send(Message<?> message, long timeout) {
    if (!(message.getPayload() instanceof StepExecutionRequest request)) {
      throw new IllegalArgumentException(
          "not a partition request: " + message.getPayload().getClass().getName());
    }
    queue.send(new PartitionQueue.Request(request.getStepName(), request.getStepExecutionId()));
    return true;
  }
}
