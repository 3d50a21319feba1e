package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.Failover;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** @Failover alone, stacked over @Cached and under it: run through the generated FlakyCached. */
public interface Flaky {

  class CustomError extends RuntimeException {
    public CustomError(String message) {
      super(message);
    }
  }

  /** fail-01: cashews' {@code failover(ttl=..., exceptions=CustomError, key="fail")}. */
  @Failover(ttl = "1m", exceptions = CustomError.class, key = "fail", prefix = "")
  String simple(String answer);

  /** The default key and prefix, and the cache's default exceptions. */
  @Failover(ttl = "1h")
  String defaults(String city);

  /** A declared checked exception. */
  @Failover(ttl = "1h", exceptions = IOException.class)
  String io(String city) throws IOException;

  /** fail-04: over an inner @Cached; a hit of the inner step is never stored by the failover. */
  @Failover(ttl = "1h", key = "fail", prefix = "")
  @Cached(ttl = "10m", key = "key")
  String over(String answer);

  /** cache-09: @Cached over @Failover; a fallback is never cached as fresh. */
  @Cached(ttl = "10m", key = "key")
  @Failover(ttl = "1h", key = "fail", prefix = "")
  String under(String answer);

  /** The same, returning futures. */
  @Failover(ttl = "1h", key = "afail:{answer}", prefix = "")
  CompletableFuture<String> async(String answer);

  @Failover(ttl = "1h", key = "afail", prefix = "")
  @Cached(ttl = "10m", key = "akey")
  CompletionStage<String> asyncOver(String answer);

  @Cached(ttl = "10m", key = "akey")
  @Failover(ttl = "1h", key = "afail", prefix = "")
  CompletableFuture<String> asyncUnder(String answer);

  /** A generic result: the failover holds Objects and the method casts. */
  @Failover(ttl = "1h")
  List<String> list(String a);
}
