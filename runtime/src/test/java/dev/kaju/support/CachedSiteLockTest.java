package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * cashews cache-04/05 across processes: {@code @Cached(lock = true)} takes the backend lock {@code
 * key + ":lock"} on a miss. Two sites on one cache stand for two processes (each has its own
 * in-process single flight), so only the backend lock can make them call the method once.
 */
@DisplayName("@Cached(lock = true): the backend lock")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachedSiteLockTest {
  private static final Duration TTL = Duration.ofMinutes(10);

  private final AtomicBoolean pingFails = new AtomicBoolean();
  private final AtomicBoolean setLockUnconfirmed = new AtomicBoolean();
  private final Middleware deadBackend = (call, chain) -> {
    if (call instanceof Command.Ping && pingFails.get()) {
      throw new CacheBackendException("PING refused by the test");
    }
    if (call instanceof Command.SetLock && setLockUnconfirmed.get()) {
      return false;
    }
    return chain.proceed(call);
  };
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().middlewares(deadBackend).build());
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @AfterEach
  void close() {
    pool.shutdownNow();
    cache.close();
  }

  private CachedSite<String> process() {
    return CachedSite.<String>builder(cache, "Svc.profile").type(String.class).ttl(TTL).lock()
        .lockStep(Duration.ofMillis(5)).build();
  }

  private Cache.Scope countRefusals() {
    return cache.callback((command, key, result) -> {
      if (Boolean.FALSE.equals(result)) {
        refused.incrementAndGet();
      }
    }, Command.SET_LOCK);
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.onSpinWait();
    }
  }

  @Test
  @DisplayName("cache-04 across processes: concurrent misses in two processes make one call; the other gets its value")
  void oneCallAcrossProcesses() throws Exception {
    CachedSite<String> first = process();
    CachedSite<String> second = process();
    CountDownLatch gate = new CountDownLatch(1);
    try (Cache.Scope s = countRefusals()) {
      Future<String> a = pool.submit(() -> first.call("user:1", () -> {
        runs.incrementAndGet();
        assertThat(cache.isLocked("user:1:lock")).isTrue();
        assertThat(cache.getExpire("user:1:lock")).as("held for the entry's TTL at most").isEqualTo(600);
        assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
        return "v#" + runs.get();
      }));
      awaitTrue("the first process holds the lock", () -> runs.get() == 1);
      Future<String> b = pool.submit(() -> second.call("user:1", () -> "v#" + runs.incrementAndGet()));
      awaitTrue("the second process found the lock held", () -> refused.get() >= 1);
      gate.countDown();
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("v#1");
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo("v#1");
    }
    assertThat(runs).hasValue(1);
    assertThat(cache.isLocked("user:1:lock")).as("released").isFalse();
    assertThat((Object) cache.get("user:1")).isEqualTo("v#1");
  }

  @Test
  @DisplayName("cache-04 across processes, async: the waiting process's future is pending, holds no thread, and gets the value")
  void oneCallAcrossProcessesAsync() throws Exception {
    CachedSite<String> first = process();
    CachedSite<String> second = process();
    CompletableFuture<String> pending = new CompletableFuture<>();
    try (Cache.Scope s = countRefusals()) {
      CompletableFuture<String> a = first.callAsync("user:2", () -> {
        runs.incrementAndGet();
        return pending;
      });
      CompletableFuture<String> b = second.callAsync("user:2", () -> CompletableFuture.completedFuture("v#" + runs.incrementAndGet()));
      assertThat(b).isNotDone();
      awaitTrue("the second process retried", () -> refused.get() >= 2);
      assertThat(cache.isLocked("user:2:lock")).isTrue();
      pending.complete("v#1");
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("v#1");
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo("v#1");
    }
    assertThat(runs).hasValue(1);
    assertThat(cache.isLocked("user:2:lock")).isFalse();
  }

  @Test
  @DisplayName("in one process, concurrent misses share one call and make one lock attempt")
  void oneLockAttemptPerProcess() throws Exception {
    CachedSite<String> site = process();
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<String> pending = new CompletableFuture<>();
    try (Cache.Scope s = cache.callback((c, k, r) -> attempts.incrementAndGet(), Command.SET_LOCK)) {
      CompletableFuture<String> a = site.callAsync("user:3", () -> {
        runs.incrementAndGet();
        return pending;
      });
      CompletableFuture<String> b = site.callAsync("user:3", () -> CompletableFuture.completedFuture("other"));
      pending.complete("v");
      assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo("v");
      assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(runs).hasValue(1);
    assertThat(attempts).hasValue(1);
  }

  @Test
  @DisplayName("a value another process stored while this one waited is returned without calling the method, cached exceptions too")
  void storedWhileWaiting() throws Exception {
    assertThat(cache.setLock("user:4:lock", "other-process", TTL)).isTrue();
    try (Cache.Scope s = countRefusals()) {
      Future<String> waiting = pool.submit(() -> process().call("user:4", () -> "v#" + runs.incrementAndGet()));
      CompletableFuture<String> waitingAsync =
          process().callAsync("user:4", () -> CompletableFuture.completedFuture("v#" + runs.incrementAndGet()));
      awaitTrue("both waited", () -> refused.get() >= 2);
      cache.set("user:4", "from the other process", TTL);
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("from the other process");
      assertThat(waitingAsync.get(30, TimeUnit.SECONDS)).isEqualTo("from the other process");
    }
    assertThat(runs).hasValue(0);

    CachedSite<String> withExceptions = CachedSite.<String>builder(cache, "Svc.profile").ttl(TTL).lock()
        .lockStep(Duration.ofMillis(5)).cacheException(IllegalStateException.class, IllegalStateException::new).build();
    assertThat(cache.setLock("user:5:lock", "other-process", TTL)).isTrue();
    Future<String> failing = pool.submit(() -> withExceptions.call("user:5", () -> "v#" + runs.incrementAndGet()));
    cache.set("user:5", new CachedSite.CachedFailure(IllegalStateException.class.getName(), "cached failure"), TTL);
    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("cached failure");
    assertThat(runs).hasValue(0);
  }

  @Test
  @DisplayName("a waiting process takes the lock once it is released, checks the store again, and calls the method if still missing")
  void takesReleasedLock() throws Exception {
    assertThat(cache.setLock("user:6:lock", "other-process", TTL)).isTrue();
    try (Cache.Scope s = countRefusals()) {
      Future<String> waiting = pool.submit(() -> process().call("user:6", () -> "v#" + runs.incrementAndGet()));
      awaitTrue("it waited", () -> refused.get() >= 1);
      assertThat(cache.unlock("user:6:lock", "other-process")).isTrue(); // the other process failed: nothing stored
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo("v#1");
    }
    assertThat(cache.isLocked("user:6:lock")).isFalse();
  }

  @Test
  @DisplayName("a backend that confirms no lock and fails PING: the method is called directly, as for any suppressed backend failure")
  void deadBackendCallsDirectly() throws Exception {
    setLockUnconfirmed.set(true);
    pingFails.set(true);
    assertThat(process().call("user:7", () -> "v#" + runs.incrementAndGet())).isEqualTo("v#1");
    assertThat(process().callAsync("user:8", () -> CompletableFuture.completedFuture("v#" + runs.incrementAndGet())).get(30, TimeUnit.SECONDS))
        .isEqualTo("v#2");
  }

  @Test
  @DisplayName("SET_LOCK disabled: the in-process single flight still holds and the method runs")
  void disabledSetLock() throws Exception {
    cache.disable(Command.SET_LOCK);
    assertThat(process().call("user:9", () -> "v#" + runs.incrementAndGet())).isEqualTo("v#1");
    assertThat(process().callAsync("user:10", () -> CompletableFuture.completedFuture("v#" + runs.incrementAndGet())).get(30, TimeUnit.SECONDS))
        .isEqualTo("v#2");
  }

  @Test
  @DisplayName("cache-05: lock = true without a TTL is refused")
  void noTtl() {
    CachedSite<String> site = CachedSite.<String>builder(cache, "Svc.profile").lock().build();
    assertThatThrownBy(() -> site.call("user:11", () -> "v")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Svc.profile: ttl can't be null with lock = true");
    assertThat(site.callAsync("user:11", () -> CompletableFuture.completedFuture("v")))
        .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IllegalArgumentException.class);
    assertThat(site.load("user:11", "1m", () -> "v")).as("a ttlMethod's TTL is the lock's").isEqualTo("v");
  }
}
