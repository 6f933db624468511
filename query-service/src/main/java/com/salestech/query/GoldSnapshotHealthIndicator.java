package com.salestech.query;

import com.salestech.query.engine.GoldView;
import com.salestech.query.engine.QueryEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The gold snapshot reports are served from. Unknown (not down) before gold is first published: the
 * service is up and answers {@code 503} until then.
 */
@Component("goldSnapshot")
class GoldSnapshotHealthIndicator implements HealthIndicator {

  private final QueryEngine engine;

  GoldSnapshotHealthIndicator(QueryEngine engine) {
    this.engine = engine;
  }

  @Override
  public Health health() {
    GoldView current = engine.current();
    if (current == null) {
      return Health.unknown()
          .withDetail("engine", engine.name())
          .withDetail("snapshot", "none loaded (gold never published?)")
          .build();
    }
    return Health.up()
        .withDetail("engine", engine.name())
        .withDetail("snapshot", current.run())
        .withDetail("publishedAt", current.publishedAt().toString())
        .withDetail("tables", current.tables())
        .build();
  }
}
