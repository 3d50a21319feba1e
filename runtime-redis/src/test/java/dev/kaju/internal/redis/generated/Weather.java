package dev.kaju.internal.redis.generated;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Locked;
import dev.kaju.annotation.RateLimit;
import java.util.concurrent.CompletableFuture;

/** Generated at test compile time into WeatherCached: async methods on Redis. */
public interface Weather {

  @Cached(ttl = "1h", key = "weather:{city}")
  CompletableFuture<String> forecast(String city);

  @Failover(ttl = "1d", key = "fail:weather:{city}", prefix = "")
  @Cached(ttl = "1h", key = "stacked:{city}")
  CompletableFuture<String> stacked(String city);

  @Failover(ttl = "1d", key = "fallback:{city}", prefix = "")
  CompletableFuture<String> fallback(String city);

  /** Inner keys read the KeyContext; the outer steps continue on Redis's threads. */
  @RateLimit(limit = 100, period = "1m", key = "rl:{city}")
  @Cached(ttl = "1h", key = "t:{@:get(tenant)}:{city}")
  CompletableFuture<String> tenantForecast(String city);

  @Cached(ttl = "1h", key = "outer:{city}")
  @Locked(ttl = "10s", key = "lk:{city}")
  @Failover(ttl = "1h", key = "tf:{@:get(tenant)}:{city}", prefix = "")
  CompletableFuture<String> tenantLocked(String city);
}
