package dev.kaju.internal.redis.generated;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Failover;
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
}
