package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' soft (soft-01..03) on memory, with time moved by hand: sync, async, stacked, planted values. */
@DisplayName("SoftSite: fresh until softTtl, then recomputed; the old result answers a failure until ttl")
class SoftSiteTest {
  private static final String KEY = "soft:key";
  private final FakeClock clock = new FakeClock();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(clock).clock(clock).build());
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    cache.close();
  }

  /** cashews' soft(ttl=0.08, soft_ttl=0.02), in seconds. */
  private SoftSite<String> site() {
    return SoftSite.<String>builder(cache, "Svc.soft").type(String.class).ttl(Duration.ofSeconds(80))
        .softTtl(Duration.ofSeconds(20)).exception(IllegalArgumentException.class).build();
  }

  private String call(SoftSite<String> site, String result) {
    return site.call(KEY, () -> {
      calls.incrementAndGet();
      return result;
    });
  }

  private String fail(SoftSite<String> site, Throwable error) {
    return site.call(KEY, () -> {
      calls.incrementAndGet();
      throw error;
    });
  }

  @Test
  @DisplayName("soft-01: cached within softTtl; after 1.1 x softTtl the call recomputes and stores the new result")
  void simple() {
    SoftSite<String> site = site();
    assertThat(call(site, "ok")).isEqualTo("ok");
    assertThat(call(site, "notok")).isEqualTo("ok");
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(22));
    assertThat(call(site, "notok")).isEqualTo("notok");
    assertThat(calls).hasValue(2);
    assertThat(call(site, "third")).isEqualTo("notok");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("soft-03: the entry is a Stamped(soft expiry in epoch millis, result) with the backend TTL = ttl")
  void storedShape() {
    long now = clock.millis();
    call(site(), "ok");
    assertThat((Object) cache.get(KEY)).isEqualTo(new Stamped(now + 20_000, "ok"));
    assertThat(cache.getExpire(KEY)).isEqualTo(80);
  }

  @Test
  @DisplayName("soft-02: after softTtl a listed exception returns the old result; after ttl it propagates")
  void failureServesOldUntilTtl() {
    SoftSite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(22));
    IllegalArgumentException down = new IllegalArgumentException("down");
    assertThat(fail(site, down)).isEqualTo("ok");
    assertThat(fail(site, down)).isEqualTo("ok"); // each call after softTtl tries again
    assertThat(calls).hasValue(3);
    assertThat((Object) cache.get(KEY)).isEqualTo(new Stamped(clock.millis() - 2_000, "ok")); // not restamped
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> fail(site, down)).isSameAs(down);
  }

  @Test
  @DisplayName("soft-02: an exception not listed propagates after softTtl, even with an old result")
  void notListed() {
    SoftSite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(22));
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> fail(site, boom)).isSameAs(boom);
  }

  @Test
  @DisplayName("soft-02: with no exceptions listed the cache's defaults (Exception) answer with the old result, an Error never")
  void defaultExceptions() throws Exception {
    SoftSite<String> site = SoftSite.<String>builder(cache, "Svc.soft").ttl(Duration.ofSeconds(80))
        .softTtl(Duration.ofSeconds(20)).build();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(22));
    assertThat(fail(site, new IOException("checked"))).isEqualTo("ok");
    AssertionError error = new AssertionError("error");
    assertThatThrownBy(() -> fail(site, error)).isSameAs(error);
    cache.setDefaultFailExceptions(List.of(IOException.class));
    IllegalStateException state = new IllegalStateException("state");
    assertThatThrownBy(() -> fail(site, state)).isSameAs(state);
  }

  @Test
  @DisplayName("a failure with nothing stored propagates, checked exceptions as they are")
  void failureOnMiss() {
    IOException io = new IOException("io");
    assertThatThrownBy(() -> fail(site(), io)).isSameAs(io);
    assertThat(cache.exists(KEY)).isFalse();
  }

  @Test
  @DisplayName("soft-03: without softTtl a result is fresh for a third of ttl")
  void defaultSoftTtl() {
    SoftSite<String> site = SoftSite.<String>builder(cache, "Svc.soft").ttl(Duration.ofSeconds(90)).build();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(29));
    assertThat(call(site, "new")).isEqualTo("ok");
    clock.advance(Duration.ofSeconds(2));
    assertThat(call(site, "new")).isEqualTo("new");
  }

  @Test
  @DisplayName("a stored null is a result: served while fresh")
  void storedNull() {
    SoftSite<String> site = site();
    assertThat(call(site, null)).isNull();
    assertThat(call(site, "x")).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("a plain value, or a Stamped of another type, under the key is a miss: recomputed and overwritten")
  void plantedWrongShape() {
    SoftSite<String> site = site();
    cache.set(KEY, "plain");
    assertThat(call(site, "fresh")).isEqualTo("fresh");
    assertThat((Object) cache.get(KEY)).isInstanceOf(Stamped.class);
    cache.set(KEY, new Stamped(Long.MAX_VALUE, 42));
    assertThat(call(site, "again")).isEqualTo("again");
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("again");
    cache.set(KEY, new CachedSite.CachedFailure("java.io.IOException", "x"));
    assertThat(call(site, "third")).isEqualTo("third");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("a planted value of the wrong shape is never an old result to fall back on")
  void plantedNotAFallback() {
    cache.set(KEY, new Stamped(0, 42));
    IllegalArgumentException down = new IllegalArgumentException("down");
    assertThatThrownBy(() -> fail(site(), down)).isSameAs(down);
  }

  @Test
  @DisplayName("cache-06: concurrent misses of one key share one call")
  void protectedMiss() throws Exception {
    SoftSite<String> site = site();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> site.call(KEY, () -> {
          calls.incrementAndGet();
          release.await();
          return "one";
        })));
      }
      while (calls.get() == 0) {
        Thread.onSpinWait();
      }
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("one");
      }
      assertThat(calls).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a caller with an old result that joins a failing call made without one (the entry expired in between) still gets its old result")
  void joinedFailureFallsBack() throws Exception {
    SoftSite<String> site = site();
    CompletableFuture<String> running = new CompletableFuture<>();
    CompletableFuture<String> leader = site.callAsync(KEY, () -> running); // a miss: no old result
    cache.set(KEY, new Stamped(clock.millis() - 1, "old"), Duration.ofSeconds(80)); // as another process stores
    CompletableFuture<String> joined = site.callAsync(KEY, () -> CompletableFuture.completedFuture("never"));
    IllegalArgumentException down = new IllegalArgumentException("down");
    running.completeExceptionally(down);
    assertThat(joined.get()).isEqualTo("old");
    assertThatThrownBy(leader::get).cause().isSameAs(down);
  }

  @Test
  @DisplayName("detect reports the lookup with strategy soft and the ttl")
  void detect() {
    SoftSite<String> site = site();
    call(site, "ok");
    try (Detect d = cache.detect()) {
      call(site, "ok");
      assertThat(d.calls().get(KEY)).anyMatch(c -> c.command() == Command.GET && c.hit()
          && "soft".equals(c.strategy()) && Duration.ofSeconds(80).equals(c.ttl()));
    }
  }

  @Test
  @DisplayName("builders check eagerly: ttl required and positive, softTtl positive")
  void builderChecks() {
    assertThatThrownBy(() -> SoftSite.builder(cache, "Svc.m").build()).hasMessageContaining("Svc.m").hasMessageContaining("ttl");
    assertThatThrownBy(() -> SoftSite.builder(cache, "Svc.m").softTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("softTtl must be positive, was PT0S");
    assertThatThrownBy(() -> SoftSite.builder(cache, "Svc.m").ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be positive");
  }

  // ---- stacking ----

  @Test
  @DisplayName("fail-04 with soft inside: a soft hit is reported served, so the failover around it stores nothing")
  void failoverAroundSoft() {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).build();
    SoftSite<String> soft = SoftSite.<String>builder(cache, "Svc.m").ttl(Duration.ofSeconds(80))
        .softTtl(Duration.ofSeconds(20)).inner().build();
    cache.set(KEY, new Stamped(clock.millis() + 1000, "val"));
    assertThat(failover.call("fail:key", () -> soft.call(KEY, () -> "fresh"))).isEqualTo("val");
    assertThat(cache.exists("fail:key")).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(failover.call("fail:key", () -> soft.call(KEY, () -> "fresh"))).isEqualTo("fresh");
    assertThat((Object) cache.get("fail:key")).isEqualTo("fresh");
    clock.advance(Duration.ofSeconds(22));
    // soft's own fallback is served from the store too: the failover returns it and stores nothing new
    cache.delete("fail:key");
    assertThat(failover.call("fail:key", () -> soft.call(KEY, () -> {
      throw new IOException("down");
    }))).isEqualTo("fresh");
    assertThat(cache.exists("fail:key")).isFalse();
  }

  @Test
  @DisplayName("cache-08 with soft outside: an inner @Cached hit is returned, never stored by soft")
  void softAroundCached() {
    SoftSite<String> soft = site();
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).inner().build();
    cache.set("inner", "inner-hit");
    assertThat(soft.call(KEY, () -> cached.call("inner", () -> "computed"))).isEqualTo("inner-hit");
    assertThat(cache.exists(KEY)).isFalse();
    cache.delete("inner");
    assertThat(soft.call(KEY, () -> cached.call("inner", () -> "computed"))).isEqualTo("computed");
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("computed");
  }

  // ---- futures ----

  private CompletableFuture<String> callAsync(SoftSite<String> site, String result) {
    return site.callAsync(KEY, () -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(result);
    });
  }

  @Test
  @DisplayName("async soft-01/02: fresh hits, recompute after softTtl, old result for a failed future until ttl")
  void async() throws Exception {
    SoftSite<String> site = site();
    assertThat(callAsync(site, "ok").get()).isEqualTo("ok");
    assertThat(callAsync(site, "notok").get()).isEqualTo("ok");
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(22));
    assertThat(callAsync(site, "notok").get()).isEqualTo("notok");
    clock.advance(Duration.ofSeconds(22));
    IllegalArgumentException down = new IllegalArgumentException("down");
    assertThat(site.callAsync(KEY, () -> CompletableFuture.failedFuture(down)).get()).isEqualTo("notok");
    assertThat(site.callAsync(KEY, () -> {
      throw down;
    }).get()).isEqualTo("notok");
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> site.callAsync(KEY, () -> CompletableFuture.failedFuture(down)).get())
        .isInstanceOf(ExecutionException.class).cause().isSameAs(down);
  }

  @Test
  @DisplayName("cache-06, async: concurrent recomputations of a soft-expired key share one call")
  void asyncProtected() throws Exception {
    SoftSite<String> site = site();
    callAsync(site, "ok").get();
    clock.advance(Duration.ofSeconds(22));
    CompletableFuture<String> running = new CompletableFuture<>();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(site.callAsync(KEY, () -> {
        calls.incrementAndGet();
        return running;
      }));
    }
    running.completeExceptionally(new IllegalArgumentException("down"));
    for (CompletableFuture<String> r : results) {
      assertThat(r.get()).isEqualTo("ok"); // the shared failure is answered with the old result
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("async: a null stage fails the call with a message naming the method")
  void asyncNullStage() {
    assertThatThrownBy(() -> site().callAsync(KEY, () -> null).get())
        .cause().isInstanceOf(NullPointerException.class).hasMessageContaining("Svc.soft");
  }

  @Test
  @DisplayName("async fail-04: a failover around an inner async soft stores neither its hit nor its fallback")
  void asyncStacked() throws Exception {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).build();
    SoftSite<String> soft = SoftSite.<String>builder(cache, "Svc.m").ttl(Duration.ofSeconds(80))
        .softTtl(Duration.ofSeconds(20)).inner().build();
    assertThat(failover.callAsync("fail:key", () -> soft.callAsync(KEY, () -> CompletableFuture.completedFuture("a"))).get())
        .isEqualTo("a");
    assertThat((Object) cache.get("fail:key")).isEqualTo("a");
    cache.delete("fail:key");
    assertThat(failover.callAsync("fail:key", () -> soft.callAsync(KEY, () -> CompletableFuture.completedFuture("b"))).get())
        .isEqualTo("a");
    clock.advance(Duration.ofSeconds(22));
    assertThat(failover.callAsync("fail:key", () -> soft.callAsync(KEY, () -> CompletableFuture.failedFuture(new IOException()))).get())
        .isEqualTo("a");
    assertThat(cache.exists("fail:key")).isFalse();
  }

  @Test
  @DisplayName("a planted value is logged, naming the method and the key, once a minute at most")
  void plantedLoggedOnce() {
    LogCapture log = new LogCapture();
    var site = SoftSite.<String>builder(cache, "Svc.soft").type(String.class).ttl(Duration.ofSeconds(80)).logger(log).build();
    for (int i = 0; i < 3; i++) {
      cache.set(KEY, "plain");
      call(site, "fresh");
    }
    assertThat(log.messages).hasSize(1);
    assertThat(log.messages.get(0)).contains("Svc.").contains("'soft:key'").contains("read as a miss");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("tag-13: a tagged call adds the stored key to its tags, sync and async")
  void tags() throws Exception {
    SoftSite<String> site = site();
    assertThat(site.call(KEY, () -> "ok", "all", "tag:1")).isEqualTo("ok");
    assertThat(cache.deleteTags("tag:1")).isEqualTo(1);
    assertThat(cache.exists(KEY)).isFalse();
    SoftSite<String> viaApi = SoftSite.<String>builder(SiteTestCaches.publicApiOnly(cache), "Svc.soft").type(String.class)
        .ttl(Duration.ofSeconds(80)).build();
    assertThat(viaApi.callAsync(KEY, () -> CompletableFuture.completedFuture("ok"), "all").get()).isEqualTo("ok");
    assertThat(cache.deleteTags("all")).isEqualTo(1);
    assertThat(cache.exists(KEY)).isFalse();
  }
}
