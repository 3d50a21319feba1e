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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** cashews' early (early-01..05) on memory, with time and background work moved by hand. */
@DisplayName("EarlySite: after earlyTtl the old result at once, and one recomputation in the background")
class EarlySiteTest {
  private static final String KEY = "early:key";
  private final FakeClock clock = new FakeClock();
  private final ManualExecutor background = new ManualExecutor();
  private final Cache cache =
      Cache.create().setup("mem://", Settings.builder().ticker(clock).clock(clock).executor(background).build());
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    cache.close();
  }

  private EarlySite<String> site() {
    return EarlySite.<String>builder(cache, "Svc.early").type(String.class).ttl(Duration.ofSeconds(60))
        .earlyTtl(Duration.ofSeconds(20)).build();
  }

  private String call(EarlySite<String> site, String result) {
    return site.call(KEY, () -> {
      calls.incrementAndGet();
      return result;
    });
  }

  @Test
  @DisplayName("early-01/02: a hit within earlyTtl; the method runs on a miss")
  void simple() {
    EarlySite<String> site = site();
    assertThat(call(site, "ok")).isEqualTo("ok");
    assertThat(call(site, "notok")).isEqualTo("ok");
    assertThat(calls).hasValue(1);
    assertThat(background.pending()).isZero();
    clock.advance(Duration.ofSeconds(61));
    assertThat(call(site, "notok")).isEqualTo("notok"); // expired entirely: a miss
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("early-03: the entry is a Stamped(early expiry in epoch millis, result) with the backend TTL = ttl")
  void storedShape() {
    long now = clock.millis();
    call(site(), "ok");
    assertThat((Object) cache.get(KEY)).isEqualTo(new Stamped(now + 20_000, "ok"));
    assertThat(cache.getExpire(KEY)).isEqualTo(60);
  }

  @Test
  @DisplayName("early-05: after earlyTtl the old result comes back at once; one background run recomputes under the lock and releases it")
  void backgroundRecompute() {
    EarlySite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(21));
    assertThat(call(site, "new")).isEqualTo("ok");
    assertThat(call(site, "newer")).isEqualTo("ok");
    assertThat(calls).hasValue(1);
    assertThat(background.pending()).isEqualTo(1); // one per key in this process
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertThat((Object) cache.get(KEY)).isEqualTo(new Stamped(clock.millis() + 20_000, "new"));
    assertThat(cache.exists(KEY + ":lock")).isFalse();
    assertThat(call(site, "x")).isEqualTo("new");
    assertThat(background.pending()).isZero();
  }

  @Test
  @DisplayName("early-05: while another process holds <key>:lock, the old result is served and nothing is recomputed here")
  void lockedElsewhere() {
    EarlySite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(21));
    assertThat(cache.setLock(KEY + ":lock", "other-process", Duration.ofSeconds(20))).isTrue();
    assertThat(call(site, "new")).isEqualTo("ok");
    background.runAll();
    assertThat(calls).hasValue(1);
    assertThat(cache.isLocked(KEY + ":lock")).isTrue(); // not ours to release
    assertThat(cache.unlock(KEY + ":lock", "other-process")).isTrue();
    assertThat(call(site, "new")).isEqualTo("ok");
    background.runAll();
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("a background run that finds a fresh result (stored by another recomputation meanwhile) skips the method, releases the lock, and later refreshes still run")
  void recomputedMeanwhile() {
    EarlySite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(21));
    assertThat(call(site, "mine")).isEqualTo("ok");
    cache.set(KEY, new Stamped(clock.millis() + 20_000, "theirs"), Duration.ofSeconds(60));
    background.runAll();
    assertThat(calls).hasValue(1);
    assertThat(cache.exists(KEY + ":lock")).isFalse();
    assertThat(call(site, "x")).isEqualTo("theirs");
    clock.advance(Duration.ofSeconds(21));
    assertThat(call(site, "next")).isEqualTo("theirs");
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(call(site, "x")).isEqualTo("next");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("a failed background recomputation is logged; the old result stays, the lock is released, a later call tries again")
  void backgroundFailure() {
    EarlySite<String> site = site();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(21));
    assertThat(site.call(KEY, () -> {
      calls.incrementAndGet();
      throw new IOException("down");
    })).isEqualTo("ok");
    background.runAll();
    assertThat(calls).hasValue(2);
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("ok");
    assertThat(cache.exists(KEY + ":lock")).isFalse();
    assertThat(call(site, "new")).isEqualTo("ok");
    background.runAll();
    assertThat(call(site, "x")).isEqualTo("new");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("early-04: without earlyTtl a result is fresh for a third of ttl")
  void defaultEarlyTtl() {
    EarlySite<String> site = EarlySite.<String>builder(cache, "Svc.early").ttl(Duration.ofSeconds(90)).build();
    call(site, "ok");
    clock.advance(Duration.ofSeconds(29));
    call(site, "new");
    assertThat(background.pending()).isZero();
    clock.advance(Duration.ofSeconds(2));
    call(site, "new");
    assertThat(background.pending()).isEqualTo(1);
  }

  @Test
  @DisplayName("a plain value or a Stamped of another type is a miss: recomputed in the caller and overwritten")
  void plantedWrongShape() {
    EarlySite<String> site = site();
    cache.set(KEY, "plain");
    assertThat(call(site, "fresh")).isEqualTo("fresh");
    cache.set(KEY, new Stamped(0, List.of("x")));
    assertThat(call(site, "again")).isEqualTo("again");
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("again");
    assertThat(calls).hasValue(2);
    assertThat(background.pending()).isZero();
  }

  @Test
  @DisplayName("detect reports the lookup with strategy early and the ttl")
  void detect() {
    EarlySite<String> site = site();
    call(site, "ok");
    try (Detect d = cache.detect()) {
      call(site, "ok");
      assertThat(d.calls().get(KEY)).anyMatch(c -> c.command() == Command.GET && c.hit()
          && "early".equals(c.strategy()) && Duration.ofSeconds(60).equals(c.ttl()));
    }
  }

  @Test
  @DisplayName("cache-08 with early outside: an inner @Cached hit is returned, never stored by early, even in the background")
  void earlyAroundCached() {
    EarlySite<String> early = site();
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).inner().build();
    cache.set("inner", "inner-hit");
    assertThat(early.call(KEY, () -> cached.call("inner", () -> "computed"))).isEqualTo("inner-hit");
    assertThat(cache.exists(KEY)).isFalse();
    cache.set(KEY, new Stamped(clock.millis() - 1, "old"));
    assertThat(early.call(KEY, () -> cached.call("inner", () -> "computed"))).isEqualTo("old");
    background.runAll();
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("old");
  }

  @Test
  @DisplayName("fail-04 with early inside: an early hit, fresh or old, is reported served and the failover stores nothing")
  void failoverAroundEarly() {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(Duration.ofMinutes(5)).build();
    EarlySite<String> early = EarlySite.<String>builder(cache, "Svc.m").ttl(Duration.ofSeconds(60))
        .earlyTtl(Duration.ofSeconds(20)).inner().build();
    assertThat(failover.call("fail:key", () -> early.call(KEY, () -> "computed"))).isEqualTo("computed");
    assertThat((Object) cache.get("fail:key")).isEqualTo("computed");
    cache.delete("fail:key");
    assertThat(failover.call("fail:key", () -> early.call(KEY, () -> "other"))).isEqualTo("computed");
    clock.advance(Duration.ofSeconds(21));
    assertThat(failover.call("fail:key", () -> early.call(KEY, () -> "other"))).isEqualTo("computed");
    assertThat(cache.exists("fail:key")).isFalse();
  }

  @Test
  @DisplayName("async early: a miss runs the method, an early-expired hit is immediate and recomputed once in the background")
  void async() throws Exception {
    EarlySite<String> site = site();
    assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("ok")).get()).isEqualTo("ok");
    clock.advance(Duration.ofSeconds(21));
    CompletableFuture<String> pending = new CompletableFuture<>();
    assertThat(site.callAsync(KEY, () -> {
      calls.incrementAndGet();
      return pending;
    }).get()).isEqualTo("ok");
    assertThat(site.callAsync(KEY, () -> {
      calls.incrementAndGet();
      return pending;
    }).get()).isEqualTo("ok");
    background.runAll();
    assertThat(calls).hasValue(1);
    assertThat(cache.isLocked(KEY + ":lock")).isTrue();
    pending.complete("new");
    background.runAll(); // the store and the unlock run back on the background executor
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("new");
    assertThat(cache.exists(KEY + ":lock")).isFalse();
    assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("x")).get()).isEqualTo("new");
  }

  @Test
  @DisplayName("async: a failed background recomputation leaves the old result and releases the lock")
  void asyncFailure() throws Exception {
    EarlySite<String> site = site();
    site.callAsync(KEY, () -> CompletableFuture.completedFuture("ok")).get();
    clock.advance(Duration.ofSeconds(21));
    assertThat(site.callAsync(KEY, () -> CompletableFuture.failedFuture(new IOException("down"))).get()).isEqualTo("ok");
    background.runAll();
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("ok");
    assertThat(cache.exists(KEY + ":lock")).isFalse();
    assertThatThrownBy(() -> site.callAsync("early:other", () -> CompletableFuture.failedFuture(new IOException("miss"))).get())
        .cause().isInstanceOf(IOException.class).hasMessage("miss");
  }

  @Test
  @DisplayName("builders check eagerly: ttl required and positive, earlyTtl positive")
  void builderChecks() {
    assertThatThrownBy(() -> EarlySite.builder(cache, "Svc.m").build()).hasMessageContaining("Svc.m").hasMessageContaining("ttl");
    assertThatThrownBy(() -> EarlySite.builder(cache, "Svc.m").earlyTtl(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earlyTtl must be positive");
  }

  @Test
  @DisplayName("a planted value is logged, naming the method and the key, once a minute at most")
  void plantedLoggedOnce() {
    LogCapture log = new LogCapture();
    var site = EarlySite.<String>builder(cache, "Svc.early").type(String.class).ttl(Duration.ofSeconds(60)).logger(log).build();
    for (int i = 0; i < 3; i++) {
      cache.set(KEY, 42);
      call(site, "fresh");
    }
    assertThat(log.messages).hasSize(1);
    assertThat(log.messages.get(0)).contains("Svc.").contains("'early:key'").contains("read as a miss");
    assertThat(calls).hasValue(3);
  }

  @Test
  @DisplayName("tag-13: the background recomputation stores with the tags and runs in the caller's KeyContext")
  void backgroundTagsAndKeyContext() {
    EarlySite<String> site = site();
    assertThat(site.call(KEY, () -> "r1", "all")).isEqualTo("r1");
    clock.advance(Duration.ofSeconds(21));
    try (dev.kaju.KeyContext.Scope s = dev.kaju.KeyContext.with("tenant", "acme")) {
      String served = site.call(KEY, () -> "r2:" + dev.kaju.KeyContext.get("tenant"), "all");
      assertThat(served).isEqualTo("r1");
    }
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(dev.kaju.KeyContext.contains("tenant")).isFalse();
    assertThat(site.call(KEY, () -> "r3", "all")).isEqualTo("r2:acme");
    assertThat(cache.deleteTags("all")).isEqualTo(1);
    assertThat(cache.exists(KEY)).isFalse();
  }

  @Test
  @DisplayName("tag-13, async: the background recomputation of a CompletionStage method is tagged and sees the KeyContext")
  void asyncBackgroundTagsAndKeyContext() throws Exception {
    EarlySite<String> site = site();
    assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("r1"), "all").get()).isEqualTo("r1");
    clock.advance(Duration.ofSeconds(21));
    try (dev.kaju.KeyContext.Scope s = dev.kaju.KeyContext.with("tenant", "acme")) {
      assertThat(site.callAsync(KEY, () -> CompletableFuture.completedFuture("r2:" + dev.kaju.KeyContext.get("tenant")), "all")
          .get()).isEqualTo("r1");
    }
    background.runAll();
    Object stored = cache.get(KEY);
    assertThat(stored).isInstanceOf(Stamped.class);
    assertThat(((Stamped) stored).value()).isEqualTo("r2:acme");
    assertThat(cache.deleteTags("all")).isEqualTo(1);
  }

  @Test
  @DisplayName("KeyContext: when the backend answers on its own thread, the method and its recomputation still see the caller's values")
  void keyContextAcrossBackendThreads() throws Exception {
    java.util.concurrent.ExecutorService io = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      EarlySite<String> site = EarlySite.<String>builder(SiteTestCaches.asyncElsewhere(cache, io), "Svc.early")
          .type(String.class).ttl(Duration.ofSeconds(60)).earlyTtl(Duration.ofMillis(50)).build(); // stamped by the system clock
      try (dev.kaju.KeyContext.Scope s = dev.kaju.KeyContext.with("tenant", "acme")) {
        CompletableFuture<String> first =
            site.callAsync(KEY, () -> CompletableFuture.completedFuture("r1:" + dev.kaju.KeyContext.get("tenant")));
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("r1:acme"); // loaded on the io thread
      }
      Thread.sleep(100); // early-expired
      try (dev.kaju.KeyContext.Scope s = dev.kaju.KeyContext.with("tenant", "globex")) {
        CompletableFuture<String> stale =
            site.callAsync(KEY, () -> CompletableFuture.completedFuture("r2:" + dev.kaju.KeyContext.get("tenant")));
        assertThat(stale.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("r1:acme");
      }
      // scheduled from the io thread onto the common pool (this cache is not a SiteAccess), in the caller's context
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      Object stored = cache.get(KEY);
      while (!"r2:globex".equals(((Stamped) stored).value()) && System.nanoTime() < deadline) {
        Thread.sleep(5);
        stored = cache.get(KEY);
      }
      assertThat(((Stamped) stored).value()).isEqualTo("r2:globex");
    } finally {
      io.shutdownNow();
    }
  }
}
