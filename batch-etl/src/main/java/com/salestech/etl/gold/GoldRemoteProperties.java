package com.salestech.etl.gold;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Remote partitioning of the gold build (README, Batch beyond one machine): the manager, the
 * process that runs {@code silver-to-gold}, sends one request per partition ({@code
 * salestech.gold.workers} of them) to an SQS queue and follows the partitions in the job
 * repository; worker processes, the same jar, take the requests and build the partitions.
 *
 * @param enabled the manager sends its partitions to the queue instead of running them on threads
 * @param worker this process takes partitions from the queue (the server role, not the CLI)
 * @param queue the queue's name; it must exist
 * @param endpoint an SQS endpoint (ElasticMQ); blank for Amazon SQS in the region
 * @param lease how long a taken request stays hidden from other workers; a worker extends it every
 *     third of it while it builds, so a worker that dies gives its partition back after at most
 *     this
 * @param maxAttempts the takes of one request before its partition is failed: a partition whose
 *     workers keep dying (out of memory, say) fails the run instead of circling forever
 * @param concurrency partitions one worker builds at a time
 * @param pollInterval how often the manager reads the partitions' state in the job repository
 * @param timeout the longest the manager waits for every partition to end
 * @param progressInterval how often the manager logs how many partitions are done, running and
 *     waiting for a worker
 */
@Validated
@ConfigurationProperties("salestech.gold.remote")
public record GoldRemoteProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("false") boolean worker,
    @DefaultValue("sales-tech-gold-partitions") @NotBlank String queue,
    @DefaultValue("") String endpoint,
    @DefaultValue("60s") Duration lease,
    @DefaultValue("3") @Min(1) int maxAttempts,
    @DefaultValue("1") @Min(1) int concurrency,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("6h") Duration timeout,
    @DefaultValue("30s") Duration progressInterval) {

  public GoldRemoteProperties {
    if (lease.toSeconds() < 3 || lease.toSeconds() > 43200) {
      throw new IllegalArgumentException(
          "salestech.gold.remote.lease must be between 3s and 12h (SQS's visibility timeout): "
              + lease);
    }
  }
}
