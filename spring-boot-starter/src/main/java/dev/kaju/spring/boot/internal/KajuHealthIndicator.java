package dev.kaju.spring.boot.internal;

import dev.kaju.Cache;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP with the answer of {@code cache.ping()} (the default backend), DOWN with what it threw. */
public final class KajuHealthIndicator implements HealthIndicator {
  private final Cache cache;

  public KajuHealthIndicator(Cache cache) {
    this.cache = cache;
  }

  @Override
  public Health health() {
    try {
      return Health.up().withDetail("ping", cache.ping()).build();
    } catch (RuntimeException e) {
      return Health.down(e).build();
    }
  }
}
