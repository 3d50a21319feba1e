package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CircuitBreakerOpenException;
import dev.kaju.LockedException;
import dev.kaju.RateLimitException;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.ManualExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The strategies of issue 12 through classes the processor generated, on memory, with injected time. */
@DisplayName("generated strategy steps: soft, early, hit, locked, rate limits, circuit breaker, stacked")
class StrategiesGeneratedTest {
  private final FakeClock time = new FakeClock();
  private final ManualExecutor background = new ManualExecutor();
  private final Cache cache =
      Cache.create().setup("mem://", Settings.builder().ticker(time).clock(time).executor(background).build());
  private final AtomicInteger calls = new AtomicInteger();
  private volatile RuntimeException failWith;

  private String answer(String value) {
    calls.incrementAndGet();
    RuntimeException e = failWith;
    if (e != null) {
      throw e;
    }
    return value;
  }

  private final Fresh fresh = new FreshCached(new Fresh() {
    @Override
    public String soft(String value) {
      return answer(value);
    }

    @Override
    public String early(String value) {
      return answer(value);
    }

    @Override
    public String hit(String value) {
      return answer(value);
    }

    @Override
    public String hitEarly(String value) {
      return answer(value);
    }

    @Override
    public CompletableFuture<String> earlyAsync(String value) {
      return CompletableFuture.completedFuture(answer(value));
    }

    @Override
    public String softUnderFailover(String value) {
      return answer(value);
    }
  }, cache);

  private final CountDownLatch jobEntered = new CountDownLatch(1);
  private final CountDownLatch jobRelease = new CountDownLatch(1);

