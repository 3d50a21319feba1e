package dev.kaju.benchmarks;

import dev.kaju.annotation.Bloom;
import dev.kaju.annotation.Cached;
import dev.kaju.annotation.CircuitBreaker;
import dev.kaju.annotation.Early;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Hit;
import dev.kaju.annotation.Locked;
import dev.kaju.annotation.RateLimit;
import dev.kaju.annotation.SliceRateLimit;
import dev.kaju.annotation.Soft;

/** One method per strategy, each keyed like {@code Catalog.product}, for {@link StrategyBenchmark}. */
public interface Strategies {

  @Cached(ttl = "1h", key = "product:{id}")
  String cached(long id);

  @Soft(ttl = "1h", softTtl = "50m", key = "product:{id}")
  String soft(long id);

  @Early(ttl = "1h", earlyTtl = "50m", key = "product:{id}")
  String early(long id);

  @Hit(ttl = "1h", cacheHits = 1_000_000_000, key = "product:{id}")
  String hit(long id);

  @Failover(ttl = "1h", key = "product:{id}")
  String failover(long id);

  @Failover(ttl = "1h", key = "product:{id}")
  @Cached(ttl = "1h", key = "product:{id}")
  String failoverOverCached(long id);

  @Locked(ttl = "10s", key = "product:{id}")
  String locked(long id);

  @RateLimit(limit = Integer.MAX_VALUE, period = "1h", key = "product:{id}")
  String rateLimit(long id);

  @SliceRateLimit(limit = 100_000, period = "10ms", key = "product:{id}")
  String sliceRateLimit(long id);

  @CircuitBreaker(errorsRate = 50, period = "1s", ttl = "10s", key = "product:{id}")
  String circuitBreaker(long id);

  @Bloom(capacity = 10_000, key = "product:{id}")
  boolean bloom(long id);
}
