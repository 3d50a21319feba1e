package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.ManualExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' hit (hit-01..04) on memory, with time and background work moved by hand. */
@DisplayName("HitSite: a result serves cacheHits hits, then is recomputed; updateAfter refreshes in the background")
class HitSiteTest {
  private static final String KEY = "hit:test";
  private final FakeClock clock = new FakeClock();
  private final ManualExecutor background = new ManualExecutor();
  private final Cache cache =
      Cache.create().setup("mem://", Settings.builder().ticker(clock).clock(clock).executor(background).build());
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    cache.close();
  }

  private HitSite<String> site(int cacheHits, int updateAfter) {
    return HitSite.<String>builder(cache, "Svc.hit").type(String.class).ttl(Duration.ofSeconds(1000))
        .cacheHits(cacheHits).updateAfter(updateAfter).build();
  }

  private String call(HitSite<String> site, String result) {
    return site.call(KEY, () -> {
      calls.incrementAndGet();
      return result;
    });
  }

  @Test
  @DisplayName("hit-01: after the first call, 10 calls are served from the cache; the next one recomputes")
  void tenHits() {
    HitSite<String> site = site(10, 0);
    assertThat(call(site, "r1")).isEqualTo("r1");
    for (int i = 0; i < 10; i++) {
      assertThat(call(site, "r2")).isEqualTo("r1");
    }
    assertThat(calls).hasValue(1);
    assertThat(call(site, "r2")).isEqualTo("r2");
    assertThat(calls).hasValue(2);
    assertThat(call(site, "r3")).isEqualTo("r2");
    assertThat(background.pending()).isZero();
  }

  @Test
  @DisplayName("hit-01: 10 concurrent calls after the first are all served from the cache")
  void tenConcurrentHits() throws Exception {
    HitSite<String> site = site(10, 0);
    call(site, "r1");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        results.add(pool.submit(() -> call(site, "r2")));
      }
      for (Future<String> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("r1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(1); // cashews allows {1, 2}: its get and incr race; here the count is exact
    assertThat(call(site, "r3")).isEqualTo("r3");
  }

  @Test
  @DisplayName("hit-02: cacheHits=5, updateAfter=1: each first hit returns the cached result and recomputes in the background")
  void updateAfter() {
    HitSite<String> site = site(5, 1);
    assertThat(call(site, "1")).isEqualTo("1");
    assertThat(calls).hasValue(1);
    assertThat(call(site, "2")).isEqualTo("1");
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertThat(call(site, "3")).isEqualTo("2");
    background.runAll();
    assertThat(calls).hasValue(3);
    assertThat((Object) cache.get(KEY)).isEqualTo("3");
  }

  @Test
  @DisplayName("hit-03: the value at the key, the hit counter at <key>:counter with expire = ttl, deleted by every store")
  void storage() {
    HitSite<String> site = site(3, 0);
    call(site, "v");
    assertThat((Object) cache.get(KEY)).isEqualTo("v");
    assertThat(cache.getExpire(KEY)).isEqualTo(1000);
    assertThat(cache.exists(KEY + ":counter")).isFalse();
    call(site, "v");
    call(site, "v");
    assertThat((Object) cache.get(KEY + ":counter")).isEqualTo(2L);
    assertThat(cache.getExpire(KEY + ":counter")).isEqualTo(1000);
    call(site, "v");
    call(site, "w"); // the 4th hit: recomputed, stored, counter gone
    assertThat(calls).hasValue(2);
    assertThat((Object) cache.get(KEY)).isEqualTo("w");
    assertThat(cache.exists(KEY + ":counter")).isFalse();
  }

  @Test
  @DisplayName("hit-04: a result is also gone when its ttl passes, whatever its count")
  void ttl() {
    HitSite<String> site = site(100, 0);
    call(site, "a");
    call(site, "b");
    clock.advance(Duration.ofSeconds(1001));
    assertThat(call(site, "b")).isEqualTo("b");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("a failing method propagates and stores nothing; a failed background refresh is logged and the old result stays")
  void failures() {
    HitSite<String> site = site(5, 2);
    IOException io = new IOException("io");
    assertThatThrownBy(() -> site.call(KEY, () -> {
      throw io;
    })).isSameAs(io);
    assertThat(cache.exists(KEY)).isFalse();
    call(site, "a");
    call(site, "b");
    assertThat(site.call(KEY, () -> {
      calls.incrementAndGet();
      throw io;
    })).isEqualTo("a");
    background.runAll();
    assertThat(calls).hasValue(2);
    assertThat((Object) cache.get(KEY)).isEqualTo("a");
    assertThat((Object) cache.get(KEY + ":counter")).isEqualTo(2L);
  }

  @Test
  @DisplayName("a value of another type, another strategy's record, or a counter that is not a number: recomputed, no exception")
  void plantedWrongShape() {
    HitSite<String> site = site(5, 0);
    cache.set(KEY, 42);
    assertThat(call(site, "a")).isEqualTo("a");
    cache.set(KEY, new Stamped(Long.MAX_VALUE, "a"));
    assertThat(call(site, "b")).isEqualTo("b");
    assertThat((Object) cache.get(KEY)).isEqualTo("b");
    cache.set(KEY + ":counter", "not a number");
    assertThat(call(site, "c")).isEqualTo("c");
    assertThat(cache.exists(KEY + ":counter")).isFalse();
    assertThat(call(site, "d")).isEqualTo("c");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("a stored null is a result: served like any other")
  void storedNull() {
    HitSite<String> site = site(5, 0);
    assertThat(call(site, null)).isNull();
    assertThat(call(site, "x")).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("detect reports the lookup with strategy hit and the ttl")
  void detect() {
    HitSite<String> site = site(5, 0);
    call(site, "ok");
    try (Detect d = cache.detect()) {
      call(site, "ok");
      assertThat(d.calls().get(KEY)).anyMatch(c -> c.command() == Command.GET && c.hit()
          && "hit".equals(c.strategy()) && Duration.ofSeconds(1000).equals(c.ttl()));
    }
  }

  @Test
  @DisplayName("builders check eagerly: cacheHits at least 1, updateAfter not negative, ttl required")
  void builderChecks() {
    assertThatThrownBy(() -> HitSite.builder(cache, "Svc.m").cacheHits(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Svc.m: cacheHits must be at least 1, was 0");
    assertThatThrownBy(() -> HitSite.builder(cache, "Svc.m").updateAfter(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateAfter must be 0 (never) or positive, was -1");
    assertThatThrownBy(() -> HitSite.builder(cache, "Svc.m").cacheHits(1).build()).hasMessageContaining("ttl");
    assertThatThrownBy(() -> HitSite.builder(cache, "Svc.m").ttl(Duration.ofSeconds(1)).build()).hasMessageContaining("cacheHits");
  }

  @Test
  @DisplayName("fail-04 with hit inside: a hit is reported served and the failover around it stores nothing")
  void failoverAroundHit() {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).build();
    HitSite<String> hit = HitSite.<String>builder(cache, "Svc.m").ttl(Duration.ofSeconds(1000)).cacheHits(5).inner().build();
    assertThat(failover.call("fail:key", () -> hit.call(KEY, () -> "computed"))).isEqualTo("computed");
    assertThat((Object) cache.get("fail:key")).isEqualTo("computed");
    cache.delete("fail:key");
    assertThat(failover.call("fail:key", () -> hit.call(KEY, () -> "other"))).isEqualTo("computed");
    assertThat(cache.exists("fail:key")).isFalse();
  }

  @Test
  @DisplayName("cache-08 with hit outside: an inner @Cached hit is returned, never stored by hit")
  void hitAroundCached() {
    HitSite<String> hit = site(5, 0);
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).inner().build();
    cache.set("inner", "inner-hit");
    assertThat(hit.call(KEY, () -> cached.call("inner", () -> "computed"))).isEqualTo("inner-hit");
    assertThat(cache.exists(KEY)).isFalse();
  }

  // ---- futures ----

  private CompletableFuture<String> callAsync(HitSite<String> site, String result) {
    return site.callAsync(KEY, () -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(result);
    });
  }

  @Test
  @DisplayName("async hit-01: cacheHits hits from the cache, then a recompute")
  void asyncHits() throws Exception {
    HitSite<String> site = site(3, 0);
    assertThat(callAsync(site, "a").get()).isEqualTo("a");
    for (int i = 0; i < 3; i++) {
      assertThat(callAsync(site, "b").get()).isEqualTo("a");
    }
    assertThat(callAsync(site, "b").get()).isEqualTo("b");
    assertThat(calls).hasValue(2);
    assertThatThrownBy(() -> site.callAsync("hit:other", () -> CompletableFuture.failedFuture(new IOException("io"))).get())
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName("async hit-02: updateAfter=1 returns the cached result and recomputes in the background")
  void asyncUpdateAfter() throws Exception {
    HitSite<String> site = site(5, 1);
    assertThat(callAsync(site, "1").get()).isEqualTo("1");
    assertThat(callAsync(site, "2").get()).isEqualTo("1");
    assertThat(background.runAll()).isEqualTo(2); // the recomputation, then its store back on the background executor
    assertThat(calls).hasValue(2);
    assertThat(callAsync(site, "3").get()).isEqualTo("2");
  }

  @Test
  @DisplayName("async fail-04: a failover around an inner async hit stores nothing it served")
  void asyncStacked() throws Exception {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).build();
    HitSite<String> hit = HitSite.<String>builder(cache, "Svc.m").ttl(Duration.ofSeconds(1000)).cacheHits(5).inner().build();
    assertThat(failover.callAsync("fail:key", () -> hit.callAsync(KEY, () -> CompletableFuture.completedFuture("a"))).get())
        .isEqualTo("a");
    cache.delete("fail:key");
    assertThat(failover.callAsync("fail:key", () -> hit.callAsync(KEY, () -> CompletableFuture.completedFuture("b"))).get())
        .isEqualTo("a");
    assertThat(cache.exists("fail:key")).isFalse();
  }

  @Test
  @DisplayName("a planted value is logged, naming the method and the key, once a minute at most")
  void plantedLoggedOnce() {
    LogCapture log = new LogCapture();
    var site = HitSite.<String>builder(cache, "Svc.hit").type(String.class).ttl(Duration.ofSeconds(1000)).cacheHits(5).logger(log).build();
    for (int i = 0; i < 3; i++) {
      cache.set(KEY, 42);
      call(site, "fresh");
    }
    assertThat(log.messages).hasSize(1);
    assertThat(log.messages.get(0)).contains("Svc.").contains("'hit:test'").contains("read as a miss");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("hit-05: a tagged call adds the key and its counter to the tags; deleteTags removes both")
  void tags() {
    HitSite<String> site = site(10, 0);
    assertThat(site.call(KEY, () -> "r1", "all", "tag:1")).isEqualTo("r1");
    assertThat(site.call(KEY, () -> "r2", "all", "tag:1")).isEqualTo("r1");
    assertThat(cache.exists(KEY + ":counter")).isTrue();
    assertThat(cache.deleteTags("tag:1")).isEqualTo(2);
    assertThat(cache.exists(KEY)).isFalse();
    assertThat(cache.exists(KEY + ":counter")).isFalse();
    assertThat(site.call(KEY, () -> "r3", "all", "tag:1")).isEqualTo("r3");
  }

  @Test
  @DisplayName("hit-05, async through the backend's async path: the key and its counter join the tags")
  void asyncTags() throws Exception {
    Cache viaApi = SiteTestCaches.publicApiOnly(cache); // not a SiteAccess: every store goes through cache.async()
    HitSite<String> site = HitSite.<String>builder(viaApi, "Svc.hit").type(String.class).ttl(Duration.ofSeconds(1000))
        .cacheHits(10).build();
    assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("r1"), "all").get()).isEqualTo("r1");
    assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("r2"), "all").get()).isEqualTo("r1");
    assertThat(cache.exists(KEY + ":counter")).isTrue();
    assertThat(cache.deleteTags("all")).isEqualTo(2);
    assertThat(cache.exists(KEY)).isFalse();
  }

  @Test
  @DisplayName("the background recomputation stores with the tags and runs in the caller's KeyContext")
  void backgroundTagsAndKeyContext() {
    HitSite<String> site = site(10, 1);
    site.call(KEY, () -> "r1", "all");
    try (dev.kaju.KeyContext.Scope s = dev.kaju.KeyContext.with("tenant", "acme")) {
      String served = site.call(KEY, () -> "r2:" + dev.kaju.KeyContext.get("tenant"), "all");
      assertThat(served).isEqualTo("r1");
    }
    assertThat(background.runAll()).isEqualTo(1);
    String stored = cache.get(KEY);
    assertThat(stored).isEqualTo("r2:acme");
    assertThat(dev.kaju.KeyContext.contains("tenant")).isFalse();
    assertThat(cache.deleteTags("all")).isEqualTo(1); // the value; the counter was deleted by the store
    assertThat(cache.exists(KEY)).isFalse();
  }
}