  private final Guarded guarded = new GuardedCached(new Guarded() {
    @Override
    public String job(String name) {
      calls.incrementAndGet();
      jobEntered.countDown();
      try {
        jobRelease.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "done " + name;
    }

    @Override
    public void exclusive(String name) {
      calls.incrementAndGet();
    }

    @Override
    public String login(String user) {
      return answer("welcome " + user);
    }

    @Override
    public CompletableFuture<String> search(String q) {
      return CompletableFuture.completedFuture(answer("found " + q));
    }

    @Override
    public String quote(String symbol) {
      return answer("42 " + symbol);
    }

    @Override
    public String profile(String user) {
      return answer("profile of " + user);
    }

    @Override
    public void rename(String user) {
      calls.incrementAndGet();
    }

    @Override
    public String greet(String user) {
      return answer("hello " + user);
    }

    @Override
    public CompletableFuture<String> news() {
      return CompletableFuture.completedFuture(answer("news"));
    }
  }, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("soft-01/02: fresh until softTtl; after it a failure serves the old value until ttl, then propagates")
  void soft() {
    assertThat(fresh.soft("ok")).isEqualTo("ok");
    assertThat(fresh.soft("notok")).isEqualTo("ok");
    time.advance(Duration.ofSeconds(22));
    assertThat(fresh.soft("new")).isEqualTo("new");
    time.advance(Duration.ofSeconds(22));
    failWith = new IllegalStateException("down");
    assertThat(fresh.soft("x")).isEqualTo("new");
    time.advance(Duration.ofSeconds(81));
    assertThatThrownBy(() -> fresh.soft("x")).isSameAs(failWith);
  }

  @Test
  @DisplayName("early-01/05: after earlyTtl the old value is served and one recomputation runs in the background")
  void early() {
    assertThat(fresh.early("ok")).isEqualTo("ok");
    time.advance(Duration.ofSeconds(11));
    assertThat(fresh.early("new")).isEqualTo("ok");
    assertThat(fresh.early("newer")).isEqualTo("ok");
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(fresh.early("x")).isEqualTo("new");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("early, async: a stale hit completes at once and the recomputation waits for the executor")
  void earlyAsync() throws Exception {
    assertThat(fresh.earlyAsync("ok").get()).isEqualTo("ok");
    time.advance(Duration.ofSeconds(7)); // earlyTtl = a third of 20s
    assertThat(fresh.earlyAsync("new").get()).isEqualTo("ok");
    background.runAll();
    assertThat(fresh.earlyAsync("x").get()).isEqualTo("new");
  }

  @Test
  @DisplayName("hit-01/02: served cacheHits times, then recomputed; with updateAfter a background refresh")
  void hits() {
    assertThat(fresh.hit("1")).isEqualTo("1");
    for (int i = 0; i < 10; i++) {
      assertThat(fresh.hit("2")).isEqualTo("1");
    }
    assertThat(fresh.hit("3")).isEqualTo("3");
    assertThat(fresh.hitEarly("1")).isEqualTo("1");
    assertThat(fresh.hitEarly("2")).isEqualTo("1");
    background.runAll();
    assertThat(fresh.hitEarly("3")).isEqualTo("2");
  }

  @Test
  @DisplayName("fail-04 over @Soft: a soft hit is not stored by the failover")
  void failoverOverSoft() {
    cache.set("x", "y"); // unrelated
    assertThat(fresh.softUnderFailover("ok")).isEqualTo("ok");
    cache.delete("fail");
    assertThat(fresh.softUnderFailover("again")).isEqualTo("ok"); // a soft hit
    assertThat(cache.exists("fail")).isFalse();
  }

  @Test
  @DisplayName("lock-01: with waitForLock = false a second caller gets LockedException while the first runs")
  void locked() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> first = pool.submit(() -> guarded.job("a"));
      assertThat(jobEntered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> guarded.job("a")).isInstanceOf(LockedException.class);
      jobRelease.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done a");
      guarded.exclusive("x");
      guarded.exclusive("x");
      assertThat(calls).hasValue(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("rate-01/03: 3 logins per user and minute, per key; srate-01 on an async method")
  void rateLimits() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(guarded.login("ada")).isEqualTo("welcome ada");
    }
    assertThatThrownBy(() -> guarded.login("ada")).isInstanceOf(RateLimitException.class);
    assertThat(guarded.login("bob")).isEqualTo("welcome bob");
    time.advance(Duration.ofMinutes(2));
    assertThat(guarded.login("ada")).isEqualTo("welcome ada");
    assertThat(guarded.search("q").get()).isEqualTo("found q");
    assertThat(guarded.search("q").get()).isEqualTo("found q");
    assertThatThrownBy(() -> guarded.search("q").get()).hasCauseInstanceOf(RateLimitException.class);
  }

  @Test
  @DisplayName("cb-01: at 50% errors over 2 calls the breaker opens and refuses without calling")
  void breaker() {
    assertThat(guarded.quote("X")).isEqualTo("42 X");
    failWith = new IllegalStateException("down");
    assertThatThrownBy(() -> guarded.quote("X")).isSameAs(failWith);
    failWith = null;
    int before = calls.get();
    assertThatThrownBy(() -> guarded.quote("X")).isInstanceOf(CircuitBreakerOpenException.class);
    assertThat(calls).hasValue(before);
  }

  @Test
  @DisplayName("stacked: @Failover over @RateLimit over @Cached(lock); the limit's refusal is answered by the fallback; hits never count as fresh")
  void stacked() {
    assertThat(guarded.profile("ada")).isEqualTo("profile of ada");
    assertThat(cache.<String>get("fallback:ada")).isEqualTo("profile of ada");
    cache.delete("profile:ada");
    // the rate limit (1 a minute) refuses the second call: the failover serves the last good result
    assertThat(guarded.profile("ada")).isEqualTo("profile of ada");
    assertThat(calls).hasValue(1);
    guarded.rename("ada");
    assertThatThrownBy(() -> guarded.rename("ada")).isInstanceOf(RateLimitException.class);
  }

  @Test
  @DisplayName("rate-04: a fallback answers a call over the limit, with its arguments; an outer @Cached does not store it")
  void rateLimitFallback() throws Exception {
    assertThat(guarded.greet("ada")).isEqualTo("hello ada");
    assertThat(guarded.greet("ada")).isEqualTo("slow down, ada");
    assertThat(calls).hasValue(1);
    assertThat(guarded.news().get()).isEqualTo("news");
    cache.delete("news");
    assertThat(guarded.news().get()).isEqualTo("no news");
    assertThat(cache.exists("news")).as("the fallback's answer is not cached as fresh").isFalse();
  }
}
