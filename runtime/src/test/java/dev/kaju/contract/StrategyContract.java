package dev.kaju.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.support.BloomSite;
import dev.kaju.support.EarlySite;
import dev.kaju.support.FailoverSite;
import dev.kaju.support.HitSite;
import dev.kaju.support.SoftSite;
import dev.kaju.support.Stamped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The strategies {@code @Soft}, {@code @Early} and {@code @Hit} on a backend: what they store
 * (a {@link Stamped}, a counter, a lock) must survive the backend's codec and commands. A backend
 * module extends it (the class ships in the {@code kaju-runtime} test-jar) and says how to make an
 * empty cache whose {@code Settings.clock} is the given {@link FakeClock} and whose {@code
 * Settings.executor} is the given {@link ManualExecutor}, and how the backend's own TTLs pass.
 *
 * <p>Soft and early expiry are stamps read by the clock, so they are moved by hand everywhere; the
 * entry's TTL belongs to the backend (a real server's clock), so the TTLs here are long except in
 * the one scenario that waits for one to pass.
 *
 * <p>Entry names ({@code soft-01}) refer to {@code CASHEWS.md}.
 */
public abstract class StrategyContract {
  private static final Duration LONG = Duration.ofHours(1);

  protected final FakeClock clock = new FakeClock();
  protected final ManualExecutor background = new ManualExecutor();
  protected Cache cache;
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * An empty cache on the backend under test with {@code clock} as its {@code Settings.clock}
   * (and, where the backend keeps time itself, its ticker) and {@code background} as its {@code
   * Settings.executor}.
   */
  protected abstract Cache newCache(FakeClock clock, Executor background);

  /**
   * Lets {@code d} of the backend's time pass, so entries with a shorter TTL are gone; the fake
   * clock moves by {@code d} too. A real server is waited for.
   */
  protected abstract void elapse(Duration d);

  @BeforeEach
  void openCache() {
    cache = newCache(clock, background);
    cache.clear();
  }

  @AfterEach
  void closeCache() {
    cache.close();
  }

  private <T> CachedLoader<T> counting(T result) {
    return () -> {
      calls.incrementAndGet();
      return result;
    };
  }

  /** {@code CachedSite.Loader}, named here so scenarios read short. */
  private interface CachedLoader<T> extends dev.kaju.support.CachedSite.Loader<T> {}

  private SoftSite<String> soft(Duration ttl, Duration softTtl) {
    return SoftSite.<String>builder(cache, "Svc.soft").type(String.class).ttl(ttl).softTtl(softTtl)
        .exception(IllegalArgumentException.class).build();
  }

  private EarlySite<List<String>> early() {
    return EarlySite.<List<String>>builder(cache, "Svc.early").type(List.class).ttl(LONG)
        .earlyTtl(Duration.ofMinutes(10)).build();
  }

  private HitSite<String> hit(int cacheHits, int updateAfter) {
    return HitSite.<String>builder(cache, "Svc.hit").type(String.class).ttl(LONG).cacheHits(cacheHits)
        .updateAfter(updateAfter).build();
  }

