package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;
import dev.kaju.annotation.CircuitBreaker;
import dev.kaju.annotation.Failover;
import dev.kaju.annotation.Invalidate;
import dev.kaju.annotation.Locked;
import dev.kaju.annotation.RateLimit;
import dev.kaju.annotation.SliceRateLimit;
import java.util.concurrent.CompletableFuture;

/** The guarding strategies through the generated GuardedCached, alone and stacked. */
public interface Guarded {

  @Locked(ttl = "10s", waitForLock = false, key = "job:{name}")
  String job(String name);

  @Locked(ttl = "10s", step = "10ms")
  void exclusive(String name);

  @RateLimit(limit = 3, period = "1m", key = "login:{user}")
  String login(String user);

  /** rate-04: over the limit, the fallback answers (with the call's arguments) instead of an exception. */
  @RateLimit(limit = 1, period = "1m", key = "greet:{user}", fallback = "tooMany")
  String greet(String user);

  static String tooMany(String user) {
    return "slow down, " + user;
  }

  @Cached(ttl = "1h", key = "news")
  @SliceRateLimit(limit = 1, period = "10s", fallback = "noNews")
  CompletableFuture<String> news();

  default CompletableFuture<String> noNews() {
    return CompletableFuture.completedFuture("no news");
  }

  @SliceRateLimit(limit = 2, period = "10s")
  CompletableFuture<String> search(String q);

  @CircuitBreaker(errorsRate = 50, period = "1m", ttl = "30s", minCalls = 2)
  String quote(String symbol);

  /** Stacked, outermost first: the fallback answers the rate limit's refusal. */
  @Failover(ttl = "1h", key = "fallback:{user}", prefix = "")
  @RateLimit(limit = 1, period = "1m", key = "rl:{user}")
  @Cached(ttl = "1h", key = "profile:{user}", lock = true)
  String profile(String user);

  @RateLimit(limit = 1, period = "1m", key = "rename:{user}")
  @Invalidate("profile:{user}")
  void rename(String user);
}
