package dev.kaju.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Transaction;
import dev.kaju.TransactionMode;
import dev.kaju.TransactionTimeoutException;
import dev.kaju.support.CachedSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactions on a backend (cashews' tx-01..16, each in FAST, LOCKED and SERIALIZABLE): what is
 * visible inside and outside, rollback by call and by exception, nesting, isolation under
 * concurrency, timeouts that leave no lock behind. A backend module extends it (the class ships
 * in the {@code kaju-runtime} test-jar) and says how to make an empty cache, and a second cache on
 * the same store (another process's view; memory answers the same cache).
 */
public abstract class TransactionContract {
  protected Cache cache;

  /** An empty cache on the backend under test. */
  protected abstract Cache newCache();

  /** Another cache on the same store, as a second process would open it; memory: {@code cache} itself. */
  protected abstract Cache sameStore();

  /** How many transactions each of two threads runs in the isolation test. */
  protected int isolationRuns() {
    return 2000;
  }

  /**
   * Whether a commit that fails (an {@code incr} meeting a value that is not a counter) writes
   * nothing on this backend. Redis (a script), disk (one locked update) and memory (increments
   * checked first) do; a Redis Cluster writes key by key, so the writes before the failing one stay.
   */
  protected boolean commitIsAllOrNothing() {
    return false;
  }

  @BeforeEach
  void open() {
    cache = newCache();
  }

  @AfterEach
  void close() {
    cache.close();
  }

  /** What another thread sees of {@code key} now. */
  private Object outside(String key) {
    return CompletableFuture.supplyAsync(() -> (Object) cache.get(key)).join();
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-01: writes are seen inside, by no one outside before commit, by everyone after")
  void commitPublishes(TransactionMode mode) {
    cache.set("key1", "value1");
    cache.set("key2", "value2");
    try (Transaction tx = cache.transaction(mode)) {
      cache.set("key1", "value2", Duration.ofSeconds(30));
      cache.set("key", "value");
      assertThat((Object) cache.get("key1")).isEqualTo("value2");
      assertThat((Object) cache.get("key")).isEqualTo("value");
      assertThat(outside("key1")).isEqualTo("value1");
      assertThat(outside("key")).isNull();
      tx.commit();
    }
    assertThat((Object) cache.get("key1")).isEqualTo("value2");
    assertThat((Object) cache.get("key")).isEqualTo("value");
    assertThat((Object) cache.get("key2")).isEqualTo("value2");
    assertThat(cache.getExpire("key1")).isBetween(25L, 30L);
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-02: rollback() discards the writes at once; closing without commit() rolls back too")
  void rollbackDiscards(TransactionMode mode) {
    cache.set("key1", "value1");
    try (Transaction tx = cache.transaction(mode)) {
      cache.set("key", "value");
      cache.set("key1", "value2");
      tx.rollback();
      assertThat((Object) cache.get("key")).isNull();
      assertThat((Object) cache.get("key1")).isEqualTo("value1");
    }
    try (Transaction tx = cache.transaction(mode)) {
      cache.delete("key1");
    }
    assertThat((Object) cache.get("key1")).isEqualTo("value1");
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-03: an exception in the body rolls back and propagates; a body that returns commits")
  void bodyForm(TransactionMode mode) {
    cache.set("key1", "value1");
    assertThatThrownBy(() -> cache.transaction(mode, () -> {
      cache.set("key1", "value2");
      throw new IllegalArgumentException("boom");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
    assertThat((Object) cache.get("key1")).isEqualTo("value1");
    String result = cache.transaction(mode, () -> {
      cache.set("key1", "value3");
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat((Object) cache.get("key1")).isEqualTo("value3");
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-04: getOrSet inside a transaction follows its fate")
  void getOrSet(TransactionMode mode) {
    cache.set("key1", "value1");
    try (Transaction tx = cache.transaction(mode)) {
      assertThat((Object) cache.getOrSet("key", () -> "value", Duration.ofMinutes(1))).isEqualTo("value");
      assertThat((Object) cache.getOrSet("key1", () -> "other", Duration.ofMinutes(1))).isEqualTo("value1");
    }
    assertThat((Object) cache.get("key")).isNull();
    cache.transaction(mode, () -> {
      cache.getOrSet("key", () -> "value", Duration.ofMinutes(1));
    });
    assertThat((Object) cache.get("key")).isEqualTo("value");
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-05: reads inside reflect local deletes and writes, getMany too, before and after commit")
  void deletesAndGetMany(TransactionMode mode) {
    cache.set("key", "value");
    cache.set("key1", "value1");
    cache.set("key2", "value2");
    try (Transaction tx = cache.transaction(mode)) {
      cache.delete("key1");
      assertThat((Object) cache.get("key1")).isNull();
      cache.setMany(Map.of("key1", "value1", "key3", "value3"), Duration.ofSeconds(30));
      cache.delete("key");
      cache.deleteMany("key2", "key3");
      assertThat(cache.getMany("key", "key1", "key2", "key3")).containsExactly(null, "value1", null, null);
      cache.set("key2", "value2");
      assertThat(cache.getMany("key", "key1", "key2")).containsExactly(null, "value1", "value2");
      tx.commit();
    }
    assertThat(cache.getMany("key", "key1", "key2", "key3")).containsExactly(null, "value1", "value2", null);
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-06: deleteMatch hides local and stored matches; a key set again after it stays")
  void deleteMatch(TransactionMode mode) {
    cache.set("kek", "value");
    cache.set("key1", "value1");
    cache.set("key3", "value3");
    try (Transaction tx = cache.transaction(mode)) {
      cache.set("key2", "local");
      cache.deleteMatch("key*");
      assertThat(cache.getMany("key1", "key2", "key3")).containsExactly(null, null, null);
      cache.set("key2", "value2");
      assertThat(cache.getMany("kek", "key1", "key2")).containsExactly("value", null, "value2");
      assertThat(cache.getMatch("k*").map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.toList()))
          .containsExactly("kek=value", "key2=value2");
      tx.commit();
    }
    assertThat(cache.getMany("kek", "key1", "key2", "key3")).containsExactly("value", null, "value2", null);
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-07: incr inside continues from the stored value; deleted or new keys start from 0")
  void incr(TransactionMode mode) {
    cache.incr("key1");
    cache.set("key3", 5L);
    try (Transaction tx = cache.transaction(mode)) {
      assertThat(cache.incr("key1")).isEqualTo(2);
      assertThat(cache.incr("key1")).isEqualTo(3);
      assertThat(cache.incr("key2")).isEqualTo(1);
      cache.delete("key3");
      assertThat(cache.incr("key3")).isEqualTo(1);
      assertThat(cache.incr("key4", 2)).isEqualTo(2);
      cache.delete("key4");
      tx.commit();
    }
    assertThat(cache.incr("key1")).isEqualTo(4);
    assertThat(cache.incr("key2")).isEqualTo(2);
    assertThat(cache.incr("key3")).isEqualTo(2);
    assertThat(cache.incr("key4")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("tx-08/09/10: expire, getExpire, exists and scan see the transaction's writes, before and after commit")
  void expireExistsScan(TransactionMode mode) {
    cache.set("key1", "v");
    cache.set("key3", "v");
    cache.set("key4", "v");
    try (Transaction tx = cache.transaction(mode)) {
      assertThat(cache.expire("key1", Duration.ofSeconds(110))).isTrue();
      assertThat(cache.getExpire("key1")).isBetween(100L, 110L);
      cache.set("key2", "v", Duration.ofSeconds(100));
      assertThat(cache.expire("key2", Duration.ofSeconds(120))).isTrue();
      assertThat(cache.getExpire("key2")).isBetween(110L, 120L);
      cache.delete("key3");
      assertThat(cache.expire("key3", Duration.ofSeconds(130))).isFalse();
      assertThat(cache.getExpire("key3")).isEqualTo(-2);
      assertThat(cache.getExpire("key4")).isEqualTo(-1);
      assertThat(cache.getExpire("key5")).isEqualTo(-2);
      assertThat(cache.exists("key3")).isFalse();
      assertThat(cache.exists("key2")).isTrue();
      assertThat(cache.scan("key*").sorted().collect(Collectors.toList())).containsExactly("key1", "key2", "key4");
      tx.commit();
    }
    assertThat(cache.getExpire("key1")).isBetween(100L, 110L);
    assertThat(cache.getExpire("key2")).isBetween(110L, 120L);
    assertThat(cache.exists("key3")).isFalse();
    assertThat(cache.scan("key*").sorted().collect(Collectors.toList())).containsExactly("key1", "key2", "key4");
  }

  @ParameterizedTest
  @EnumSource(value = TransactionMode.class, names = {"LOCKED", "SERIALIZABLE"})
  @DisplayName("tx-11: two threads each running many incr transactions on one key lose no update")
  void isolation(TransactionMode mode) throws Exception {
    int runs = isolationRuns();
    Cache other = sameStore();
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (Cache c : List.of(cache, other)) {
      threads.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < runs; i++) {
          c.transaction(mode, Duration.ofSeconds(30), () -> {
            c.incr("counter");
          });
        }
      }, r -> new Thread(r).start()));
    }
    CompletableFuture.allOf(threads.toArray(new CompletableFuture<?>[0])).get(600, TimeUnit.SECONDS);
    assertThat(cache.incr("counter", 0)).isEqualTo(2L * runs);
    if (other != cache) {
      other.close();
    }
  }

  @Test
  @DisplayName("tx-12: a transaction opened inside another joins it; the outer rollback discards the inner writes")
  void nested() {
    cache.set("key1", "value1");
    try (Transaction outer = cache.transaction(TransactionMode.LOCKED)) {
      try (Transaction inner = cache.transaction(TransactionMode.FAST)) {
        cache.set("key1", "inner");
        cache.set("key2", "inner");
        inner.commit(); // the outer one decides
      }
      assertThat((Object) cache.get("key1")).isEqualTo("inner");
      assertThat(outside("key1")).isEqualTo("value1");
      outer.rollback();
    }
    assertThat((Object) cache.get("key1")).isEqualTo("value1");
    assertThat((Object) cache.get("key2")).isNull();
  }

  @Test
  @DisplayName("a joined scope's rollback makes the outer commit roll back and say so")
  void joinedRollback() {
    try (Transaction outer = cache.transaction(TransactionMode.LOCKED)) {
      cache.set("key", "v");
      try (Transaction inner = cache.transaction(TransactionMode.LOCKED)) {
        inner.rollback();
      }
      assertThatThrownBy(outer::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("rolled it back");
    }
    assertThat((Object) cache.get("key")).isNull();
  }

  @Test
  @DisplayName("tx-14/16: LOCKED waits at most its timeout for a key another transaction holds, rolls back, and leaves no lock")
  void lockedTimeout() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Cache other = sameStore();
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> other.transaction(TransactionMode.LOCKED, () -> {
      other.set("key", "holder");
      holding.countDown();
      await(release);
    }), r -> new Thread(r).start());
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> cache.transaction(TransactionMode.LOCKED, Duration.ofMillis(300), () -> {
      cache.set("mine", "x");
      cache.set("key", "waiter");
    })).isInstanceOf(TransactionTimeoutException.class).hasMessageContaining("probably a deadlock");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(cache.isLocked(":tx_lock:mine")).as("the timed-out transaction's own lock is released").isFalse();
    release.countDown();
    holder.get(10, TimeUnit.SECONDS);
    assertThat((Object) cache.get("key")).isEqualTo("holder");
    assertThat((Object) cache.get("mine")).isNull();
    assertThat(cache.isLocked(":tx_lock:key")).isFalse();
    if (other != cache) {
      other.close();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @DisplayName("SERIALIZABLE runs one body at a time")
  void serializable() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Cache other = sameStore();
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (Cache c : List.of(cache, other, cache, other)) {
      threads.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 20; i++) {
          c.transaction(TransactionMode.SERIALIZABLE, Duration.ofSeconds(30), () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            c.set("k", "v");
            inside.decrementAndGet();
          });
        }
      }, r -> new Thread(r).start()));
    }
    CompletableFuture.allOf(threads.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    assertThat(most).hasValue(1);
    assertThat(cache.isLocked(":serializable:lock")).isFalse();
    if (other != cache) {
      other.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("a transaction that outlives its timeout commits nothing and says so")
  void lifeTimeout(TransactionMode mode) throws Exception {
    try (Transaction tx = cache.transaction(mode, Duration.ofMillis(100))) {
      cache.set("key", "late");
      TimeUnit.MILLISECONDS.sleep(250);
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionTimeoutException.class).hasMessageContaining("ran past its timeout");
    }
    assertThat((Object) cache.get("key")).isNull();
    assertThat(cache.isLocked(":tx_lock:key")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("a cached method called inside a transaction reads and stores through it")
  void generatedMethodsFollow(TransactionMode mode) {
    CachedSite<String> site = CachedSite.<String>builder(cache, "Svc.get").type(String.class).ttl(Duration.ofMinutes(5)).build();
    AtomicInteger calls = new AtomicInteger();
    try (Transaction tx = cache.transaction(mode)) {
      assertThat(site.call("g", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
      assertThat(site.call("g", () -> "v" + calls.incrementAndGet())).as("a hit on the buffered store").isEqualTo("v1");
      assertThat(outside("g")).isNull();
    } // rolled back
    assertThat(site.call("g", () -> "v" + calls.incrementAndGet())).isEqualTo("v2");
  }

  @ParameterizedTest
  @EnumSource(TransactionMode.class)
  @DisplayName("commands through cache.async() started inside the scope belong to it")
  void asyncBelongs(TransactionMode mode) {
    try (Transaction tx = cache.transaction(mode)) {
      cache.async().set("a", "1").toCompletableFuture().join();
      assertThat(cache.async().get("a").toCompletableFuture().join()).isEqualTo("1");
      assertThat(outside("a")).isNull();
      tx.commit();
    }
    assertThat((Object) cache.get("a")).isEqualTo("1");
  }

  @Test
  @DisplayName("a transaction ends with its commit: the commands after it are plain again, and commit twice fails")
  void endsOnce() {
    Transaction tx = cache.transaction(TransactionMode.LOCKED);
    cache.set("a", "1");
    tx.commit();
    cache.set("b", "2");
    assertThat(outside("b")).isEqualTo("2");
    assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
    tx.close();
    assertThat((Object) cache.get("a")).isEqualTo("1");
  }

  @Test
  @DisplayName("a counter turned into text between a transaction's incr and its commit fails the commit; a one-step commit writes nothing")
  void failedCommit() {
    cache.set("c", 5L);
    Cache other = sameStore();
    try (Transaction tx = cache.transaction(TransactionMode.FAST)) {
      cache.set("a", "1");
      cache.delete("gone");
      assertThat(cache.incr("c")).isEqualTo(6);
      // another process (or thread), between the transaction's read and its commit
      CompletableFuture.runAsync(() -> other.set("c", "text")).join();
      assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("not an integer counter");
    } finally {
      if (other != cache) {
        other.close();
      }
    }
    assertThat((Object) cache.get("a")).isEqualTo(commitIsAllOrNothing() ? null : "1");
    assertThat((Object) cache.get("c")).isEqualTo("text");
  }

  /**
   * For a backend whose commit is one step: one thread commits {@code a = i, b = i} for i = 1..2000
   * while another reads a, then b, from another cache on the store; b is never older than a (a
   * commit written key by key, a first, would show a = i with b = i - 1).
   */
  protected void assertReadersSeeWholeCommits() throws Exception {
    int commits = 2000;
    cache.set("a", 0L);
    cache.set("b", 0L);
    try (Cache reader = sameStore()) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        for (long i = 1; i <= commits; i++) {
          long n = i;
          cache.transaction(TransactionMode.FAST, () -> { // written a first, then b
            cache.set("a", n);
            cache.set("b", n);
          });
        }
      });
      long reads = 0;
      while (!writer.isDone() || reads == 0) {
        Long a = reader.get("a");
        Long b = reader.get("b");
        assertThat(b).as("b read after a = %s (read %s)", a, reads).isGreaterThanOrEqualTo(a);
        reads++;
      }
      writer.get(60, TimeUnit.SECONDS);
      assertThat((Long) reader.get("b")).isEqualTo(commits);
    }
  }
}