  /** Waits for an asynchronous store (fire-and-forget on backends doing I/O) to be visible. */
  private void awaitStored(String key, Predicate<Object> stored) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Object now;
    while (!stored.test(now = cache.get(key))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("key '" + key + "' never held the expected value; it holds " + now);
      }
      Thread.sleep(5);
    }
  }

  private static Predicate<Object> stampedWith(Object value) {
    return o -> o instanceof Stamped s && value.equals(s.value());
  }

  // ---- soft ----

  @Test
  @DisplayName("soft-01/03: a Stamped(soft expiry, result) round-trips the backend; fresh until softTtl, then recomputed")
  void softFreshThenRecomputed() {
    SoftSite<String> site = soft(LONG, Duration.ofMinutes(20));
    long now = clock.millis();
    assertThat(site.call("soft:k", counting("ok"))).isEqualTo("ok");
    assertThat((Object) cache.get("soft:k")).isEqualTo(new Stamped(now + Duration.ofMinutes(20).toMillis(), "ok"));
    assertThat(cache.getExpire("soft:k")).isBetween(3590L, 3600L);
    assertThat(site.call("soft:k", counting("notok"))).isEqualTo("ok");
    clock.advance(Duration.ofMinutes(22));
    assertThat(site.call("soft:k", counting("notok"))).isEqualTo("notok");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("soft-02: after softTtl a listed failure serves the old result; once the entry's ttl has passed it propagates")
  void softFailureUntilTtl() {
    SoftSite<String> site = soft(Duration.ofSeconds(2), Duration.ofSeconds(1));
    site.call("soft:k", counting("ok"));
    clock.advance(Duration.ofMillis(1100));
    IllegalArgumentException down = new IllegalArgumentException("down");
    assertThat(site.call("soft:k", () -> {
      throw down;
    })).isEqualTo("ok");
    elapse(Duration.ofMillis(2100));
    assertThatThrownBy(() -> site.call("soft:k", () -> {
      throw down;
    })).isSameAs(down);
  }

  @Test
  @DisplayName("soft async: the lookup and the store go through the backend's async path; a failed future serves the old result")
  void softAsync() throws Exception {
    SoftSite<String> site = soft(LONG, Duration.ofMinutes(20));
    assertThat(site.callAsync("soft:a", () -> CompletableFuture.completedFuture("ok")).get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    awaitStored("soft:a", stampedWith("ok"));
    assertThat(site.callAsync("soft:a", () -> CompletableFuture.completedFuture("no")).get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    clock.advance(Duration.ofMinutes(22));
    assertThat(site.callAsync("soft:a", () -> CompletableFuture.failedFuture(new IllegalArgumentException()))
        .get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(site.callAsync("soft:a", () -> CompletableFuture.completedFuture("new")).get(10, TimeUnit.SECONDS)).isEqualTo("new");
    awaitStored("soft:a", stampedWith("new"));
  }

  @Test
  @DisplayName("fail-04: a failover around an inner soft stores neither the soft hit nor the soft fallback")
  void softStacked() {
    FailoverSite<String> failover = FailoverSite.<String>builder(cache, "Svc.m").ttl(LONG).build();
    SoftSite<String> inner = SoftSite.<String>builder(cache, "Svc.m").ttl(LONG).softTtl(Duration.ofMinutes(1)).inner().build();
    assertThat(failover.call("fail:k", () -> inner.call("soft:k", () -> "a"))).isEqualTo("a");
    assertThat((Object) cache.get("fail:k")).isEqualTo("a");
    cache.delete("fail:k");
    assertThat(failover.call("fail:k", () -> inner.call("soft:k", () -> "b"))).isEqualTo("a");
    clock.advance(Duration.ofMinutes(2));
    assertThat(failover.call("fail:k", () -> inner.call("soft:k", () -> {
      throw new IOException("down");
    }))).isEqualTo("a");
    assertThat(cache.exists("fail:k")).isFalse();
  }

  // ---- early ----

  @Test
  @DisplayName("early-03/05: after earlyTtl the old result at once; one background recomputation under <key>:lock, released after")
  void earlyBackground() {
    EarlySite<List<String>> site = early();
    assertThat(site.call("early:k", counting(List.of("old")))).containsExactly("old");
    assertThat((Object) cache.get("early:k")).isEqualTo(new Stamped(clock.millis() + Duration.ofMinutes(10).toMillis(), List.of("old")));
    clock.advance(Duration.ofMinutes(11));
    assertThat(site.call("early:k", counting(List.of("new")))).containsExactly("old");
    assertThat(site.call("early:k", counting(List.of("newer")))).containsExactly("old");
    assertThat(background.pending()).isEqualTo(1);
    background.runAll();
    assertThat(calls).hasValue(2);
    assertThat(cache.exists("early:k:lock")).isFalse();
    assertThat(site.call("early:k", counting(List.of("x")))).containsExactly("new");
  }

  @Test
  @DisplayName("early-05: while another process holds <key>:lock, callers get the old result and nothing is recomputed")
  void earlyLockedElsewhere() {
    EarlySite<List<String>> site = early();
    site.call("early:k", counting(List.of("old")));
    clock.advance(Duration.ofMinutes(11));
    assertThat(cache.setLock("early:k:lock", "elsewhere", Duration.ofMinutes(10))).isTrue();
    assertThat(site.call("early:k", counting(List.of("new")))).containsExactly("old");
    background.runAll();
    assertThat(calls).hasValue(1);
    assertThat(cache.unlock("early:k:lock", "elsewhere")).isTrue();
  }

  @Test
  @DisplayName("early: 64 concurrent callers of an early-expired key get the old result; one recomputation is queued")
  void earlyConcurrent() throws Exception {
    EarlySite<List<String>> site = early();
    site.call("early:k", counting(List.of("old")));
    clock.advance(Duration.ofMinutes(11));
    int callers = 64;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CyclicBarrier start = new CyclicBarrier(callers);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return site.call("early:k", counting(List.of("new")));
        }));
      }
      for (Future<List<String>> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).containsExactly("old");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("early async: a miss stores through the async path; an early-expired hit is immediate and recomputed in the background")
  void earlyAsync() throws Exception {
    EarlySite<List<String>> site = early();
    assertThat(site.callAsync("early:a", () -> CompletableFuture.completedFuture(List.of("old"))).get(10, TimeUnit.SECONDS))
        .containsExactly("old");
    awaitStored("early:a", stampedWith(List.of("old")));
    clock.advance(Duration.ofMinutes(11));
    assertThat(site.callAsync("early:a", () -> CompletableFuture.completedFuture(List.of("new"))).get(10, TimeUnit.SECONDS))
        .containsExactly("old");
    background.runAll();
    assertThat(((Stamped) cache.get("early:a")).value()).isEqualTo(List.of("new"));
    assertThat(cache.exists("early:a:lock")).isFalse();
  }

  // ---- hit ----

  @Test
  @DisplayName("hit-02/03: the value at the key, a counter at <key>:counter; updateAfter=1 recomputes in the background")
  void hitUpdateAfter() {
    HitSite<String> site = hit(5, 1);
    assertThat(site.call("hit:k", counting("1"))).isEqualTo("1");
    assertThat((Object) cache.get("hit:k")).isEqualTo("1");
    assertThat(cache.exists("hit:k:counter")).isFalse();
    assertThat(site.call("hit:k", counting("2"))).isEqualTo("1");
    assertThat(background.runAll()).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertThat(cache.exists("hit:k:counter")).isFalse();
    assertThat(site.call("hit:k", counting("3"))).isEqualTo("2");
  }

  @Test
  @DisplayName("hit-01/04: cacheHits hits are served, the next call recomputes; the counter carries the ttl")
  void hitCount() {
    HitSite<String> site = hit(3, 0);
    site.call("hit:k", counting("a"));
    for (int i = 0; i < 3; i++) {
      assertThat(site.call("hit:k", counting("b"))).isEqualTo("a");
    }
    assertThat((Object) cache.get("hit:k:counter")).isEqualTo(3L);
    assertThat(cache.getExpire("hit:k:counter")).isBetween(3590L, 3600L);
    assertThat(site.call("hit:k", counting("b"))).isEqualTo("b");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("hit async: counts through the backend's async path, then recomputes")
  void hitAsync() throws Exception {
    HitSite<String> site = hit(2, 0);
    assertThat(site.callAsync("hit:a", () -> CompletableFuture.completedFuture("a")).get(10, TimeUnit.SECONDS)).isEqualTo("a");
    awaitStored("hit:a", "a"::equals);
    for (int i = 0; i < 2; i++) {
      assertThat(site.callAsync("hit:a", () -> CompletableFuture.completedFuture("b")).get(10, TimeUnit.SECONDS)).isEqualTo("a");
    }
    assertThat(site.callAsync("hit:a", () -> CompletableFuture.completedFuture("b")).get(10, TimeUnit.SECONDS)).isEqualTo("b");
    awaitStored("hit:a", "b"::equals);
  }

  // ---- dual bloom ----

  @Test
  @DisplayName("bloom-03: a dual bloom's two bit arrays learn the answers, through the sync and the async path; a second pass makes no call")
  void dualBloom() throws Exception {
    BloomSite sync = BloomSite.dual(cache, "Svc.even", "dual_bloom:Svc.even", 100, 1);
    BloomSite async = BloomSite.dual(cache, "Svc.evenLater", "dual_bloom:Svc.evenLater", 100, 1);
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 99; i++) {
        boolean even = i % 2 == 0;
        assertThat(sync.call("n:" + i, counting(even))).isEqualTo(even);
        assertThat(async.callAsync("n:" + i, () -> CompletableFuture.completedFuture(counting(even).load()))
            .get(10, TimeUnit.SECONDS)).isEqualTo(even);
      }
      assertThat(calls).hasValue(2 * 99);
    }
    assertThat(sync.call("n:100", counting(true))).isTrue();
    assertThat(async.callAsync("n:100", () -> CompletableFuture.completedFuture(counting(true).load())).get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calls).hasValue(2 * 99 + 2);
    assertThat(cache.exists("dual_bloom:Svc.even:959:true")).isTrue();
    assertThat(cache.exists("dual_bloom:Svc.evenLater:959:false")).isTrue();
  }

  // ---- planted values ----

  @Test
  @DisplayName("a plain value or a Stamped of another type under a soft or early key is a miss: recomputed and overwritten")
  void plantedShapes() {
    cache.set("soft:k", "plain");
    cache.set("early:k", new Stamped(Long.MAX_VALUE, 42L));
    cache.set("hit:k", new Stamped(Long.MAX_VALUE, "x"));
    assertThat(soft(LONG, Duration.ofMinutes(1)).call("soft:k", counting("s"))).isEqualTo("s");
    assertThat(early().call("early:k", counting(List.of("e")))).containsExactly("e");
    assertThat(hit(3, 0).call("hit:k", counting("h"))).isEqualTo("h");
    assertThat(calls).hasValue(3);
    assertThat(((Stamped) cache.get("soft:k")).value()).isEqualTo("s");
    assertThat(((Stamped) cache.get("early:k")).value()).isEqualTo(List.of("e"));
    assertThat((Object) cache.get("hit:k")).isEqualTo("h");
  }

  @Test
  @DisplayName("raw bytes of a truncated Stamped under a soft key are a miss, never an exception")
  void plantedTruncated() {
    byte[] truncated = {(byte) 0xF5, 41, 2};
    cache.setRaw("soft:k", truncated, LONG);
    cache.setRaw("early:k", truncated, LONG);
    assertThat(soft(LONG, Duration.ofMinutes(1)).call("soft:k", counting("s"))).isEqualTo("s");
    assertThat(early().call("early:k", counting(List.of("e")))).containsExactly("e");
    assertThat(calls).hasValue(2);
  }

  @Test
  @DisplayName("a failure propagates when the stored value is planted: it is never an old result to fall back on")
  void plantedNotAFallback() {
    cache.set("soft:k", new Stamped(0, 42L));
    IllegalArgumentException down = new IllegalArgumentException("down");
    assertThatThrownBy(() -> soft(LONG, Duration.ofMinutes(1)).call("soft:k", () -> {
      throw down;
    })).isSameAs(down);
    assertThatThrownBy(() -> soft(LONG, Duration.ofMinutes(1)).callAsync("soft:k", () -> CompletableFuture.failedFuture(down))
        .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(down);
  }
}
