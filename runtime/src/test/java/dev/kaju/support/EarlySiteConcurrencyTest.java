package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
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

/** Many callers at once, on Kaju's own background threads: no executor moved by hand here. */
@DisplayName("EarlySite under contention: one recomputation for 64 callers, one call for concurrent misses")
class EarlySiteConcurrencyTest {
  private static final int CALLERS = 64;
  private static final String KEY = "early:hot";
  private final FakeClock clock = new FakeClock();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(clock).clock(clock).build());
  private final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);

  @AfterEach
  void close() {
    pool.shutdownNow();
    cache.close();
  }

  private EarlySite<String> site() {
    return EarlySite.<String>builder(cache, "Svc.hot").type(String.class).ttl(Duration.ofMinutes(10))
        .earlyTtl(Duration.ofMinutes(1)).build();
  }

  @Test
  @DisplayName("64 concurrent callers of an early-expired key all get the old result, and the method runs exactly once")
  void oneRecomputation() throws Exception {
    EarlySite<String> site = site();
    site.call(KEY, () -> "old");
    clock.advance(Duration.ofMinutes(2));
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch callersDone = new CountDownLatch(CALLERS);
    CountDownLatch recomputed = new CountDownLatch(1);
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> {
        start.await();
        try {
          return site.call(KEY, () -> {
            calls.incrementAndGet();
            // the recomputation outlasts every caller, so none can see it finish and start another
            callersDone.await(30, TimeUnit.SECONDS);
            recomputed.countDown();
            return "new";
          });
        } finally {
          callersDone.countDown();
        }
      }));
    }
    for (Future<String> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("old");
    }
    assertThat(recomputed.await(30, TimeUnit.SECONDS)).isTrue();
    awaitStored("new");
    assertThat(calls).hasValue(1);
    assertThat(site.call(KEY, () -> "never")).isEqualTo("new");
  }

  @Test
  @DisplayName("the same for an async method: 64 callers, one recomputation")
  void oneRecomputationAsync() throws Exception {
    EarlySite<String> site = site();
    site.callAsync(KEY, () -> CompletableFuture.completedFuture("old")).get();
    clock.advance(Duration.ofMinutes(2));
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> recomputation = new CompletableFuture<>();
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return site.callAsync(KEY, () -> {
          calls.incrementAndGet();
          return recomputation;
        }).get(30, TimeUnit.SECONDS);
      }));
    }
    for (Future<String> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("old");
    }
    recomputation.complete("new");
    awaitStored("new");
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("cache-06: concurrent misses of one key share one call of the method")
  void protectedMiss() throws Exception {
    EarlySite<String> site = site();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return site.call(KEY, () -> {
          calls.incrementAndGet();
          release.await(30, TimeUnit.SECONDS);
          return "one";
        });
      }));
    }
    while (calls.get() == 0) {
      Thread.onSpinWait();
    }
    release.countDown();
    for (Future<String> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("one");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("cache-06, async: concurrent misses of one key share one call, and all get its result")
  void protectedMissAsync() throws Exception {
    EarlySite<String> site = site();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> running = new CompletableFuture<>();
    CyclicBarrier start = new CyclicBarrier(CALLERS);
    List<Future<CompletableFuture<String>>> started = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      started.add(pool.submit(() -> {
        start.await();
        return site.callAsync(KEY, () -> {
          calls.incrementAndGet();
          return running;
        });
      }));
    }
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (Future<CompletableFuture<String>> f : started) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    running.complete("one"); // every caller has its future: all of them arrived while the call ran
    for (CompletableFuture<String> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("one");
    }
    assertThat(calls).hasValue(1);
    assertThat(((Stamped) cache.get(KEY)).value()).isEqualTo("one");
  }

  /** Waits for the background recomputation's store (it runs on Kaju's thread, after the method). */
  private void awaitStored(String value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(cache.get(KEY) instanceof Stamped s && value.equals(s.value())) || cache.exists(KEY + ":lock")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the background recomputation did not store " + value + "; stored: " + cache.get(KEY));
      }
      Thread.sleep(5);
    }
  }
}
