package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code detect} names the strategy behind every command a step sends, not only the lookups of
 * the storing steps: a rate limit's counter, a breaker's state, a lock, an invalidation, a
 * {@code @Hit} counter. Inside a stack each step's commands carry its own name.
 */
@DisplayName("detect: each step's commands carry its strategy and TTL")
class DetectStrategiesTest {
  private final Cache cache = Cache.create().setup("mem://");

  @AfterEach
  void close() {
    cache.close();
  }

  /** Strategy per {@code command key}, for the calls {@code d} saw. */
  private static List<String> seen(Detect d) {
    return d.list().stream().map(c -> c.command() + " " + c.key() + " " + c.strategy() + " " + c.ttl()).collect(Collectors.toList());
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @ParameterizedTest(name = "async = {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("@RateLimit's counter is reported as rate_limit with its period; the inner @Cached lookup as simple")
  void rateLimitOverCached(boolean async) {
    CachedSite<String> cached =
        CachedSite.<String>builder(cache, "Svc.a").type(String.class).ttl(Duration.ofMinutes(5)).inner().build();
    RateLimitSite<String> limit =
        RateLimitSite.<String>builder(cache, "Svc.a").type(String.class).limit(10).period(Duration.ofSeconds(60)).build();
    try (Detect d = cache.detect()) {
      if (async) {
        await(limit.callAsync("rate_limit:a", () -> cached.callAsync("a", () -> CompletableFuture.completedFuture("x"))));
      } else {
        limit.call("rate_limit:a", () -> cached.call("a", () -> "x"));
      }
      assertThat(seen(d)).contains("INCR rate_limit:a rate_limit PT1M", "GET a simple PT5M");
      assertThat(d.list()).allMatch(c -> c.strategy() != null, "every command is attributed");
    }
  }

  @ParameterizedTest(name = "async = {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("@SliceRateLimit's window is reported as slice_rate_limit")
  void sliceRateLimit(boolean async) {
    SliceRateLimitSite<String> slice =
        SliceRateLimitSite.<String>builder(cache, "Svc.s").type(String.class).limit(3).period(Duration.ofSeconds(10)).build();
    try (Detect d = cache.detect()) {
      if (async) {
        await(slice.callAsync("srl:s", () -> CompletableFuture.completedFuture("x")));
      } else {
        slice.call("srl:s", () -> "x");
      }
      assertThat(seen(d)).containsExactly("SLICE_INCR srl:s slice_rate_limit PT10S");
    }
  }

  @ParameterizedTest(name = "async = {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("@CircuitBreaker's state reads and counters are reported as circuit_breaker with its ttl")
  void circuitBreaker(boolean async) {
    CircuitBreakerSite<String> breaker = CircuitBreakerSite.<String>builder(cache, "Svc.c").type(String.class)
        .errorsRate(50).period(Duration.ofMinutes(1)).ttl(Duration.ofSeconds(30)).build();
    try (Detect d = cache.detect()) {
      if (async) {
        await(breaker.callAsync("circuit_breaker:c", () -> CompletableFuture.completedFuture("x")));
      } else {
        breaker.call("circuit_breaker:c", () -> "x");
      }
      assertThat(seen(d)).containsExactly(
          "EXISTS circuit_breaker:c:open circuit_breaker PT30S", "SLICE_INCR circuit_breaker:c:total circuit_breaker PT30S");
    }
  }

  @ParameterizedTest(name = "async = {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("@Locked's lock and unlock are reported as locked; the delegate's own commands are not")
  void locked(boolean async) {
    LockedSite<String> locked = LockedSite.<String>builder(cache, "Svc.l").type(String.class).ttl(Duration.ofSeconds(20)).build();
    try (Detect d = cache.detect()) {
      if (async) {
        await(locked.callAsync("locked:l", () -> {
          cache.get("inside"); // the delegate's own command: not the step's
          return CompletableFuture.completedFuture("x");
        }));
      } else {
        locked.call("locked:l", () -> {
          cache.get("inside");
          return "x";
        });
      }
      assertThat(seen(d)).containsExactly(
          "SET_LOCK locked:l locked PT20S", "GET inside null null", "UNLOCK locked:l locked PT20S");
    }
  }

  @Test
  @DisplayName("@Invalidate's deletes are reported as invalidate")
  void invalidate() {
    cache.set("user:1", "a");
    InvalidateSite site = InvalidateSite.of(cache, "Svc.update");
    try (Detect d = cache.detect()) {
      site.invalidate("user:1", "list:*");
      await(site.after(CompletableFuture.completedFuture("ok"), "user:2"));
      assertThat(seen(d)).containsExactly(
          "DELETE user:1 invalidate null", "DELETE_MATCH list:* invalidate null", "DELETE user:2 invalidate null");
    }
  }

  @Test
  @DisplayName("@Hit's counter is reported as hit, like its lookup")
  void hit() {
    HitSite<String> hit = HitSite.<String>builder(cache, "Svc.h").type(String.class).ttl(Duration.ofMinutes(1)).cacheHits(3).build();
    hit.call("hit:h", () -> "x");
    try (Detect d = cache.detect()) {
      hit.call("hit:h", () -> "y");
      Function<Detect.Call, String> shown = c -> c.command() + " " + c.key() + " " + c.strategy();
      assertThat(d.list().stream().map(shown)).containsExactly("GET hit:h hit", "INCR hit:h:counter hit");
    }
  }

  @Test
  @DisplayName("@Bloom's filter reads and writes are reported as bloom")
  void bloom() {
    BloomSite site = BloomSite.of(cache, "Svc.exists", "bloom:Svc.exists", 100, 1);
    try (Detect d = cache.detect()) {
      site.add("m");
      site.call("m", () -> true);
      assertThat(d.list()).extracting(c -> c.command() + " " + c.strategy())
          .containsExactly("INCR_BITS bloom", "GET_BITS bloom");
    }
  }

  @Test
  @DisplayName("an attribution ends with its step: a command after it is unattributed again")
  void attributionEnds() {
    RateLimitSite<String> limit =
        RateLimitSite.<String>builder(cache, "Svc.a").type(String.class).limit(10).period(Duration.ofSeconds(60)).build();
    try (Detect d = cache.detect()) {
      limit.call("rate_limit:a", () -> "x");
      cache.get("after");
      assertThat(d.list()).last().satisfies(c -> {
        assertThat(c.command()).isEqualTo(Command.GET);
        assertThat(c.strategy()).isNull();
      });
    }
  }
}
