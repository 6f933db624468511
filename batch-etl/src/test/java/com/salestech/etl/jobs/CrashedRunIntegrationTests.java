package com.salestech.etl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.salestech.etl.BatchJvm;
import com.salestech.etl.EtlTestSupport;
import com.salestech.etl.sample.SampleDataGenerator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run whose JVM is killed (SIGKILL, as by the OOM killer or a node's loss) holds nothing any
 * more: the start a scheduler retries a few seconds later finishes it instead of being refused.
 */
class CrashedRunIntegrationTests {

  @Test
  void aRunKilledMidwayIsResumedByAStartSecondsLater() throws Exception {
    Path exports = EtlTestSupport.newDataDir("crashed-run-csv");
    SampleDataGenerator.generate(SampleDataGenerator.Options.of(200_000, 7), exports);
    BatchJvm batch = BatchJvm.landed("crashed-run", exports);
    // the killed process also hosts the H2 job repository (the first to open it serves it)
    Process victim = batch.start("victim", "run", "bronze-to-silver");
    // mid-run: one table published, the next being built
    batch.awaitOutput("victim", "Published silver");
    victim.destroyForcibly();
    assertThat(victim.waitFor(BatchJvm.BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

    BatchJvm.Outcome resumed = batch.runToEnd("resumed", "run", "bronze-to-silver");

    assertThat(resumed.exit()).as(resumed.stdout() + resumed.stderr()).isZero();
    assertThat(resumed.stdout())
        .contains(
            "bronze-to-silver execution 1 is marked running but no process holds the run lock:"
                + " taking it as crashed")
        .contains("Resuming bronze-to-silver execution 1 (FAILED) from its first unfinished step")
        // the new execution's id is not 2: H2 hands out sequence values in blocks, and a killed
        // process loses the rest of its block
        .containsPattern("\nbronze-to-silver execution \\d+: COMPLETED \\(COMPLETED\\)\n");
    assertThat(resumed.stderr()).isEmpty();
  }
}
