package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.support.CachedSite;
import dev.kaju.support.CircuitBreakerSite;
import dev.kaju.support.EarlySite;
import dev.kaju.support.LockedSite;
import dev.kaju.support.Stamped;
import dev.kaju.support.RateLimitSite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The backend lock of {@code @Cached(lock = true)} and {@code @Locked} between two JVMs sharing one disk directory. */
@DisplayName("disk backend: lock = true and @Locked across JVMs")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DiskStrategiesTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  @TempDir Path dir;

  private Cache open() {
    return Cache.create().setup("disk://?entries=10000&directory=" + dir);
  }

  private static String stderr(Process p) {
    try {
      return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return e.toString();
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
  @DisplayName("cache-04 across JVMs: a miss in a second JVM waits for the first JVM's call and returns its value")
  void cachedLock() throws Exception {
    try (Cache cache = open()) {
      CachedSite<String> site =
          CachedSite.<String>builder(cache, "Users.profile").type(String.class).ttl(Duration.ofMinutes(1)).lock().build();
      CountDownLatch gate = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      CompletableFuture<String> parent = CompletableFuture.supplyAsync(() -> site.call("user:1", () -> {
        runs.incrementAndGet();
        assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
        return "parent-value";
      }));
      awaitTrue("this JVM holds the lock", () -> runs.get() == 1);
      assertThat(cache.isLocked("user:1:lock")).isTrue();

      Process child = StrategyChild.start("cached", dir, "user:1");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> stderr(child));
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
      assertThat(out.readLine()).as("the child found the lock held").isEqualTo("refused");
      gate.countDown();
      assertThat(parent.get(60, TimeUnit.SECONDS)).isEqualTo("parent-value");
      assertThat(out.readLine()).isEqualTo("result=parent-value");
      assertThat(out.readLine()).as("the child never called the method").isEqualTo("runs=0");
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(runs).hasValue(1);
      assertThat(cache.isLocked("user:1:lock")).isFalse();
    }
  }

  @Test
  @DisplayName("@Locked across JVMs: refused at once without waiting; with waiting, runs only after this JVM's call ended")
  void locked() throws Exception {
    try (Cache cache = open()) {
      LockedSite<String> site = LockedSite.<String>builder(cache, "Jobs.rebuild").ttl(Duration.ofMinutes(1)).build();
      CountDownLatch gate = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      CompletableFuture<String> parent = CompletableFuture.supplyAsync(() -> site.call("locked:job", () -> {
        runs.incrementAndGet();
        assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
        cache.set("parent-done", "yes");
        return "parent";
      }));
      awaitTrue("this JVM holds the lock", () -> runs.get() == 1);

      Process child = StrategyChild.start("locked", dir, "locked:job");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> stderr(child));
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
      assertThat(out.readLine()).isEqualTo("nowait=locked");
      assertThat(out.readLine()).as("the child waits for the lock").isEqualTo("refused");
      gate.countDown();
      assertThat(parent.get(60, TimeUnit.SECONDS)).isEqualTo("parent");
      assertThat(out.readLine()).as("the child ran after this JVM's call had ended").isEqualTo("parent-done=yes");
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThat(cache.isLocked("locked:job")).isFalse();
    }
  }

  @Test
  @DisplayName("rate limit and circuit breaker across JVMs: a second JVM shares one limit and finds the breaker this JVM opened")
  void limitsShared() throws Exception {
    try (Cache cache = open()) {
      RateLimitSite<String> limit = RateLimitSite.<String>builder(cache, "Api.call").limit(3).period(Duration.ofMinutes(1)).build();
      assertThat(limit.call("rate_limit:k", () -> "ran")).isEqualTo("ran");
      assertThat(limit.call("rate_limit:k", () -> "ran")).isEqualTo("ran");
      CircuitBreakerSite<String> breaker = CircuitBreakerSite.<String>builder(cache, "Api.call")
          .errorsRate(50).period(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(1)).minCalls(2).build();
      assertThat(breaker.call("circuit_breaker:k", () -> "ok")).isEqualTo("ok");
      assertThatThrownBy(() -> breaker.call("circuit_breaker:k", () -> {
        throw new IllegalStateException("down");
      })).isInstanceOf(IllegalStateException.class);

      Process child = StrategyChild.start("limits", dir, "k");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> stderr(child));
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
      assertThat(out.readLine()).as("the third call of the minute, made by the child").isEqualTo("limit=ran");
      assertThat(out.readLine()).as("the fourth is over the shared limit of 3").isEqualTo("limit=refused");
      assertThat(out.readLine()).as("the breaker this JVM opened").isEqualTo("breaker=open");
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      assertThatThrownBy(() -> limit.call("rate_limit:k", () -> "ran")).isInstanceOf(dev.kaju.RateLimitException.class);
    }
  }

  @Test
  @DisplayName("early-05 across JVMs: while this JVM recomputes an early-expired key under its lock, a second JVM serves the old value and does not recompute")
  void earlyAcrossJvms() throws Exception {
    java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Cache cache = Cache.create()
        .setup("disk://?entries=10000&directory=" + dir, dev.kaju.Settings.builder().executor(background).build())) {
      EarlySite<String> site = EarlySite.<String>builder(cache, "Feed.items").type(String.class)
          .ttl(Duration.ofMinutes(10)).earlyTtl(Duration.ofMinutes(1)).build();
      // stored by an earlier call, its early expiry a millisecond ago (no waiting for real time)
      cache.set("early:feed", new Stamped(System.currentTimeMillis() - 1, "old"), Duration.ofMinutes(10));
      CountDownLatch gate = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      assertThat(site.call("early:feed", () -> {
        runs.incrementAndGet();
        assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue();
        return "new";
      })).isEqualTo("old");
      awaitTrue("this JVM recomputes under the lock", () -> runs.get() == 1);
      assertThat(cache.isLocked("early:feed:lock")).isTrue();

      Process child = StrategyChild.start("early", dir, "early:feed");
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> stderr(child));
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child opened the cache; stderr: %s", err).isEqualTo("open");
      assertThat(out.readLine()).as("the child got the old value at once").isEqualTo("result=old");
      assertThat(out.readLine()).as("the child found the lock held and did not recompute").isEqualTo("runs=0");
      DiskChild.awaitExit(child);
      assertThat(child.exitValue()).as(err.get()).isZero();
      gate.countDown();
      awaitTrue("this JVM's recomputation stored the new value", () -> "new".equals(readValue(cache)));
      assertThat(runs).hasValue(1);
    } finally {
      background.shutdownNow();
    }
  }

  private static Object readValue(Cache cache) {
    Object v = cache.get("early:feed");
    return v instanceof Stamped ? ((Stamped) v).value() : v;
  }
}
