package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.LockedException;
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
import org.junit.jupiter.api.Timeout;

/** cashews' locked (lock-01, lock-02, lock-07) on the memory backend, sync and async. */
@DisplayName("@Locked: LockedSite")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockedSiteTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final String KEY = "locked:Svc.rebuild:tenant:a";

  private final Cache cache = Cache.create().setup("mem://");
  private final ExecutorService pool = Executors.newFixedThreadPool(10);
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger inside = new AtomicInteger();
  private final AtomicInteger mostInside = new AtomicInteger();
  /** SET_LOCK answers false so far: each is a caller that found the lock held. */
  private final AtomicInteger refused = new AtomicInteger();

  @AfterEach
  void close() {
    pool.shutdownNow();
    cache.close();
  }

  private LockedSite<String> site(boolean wait) {
    return LockedSite.<String>builder(cache, "Svc.rebuild").type(String.class).ttl(TTL).waitForLock(wait)
        .step(Duration.ofMillis(5)).build();
  }

  private Cache.Scope countRefusals() {
    return cache.callback((command, key, result) -> {
      if (Boolean.FALSE.equals(result)) {
        refused.incrementAndGet();
      }
    }, Command.SET_LOCK);
  }

  /** The method: counts runs and how many run at once; waits for {@code gate} when given. */
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

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.onSpinWait();
    }
  }

  @Test
  @DisplayName("lock-01: waitForLock = false, 10 concurrent calls: exactly 1 runs, 9 get LockedException; two rounds run 2")
  void noWaitParallel() throws Exception {
    LockedSite<String> site = site(false);
    try (Cache.Scope s = countRefusals()) {
      for (int round = 1; round <= 2; round++) {
        CountDownLatch gate = new CountDownLatch(1);
        refused.set(0);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          calls.add(pool.submit(() -> site.call(KEY, () -> body(gate))));
        }
        awaitTrue("9 callers found the lock held", () -> refused.get() == 9);
        gate.countDown();
        int ok = 0;
        int locked = 0;
        for (Future<String> f : calls) {
          try {
            f.get(30, TimeUnit.SECONDS);
            ok++;
          } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LockedException.class).hasMessageContaining("Svc.rebuild");
            locked++;
          }
        }
        assertThat(ok).isEqualTo(1);
        assertThat(locked).isEqualTo(9);
        assertThat(runs).hasValue(round);
        assertThat(cache.isLocked(KEY)).as("released").isFalse();
      }
    }
  }

  @Test
  @DisplayName("lock-02: waitForLock = true, 10 concurrent calls all run, one after another; two rounds run 20")
  void waitParallel() throws Exception {
    LockedSite<String> site = site(true);
    try (Cache.Scope s = countRefusals()) {
      for (int round = 1; round <= 2; round++) {
        CountDownLatch gate = new CountDownLatch(1);
        refused.set(0);
        runs.set(0);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          calls.add(pool.submit(() -> site.call(KEY, () -> body(gate))));
        }
        awaitTrue("the 9 others are waiting for the lock", () -> refused.get() >= 9);
        gate.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : calls) {
          results.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(results).hasSize(10).doesNotHaveDuplicates();
        assertThat(runs).hasValue(10);
        assertThat(mostInside).as("never two at once").hasValue(1);
      }
    }
  }

  @Test
  @DisplayName("the lock is the backend's: held with a random token for ttl, released after the method returns or throws")
  void backendLock() {
    LockedSite<String> site = site(false);
    assertThat(site.call(KEY, () -> {
      assertThat(cache.isLocked(KEY)).isTrue();
      assertThat(cache.getExpire(KEY)).isEqualTo(30);
      assertThat(cache.unlock(KEY, "guess")).as("only the holder's token releases it").isFalse();
      return "ok";
    })).isEqualTo("ok");
    assertThat(cache.isLocked(KEY)).isFalse();

    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> site.call(KEY, () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(cache.isLocked(KEY)).isFalse();
  }

  @Test
  @DisplayName("a lock held elsewhere: waitForLock = false fails at once; true fails once ttl has passed; the method never runs")
  void heldElsewhere() {
    assertThat(cache.setLock(KEY, "other-process", TTL)).isTrue();
    assertThatThrownBy(() -> site(false).call(KEY, () -> body(null)))
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("waitForLock = false");
    LockedSite<String> shortWait = LockedSite.<String>builder(cache, "Svc.rebuild").ttl(Duration.ofMillis(50))
        .step(Duration.ofMillis(10)).build();
    assertThatThrownBy(() -> shortWait.call(KEY, () -> body(null)))
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("after waiting");
    assertThat(runs).hasValue(0);
    assertThat(cache.unlock(KEY, "other-process")).as("the other holder's lock is untouched").isTrue();
  }

  @Test
  @DisplayName("a waiting caller runs as soon as the holder releases")
  void waiterRunsAfterRelease() throws Exception {
    assertThat(cache.setLock(KEY, "other-process", TTL)).isTrue();
    try (Cache.Scope s = countRefusals()) {
      Future<String> waiting = pool.submit(() -> site(true).call(KEY, () -> body(null)));
      awaitTrue("the caller tried", () -> refused.get() >= 1);
      assertThat(runs).hasValue(0);
      assertThat(cache.unlock(KEY, "other-process")).isTrue();
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("run#1");
    }
  }

  @Test
  @DisplayName("SET_LOCK disabled: no backend can confirm the lock, so LockedException and the method does not run")
  void disabled() {
    cache.disable(Command.SET_LOCK);
    assertThatThrownBy(() -> site(true).call(KEY, () -> body(null))).isInstanceOf(LockedException.class)
        .hasMessageContaining("disabled");
    assertThat(site(true).callAsync(KEY, () -> CompletableFuture.completedFuture(body(null))))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(LockedException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  @DisplayName("async lock-01: 10 calls while the lock is held: 1 runs, 9 fail with LockedException")
  void asyncNoWait() {
    LockedSite<String> site = site(false);
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> first = site.callAsync(KEY, () -> {
      runs.incrementAndGet();
      return pending;
    });
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      others.add(site.callAsync(KEY, () -> CompletableFuture.completedFuture(body(null))));
    }
    for (CompletableFuture<String> f : others) {
      assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(LockedException.class);
    }
    assertThat(first).isNotDone();
    pending.complete("done");
    assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("done");
    assertThat(runs).hasValue(1);
    assertThat(cache.isLocked(KEY)).isFalse();
  }

  @Test
  @DisplayName("async lock-02: waiting callers hold no thread (their futures return at once) and run one after another")
  void asyncWait() {
    LockedSite<String> site = site(true);
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> first = site.callAsync(KEY, () -> {
      runs.incrementAndGet();
      return pending;
    });
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (int i = 0; i < 9; i++) { // on this one thread: none of these calls may wait for the lock
      others.add(site.callAsync(KEY, () -> {
        int now = inside.incrementAndGet();
        mostInside.accumulateAndGet(now, Math::max);
        int n = runs.incrementAndGet();
        inside.decrementAndGet();
        return CompletableFuture.completedFuture("run#" + n);
      }));
    }
    assertThat(others).allSatisfy(f -> assertThat(f).isNotDone());
    assertThat(runs).hasValue(1);
    pending.complete("run#1");
    assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("run#1");
    List<String> results = new ArrayList<>();
    for (CompletableFuture<String> f : others) {
      results.add(f.join());
    }
    assertThat(results).hasSize(9).doesNotHaveDuplicates().doesNotContain("run#1");
    assertThat(runs).hasValue(10);
    assertThat(mostInside).hasValue(1);
    assertThat(cache.isLocked(KEY)).isFalse();
  }

  @Test
  @DisplayName("async: a failed stage releases the lock and fails the call with the method's exception")
  void asyncFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThat(site(false).callAsync(KEY, () -> CompletableFuture.failedFuture(boom)))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .withCause(boom);
    assertThat(cache.isLocked(KEY)).isFalse();
  }

  @Test
  @DisplayName("as an inner step, a result served from the store by the steps inside stays reported as served")
  void servedPassesThrough() {
    LockedSite<String> inner = LockedSite.<String>builder(cache, "Svc.rebuild").ttl(TTL).inner().build();
    CachedSite<String> cached = CachedSite.<String>builder(cache, "Svc.rebuild").ttl(TTL).inner().build();
    cache.set("v", "stored");
    Served.take();
    assertThat(inner.call(KEY, () -> cached.call("v", () -> "fresh"))).isEqualTo("stored");
    assertThat(Served.take()).isTrue();
    assertThat(inner.call(KEY, () -> "fresh")).isEqualTo("fresh");
    assertThat(Served.take()).isFalse();
    CompletableFuture<String> async = inner.callAsync(KEY, () -> cached.callAsync("v", () -> CompletableFuture.completedFuture("x")));
    assertThat(async).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("stored");
    assertThat(Served.from(async)).isTrue();
  }

  @Test
  @DisplayName("the builder: ttl is required, durations must be positive, and messages name the site")
  void builder() {
    assertThatThrownBy(() -> LockedSite.builder(cache, "Svc.rebuild").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("Svc.rebuild");
    assertThatThrownBy(() -> LockedSite.builder(cache, "Svc.rebuild").step(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step must be positive");
  }
}
