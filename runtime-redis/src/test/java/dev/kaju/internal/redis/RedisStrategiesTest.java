package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.CircuitBreakerOpenException;
import dev.kaju.Command;
import dev.kaju.LockedException;
import dev.kaju.RateLimitException;
import dev.kaju.support.CachedSite;
import dev.kaju.support.CircuitBreakerSite;
import dev.kaju.support.LockedSite;
import dev.kaju.support.RateLimitSite;
import dev.kaju.support.SliceRateLimitSite;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distributed strategies on one Redis shared by two caches (two {@code Cache.create().setup(url)},
 * as two processes would have): one lock, one limit and one breaker state between them; and a
 * frozen or killed Redis never lets a {@code @Locked} method run unlocked.
 */
@DisplayName("Redis: @Locked, @Cached(lock = true), rate limits and the circuit breaker shared by two caches")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RedisStrategiesTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  private RedisServer server;
  private Cache one;
  private Cache two;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @BeforeEach
  void start() {
    server = RedisServer.start();
    one = Cache.create().setup(server.url() + "?timeout=10s");
    two = Cache.create().setup(server.url() + "?timeout=10s");
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    one.close();
    two.close();
    server.close();
  }

  private Cache.Scope countRefusals(Cache cache) {
    return cache.callback((command, key, result) -> {
      if (Boolean.FALSE.equals(result)) {
        refused.incrementAndGet();
      }
    }, Command.SET_LOCK);
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.onSpinWait();
    }
  }

  private String body(CountDownLatch gate) throws InterruptedException {
    int now = inside.incrementAndGet();
    mostInside.accumulateAndGet(now, Math::max);
    try {
      int n = runs.incrementAndGet();
      if (gate != null) {
        assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
      }
      return "run#" + n;
    } finally {
      inside.decrementAndGet();
    }
  }

  private static LockedSite<String> locked(Cache cache, boolean wait) {
    return LockedSite.<String>builder(cache, "Jobs.rebuild").type(String.class).ttl(TTL).waitForLock(wait)
        .step(Duration.ofMillis(10)).build();
  }

  @Test
  @DisplayName("@Locked serializes across two caches: refused at once without waiting, run after the holder with it")
  void lockedAcrossCaches() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Future<String> holder = pool.submit(() -> locked(one, true).call("locked:job", () -> body(gate)));
    awaitTrue("the first cache holds the lock", () -> runs.get() == 1);
    assertThatThrownBy(() -> locked(two, false).call("locked:job", () -> body(null))).isInstanceOf(LockedException.class);
    try (Cache.Scope s = countRefusals(two)) {
      Future<String> waiter = pool.submit(() -> locked(two, true).call("locked:job", () -> body(null)));
      CompletableFuture<String> asyncWaiter =
          locked(two, true).callAsync("locked:job", () -> CompletableFuture.completedFuture(body(null)));
      awaitTrue("both callers of the second cache found the lock held", () -> refused.get() >= 2);
      assertThat(asyncWaiter).isNotDone();
      assertThat(runs).hasValue(1);
      gate.countDown();
      assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("run#1");
      assertThat(waiter.get(30, TimeUnit.SECONDS)).startsWith("run#");
      assertThat(asyncWaiter.get(30, TimeUnit.SECONDS)).startsWith("run#");
    }
    assertThat(runs).hasValue(3);
    assertThat(mostInside).as("never two at once").hasValue(1);
    assertThat(one.isLocked("locked:job")).isFalse();
  }

  @Test
  @DisplayName("@Cached(lock = true): concurrent misses on two caches make one call, sync and async")
  void cachedLockAcrossCaches() throws Exception {
    CachedSite<String> first = CachedSite.<String>builder(one, "Users.profile").type(String.class).ttl(TTL).lock().build();
    CachedSite<String> second = CachedSite.<String>builder(two, "Users.profile").type(String.class).ttl(TTL).lock().build();
    CountDownLatch gate = new CountDownLatch(1);
    try (Cache.Scope s = countRefusals(two)) {
      Future<String> a = pool.submit(() -> first.call("user:1", () -> body(gate)));
      awaitTrue("the first cache is computing", () -> runs.get() == 1);
      Future<String> b = pool.submit(() -> second.call("user:1", () -> body(null)));
      CompletableFuture<String> c = second.callAsync("user:1", () -> CompletableFuture.completedFuture(body(null)));
      awaitTrue("the second cache found the lock held", () -> refused.get() >= 1);
      gate.countDown();
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("run#1");
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo("run#1");
      assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo("run#1");
    }
    assertThat(runs).hasValue(1);
    assertThat(one.isLocked("user:1:lock")).isFalse();

    // async on both: the first holds its lock while its future is pending
    CompletableFuture<String> pending = new CompletableFuture<>();
    refused.set(0);
    try (Cache.Scope s = countRefusals(two)) {
      CompletableFuture<String> a = first.callAsync("user:2", () -> {
        runs.incrementAndGet();
        return pending;
      });
      awaitTrue("the first cache holds the lock", () -> one.isLocked("user:2:lock"));
      CompletableFuture<String> b = second.callAsync("user:2", () -> CompletableFuture.completedFuture(body(null)));
      awaitTrue("the second cache found the lock held", () -> refused.get() >= 1);
      assertThat(b).isNotDone();
      pending.complete("async#1");
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("async#1");
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo("async#1");
    }
    assertThat(runs).hasValue(2);
  }

  @Test
  @DisplayName("two caches share one fixed-window limit and one sliding-window limit")
  void sharedLimits() {
    RateLimitSite<String> r1 = RateLimitSite.<String>builder(one, "Auth.login").limit(3).period(Duration.ofMinutes(1)).build();
    RateLimitSite<String> r2 = RateLimitSite.<String>builder(two, "Auth.login").limit(3).period(Duration.ofMinutes(1)).build();
    r1.call("rate_limit:u", () -> "a");
    r2.call("rate_limit:u", () -> "b");
    assertThat(r1.callAsync("rate_limit:u", () -> CompletableFuture.completedFuture("c"))).succeedsWithin(Duration.ofSeconds(10));
    assertThatThrownBy(() -> r2.call("rate_limit:u", () -> "d")).isInstanceOf(RateLimitException.class);
    assertThat(r1.callAsync("rate_limit:u", () -> CompletableFuture.completedFuture("e"))).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(RateLimitException.class);
    assertThat(one.getExpire("rate_limit:u")).isBetween(1L, 60L);

    SliceRateLimitSite<String> s1 = SliceRateLimitSite.<String>builder(one, "Search.find").limit(2).period(Duration.ofMinutes(1)).build();
    SliceRateLimitSite<String> s2 = SliceRateLimitSite.<String>builder(two, "Search.find").limit(2).period(Duration.ofMinutes(1)).build();
    s1.call("srl:u", () -> "a");
    assertThat(s2.callAsync("srl:u", () -> CompletableFuture.completedFuture("b"))).succeedsWithin(Duration.ofSeconds(10));
    assertThatThrownBy(() -> s1.call("srl:u", () -> "c")).isInstanceOf(RateLimitException.class);
    assertThatThrownBy(() -> s2.call("srl:u", () -> "d")).isInstanceOf(RateLimitException.class);
  }

  @Test
  @DisplayName("two caches share one circuit breaker: failures through one open it for the other")
  void sharedBreaker() {
    CircuitBreakerSite<String> b1 = CircuitBreakerSite.<String>builder(one, "Quotes.get").errorsRate(50)
        .period(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(1)).minCalls(4).build();
    CircuitBreakerSite<String> b2 = CircuitBreakerSite.<String>builder(two, "Quotes.get").errorsRate(50)
        .period(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(1)).minCalls(4).build();
    b1.call("circuit_breaker:q", () -> "ok");
    assertThat(b2.callAsync("circuit_breaker:q", () -> CompletableFuture.completedFuture("ok"))).succeedsWithin(Duration.ofSeconds(10));
    assertThatThrownBy(() -> b1.call("circuit_breaker:q", () -> {
      throw new IllegalStateException("down");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(one.exists("circuit_breaker:q:open")).as("3 calls: fewer than minCalls").isFalse();
    assertThat(b2.callAsync("circuit_breaker:q", () -> CompletableFuture.<String>failedFuture(new IllegalStateException("down"))))
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(one.exists("circuit_breaker:q:open")).as("2 failures of 4").isTrue();
    assertThatThrownBy(() -> b1.call("circuit_breaker:q", () -> "ok")).isInstanceOf(CircuitBreakerOpenException.class);
    assertThatThrownBy(() -> b2.call("circuit_breaker:q", () -> "ok")).isInstanceOf(CircuitBreakerOpenException.class);
  }

  @Test
  @DisplayName("a frozen Redis: @Locked never runs the method unlocked; the caller gets LockedException, sync and async")
  void frozenRedis() throws Exception {
    Cache cache = Cache.create().setup(server.url() + "?timeout=300ms");
    try {
      assertThat(cache.setLock("warm", "v", TTL)).isTrue();
      server.pause();
      assertThatThrownBy(() -> locked(cache, false).call("locked:job", () -> body(null)))
          .isInstanceOf(LockedException.class);
      LockedSite<String> waiting = LockedSite.<String>builder(cache, "Jobs.rebuild").ttl(Duration.ofSeconds(1))
          .step(Duration.ofMillis(100)).build();
      assertThatThrownBy(() -> waiting.call("locked:job", () -> body(null))).isInstanceOf(LockedException.class);
      assertThat(waiting.callAsync("locked:job", () -> CompletableFuture.completedFuture(body(null))))
          .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(LockedException.class);
      assertThat(runs).as("the method never ran").hasValue(0);
    } finally {
      server.resume();
      cache.close();
    }
  }

  @Test
  @DisplayName("a killed Redis: LockedException with suppress, CacheBackendException without; the method never runs")
  void killedRedis() {
    Cache suppressed = Cache.create().setup(server.url() + "?timeout=300ms");
    Cache strict = Cache.create().setup(server.url() + "?timeout=300ms&suppress=false");
    try {
      assertThat(suppressed.setLock("warm", "v", TTL)).isTrue();
      assertThat(strict.setLock("warm2", "v", TTL)).isTrue();
      server.kill();
      assertThatThrownBy(() -> locked(suppressed, true).call("locked:job", () -> body(null)))
          .isInstanceOf(LockedException.class)
          .hasMessageContaining("does not answer PING");
      assertThat(locked(suppressed, true).callAsync("locked:job", () -> CompletableFuture.completedFuture(body(null))))
          .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(LockedException.class);
      assertThatThrownBy(() -> locked(strict, true).call("locked:job", () -> body(null)))
          .isInstanceOf(CacheBackendException.class);
      assertThat(locked(strict, false).callAsync("locked:job", () -> CompletableFuture.completedFuture(body(null))))
          .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(CacheBackendException.class);
      assertThat(runs).as("the method never ran").hasValue(0);
    } finally {
      suppressed.close();
      strict.close();
    }
  }
}
