package dev.kaju.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.LockedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command contract every backend passes, through the {@link Cache} facade. A backend module
 * extends it (the class ships in the {@code kaju-runtime} test-jar), says how to make an empty
 * cache on its backend and how time passes, and is done when the suite passes unchanged.
 *
 * <p>Entry names ({@code be-01}) refer to {@code CASHEWS.md}, the catalogue of cashews behaviours.
 */
public abstract class BackendContract {
  protected static final Object VALUE = new BigDecimal("100.2");

  protected Cache cache;

  /** A cache set up on the backend under test, empty. */
  protected abstract Cache newCache();

  /**
   * Lets {@code d} of time pass for the backend: a fake ticker jumps, a real server is waited
   * for. TTLs in this suite are whole seconds so backends on a real clock stay reliable.
   */
  protected abstract void elapse(Duration d);

  @BeforeEach
  void openCache() {
    cache = newCache();
    cache.clear();
  }

  @AfterEach
  void closeCache() {
    cache.close();
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  // ---- tags ----
  @Test
  @DisplayName("tag-06: keys set with tags are deleted with their tag, through the tag sets; others stay")
  void tags() {
    cache.set("key1", "value", s(30), java.util.List.of("1", "2"));
    cache.set("key2", "value", s(30), java.util.List.of("2"));
    cache.set("key3", "value", s(30), java.util.List.of("3"));
    assertThat(cache.deleteTags("2")).isEqualTo(2);
    assertThat(cache.getMany("key1", "key2", "key3")).containsExactly(null, null, "value");
    cache.deleteTags("3");
    assertThat(cache.exists("key3")).isFalse();
  }

  @Test
  @DisplayName("tag-08/10: a deleted registered key leaves its tag; 150 keys of one tag go in batches of 100")
  void tagBatchesAndLeaving() {
    cache.registerTag("tag", "key");
    cache.set("key", "value", s(30), java.util.List.of("tag"));
    cache.delete("key");
    cache.set("key", "value2");
    cache.deleteTags("tag");
    assertThat((Object) cache.get("key")).isEqualTo("value2");
    for (int i = 0; i < 150; i++) {
      cache.set("n" + i, i, s(30), java.util.List.of("all"));
    }
    assertThat(cache.deleteTags("all")).isEqualTo(150);
    assertThat(cache.scan("n*").count()).isZero();
  }

  // ---- values ----
  @Test
  @DisplayName("be-01: set then get returns an equal value")
  void setGet() {
    cache.set("key", VALUE);
    assertThat((Object) cache.get("key")).isEqualTo(VALUE);
  }

  @Test
  @DisplayName("be-08: bytes round-trip as bytes")
  void bytes() {
    cache.set("key", "10".getBytes());
    assertThat((byte[]) cache.get("key")).isEqualTo("10".getBytes());
  }

  @Test
  @DisplayName("strings, numbers, booleans, lists and maps round-trip")
  void kinds() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("s", "test");
    values.put("empty", "");
    values.put("l", 1L);
    values.put("i", 0);
    values.put("d", 1.234);
    values.put("t", true);
    values.put("f", false);
    values.put("list", List.of(1, 2, 3));
    values.put("map", Map.of("any", "x"));
    values.forEach((k, v) -> cache.set(k, v));
    values.forEach((k, v) -> assertThat((Object) cache.get(k)).as(k).isEqualTo(v));
  }

  @Test
  @DisplayName("be-21: a miss is null; get with a default returns that same object")
  void miss() {
    assertThat((Object) cache.get("nope")).isNull();
    Object def = new Object();
    assertThat((Object) cache.get("nope", def)).isSameAs(def);
  }

  @Test
  @DisplayName("a stored null is a hit: exists, reads as null, getOrSet does not recompute")
  void storedNull() {
    cache.set("n", null);
    assertThat(cache.exists("n")).isTrue();
    assertThat((Object) cache.get("n", "default")).isNull();
    assertThat((Object) cache.getOrSet("n", () -> "computed", s(10))).isNull();
  }

  @Test
  @DisplayName("be-17..19: set, set XX (exist=true) and set NX (exist=false)")
  void setExist() {
    assertThat(cache.set("key", "value")).isTrue();
    assertThat(cache.set("key", "value2", null, true)).isTrue();
    assertThat((Object) cache.get("key")).isEqualTo("value2");
    assertThat(cache.set("missing", "value", null, true)).isFalse();
    assertThat(cache.exists("missing")).isFalse();

    assertThat(cache.set("nx", "value", null, false)).isTrue();
    assertThat(cache.set("nx", "value2", null, false)).isFalse();
    assertThat((Object) cache.get("nx")).isEqualTo("value");
  }

  @Test
  @DisplayName("be-20: setMany stores every pair with one TTL")
  void setMany() {
    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("key1", VALUE);
    pairs.put("key2", "value2");
    cache.setMany(pairs, s(10));
    assertThat((Object) cache.get("key1")).isEqualTo(VALUE);
    assertThat((Object) cache.get("key2")).isEqualTo("value2");
    assertThat(cache.getExpire("key1")).isEqualTo(10);
    assertThat(cache.getExpire("key2")).isEqualTo(10);
  }

  @Test
  @DisplayName("be-15: getMany keeps the order asked, null for a missing key")
  void getMany() {
    cache.set("key", VALUE);
    cache.set("other", "x");
    assertThat(cache.getMany("key", "no_exists", "other")).containsExactly(VALUE, null, "x");
  }

  @Test
  @DisplayName("be-16: getMany reports a bit array as null")
  void getManyBits() {
    cache.incr("key");
    cache.incrBits("key2", 1, 1, 0);
    assertThat(cache.getMany("key", "key2")).containsExactly(1L, null);
  }

  @Test
  @DisplayName("be-02/03: getOrSet calls the supplier once on a miss and stores its result")
  void getOrSet() {
    AtomicInteger calls = new AtomicInteger();
    assertThat((Object) cache.getOrSet("key", () -> { calls.incrementAndGet(); return VALUE; }, s(10)))
        .isEqualTo(VALUE);
    assertThat((Object) cache.getOrSet("key", () -> { calls.incrementAndGet(); return "other"; }, s(10)))
        .isEqualTo(VALUE);
    assertThat(calls).hasValue(1);
    assertThat((Object) cache.get("key")).isEqualTo(VALUE);
  }

  @Test
  @DisplayName("be-06/07: getOrSet keeps an existing value; its TTL is parsed")
  void getOrSetExisting() {
    cache.set("key", VALUE);
    assertThat((Object) cache.getOrSet("key", () -> "new", s(10))).isEqualTo(VALUE);
    assertThat((Object) cache.getOrSet("gos", () -> "v", "1m")).isEqualTo("v");
    assertThat(cache.getExpire("gos")).isEqualTo(60);
  }

  @Test
  @DisplayName("be-24: exists")
  void exists() {
    assertThat(cache.exists("not")).isFalse();
    cache.set("yes", VALUE);
    assertThat(cache.exists("yes")).isTrue();
  }

  @Test
  @DisplayName("be-46: delete says whether the key existed")
  void delete() {
    cache.set("x", 1);
    assertThat(cache.delete("x")).isTrue();
    assertThat(cache.delete("x")).isFalse();
    assertThat(cache.exists("x")).isFalse();
  }

  @Test
  @DisplayName("be-28: deleteMany deletes the listed keys that exist")
  void deleteMany() {
    cache.set("key1", "a");
    cache.set("key2", "b");
    cache.set("key3", "c");
    assertThat(cache.deleteMany("key1", "key2", "key4")).isEqualTo(2);
    assertThat(cache.getMany("key1", "key2", "key3")).containsExactly(null, null, "c");
  }

  @Test
  @DisplayName("setRaw and getRaw round-trip")
  void raw() {
    cache.setRaw("raw", "test".getBytes(), null);
    Object raw = cache.getRaw("raw");
    assertThat(raw).isNotNull();
    assertThat(cache.exists("raw")).isTrue();
  }

  @Test
  @DisplayName("be-38: getSize is positive for a stored value and 0 for a missing key")
  void size() {
    cache.set("test", "some value");
    assertThat(cache.getSize("test")).isPositive();
    assertThat(cache.getSize("missing")).isZero();
  }

  @Test
  @DisplayName("be-39/be-50: getKeysCount and clear")
  void countAndClear() {
    cache.set("key", "value");
    assertThat(cache.getKeysCount()).isEqualTo(1);
    cache.set("key2", "value");
    cache.incr("counter");
    assertThat(cache.getKeysCount()).isEqualTo(3);
    cache.clear();
    assertThat(cache.getKeysCount()).isZero();
    assertThat((Object) cache.get("key")).isNull();
  }

  @Test
  @DisplayName("be-22/23: ping answers PONG and echoes other messages")
  void ping() {
    assertThat(cache.ping()).isEqualTo("PONG");
    assertThat(cache.ping("PING")).isEqualTo("PONG");
    assertThat(cache.ping("hello")).isEqualTo("hello");
  }

  // ---- TTL ----
  @Test
  @DisplayName("be-25: a value is readable within its TTL and gone after it")
  void expires() {
    cache.set("key", VALUE, s(1));
    assertThat((Object) cache.get("key")).isEqualTo(VALUE);
    elapse(Duration.ofMillis(2100));
    assertThat((Object) cache.get("key")).isNull();
    assertThat(cache.exists("key")).isFalse();
    assertThat(cache.getExpire("key")).isEqualTo(-2);
    assertThat(cache.getKeysCount()).isZero();
  }

  @Test
  @DisplayName("be-26: getExpire is -2 for a missing key, -1 without TTL, seconds left otherwise")
  void getExpire() {
    assertThat(cache.getExpire("key")).isEqualTo(-2);
    cache.set("key", "value");
    assertThat(cache.getExpire("key")).isEqualTo(-1);
    assertThat(cache.expire("key", s(100))).isTrue();
    assertThat(cache.getExpire("key")).isBetween(99L, 100L); // a real server's clock moves on meanwhile
    cache.set("long", "value", "1h");
    assertThat(cache.getExpire("long")).isEqualTo(3600);
  }

  @Test
  @DisplayName("be-27: getExpire rounds to the nearest second")
  void rounding() {
    cache.set("a", 1, Duration.ofMillis(1200)); // 300 ms from the half second either way, for real servers
    cache.set("b", 1, Duration.ofMillis(1800));
    assertThat(cache.getExpire("a")).isEqualTo(1);
    assertThat(cache.getExpire("b")).isEqualTo(2);
  }

  @Test
  @DisplayName("set without TTL clears an earlier TTL, as Redis SET does")
  void setClearsTtl() {
    cache.set("k", 1, s(100));
    cache.set("k", 2);
    assertThat(cache.getExpire("k")).isEqualTo(-1);
  }

  @Test
  @DisplayName("be-47: expire on a missing key does nothing")
  void expireMissing() {
    assertThat(cache.expire("missing", s(10))).isFalse();
    assertThat(cache.getExpire("missing")).isEqualTo(-2);
  }

  @Test
  @DisplayName("expire shortens the life of a key")
  void expireApplies() {
    cache.set("k", "v");
    cache.expire("k", s(1));
    elapse(Duration.ofMillis(2100));
    assertThat(cache.exists("k")).isFalse();
  }

  @Test
  @DisplayName("set NX succeeds once the earlier value expired")
  void nxAfterExpiry() {
    cache.set("k", "old", s(1));
    elapse(Duration.ofMillis(2100));
    assertThat(cache.set("k", "new", null, false)).isTrue();
    assertThat((Object) cache.get("k")).isEqualTo("new");
  }

  // ---- counters ----
  @Test
  @DisplayName("be-10..12: incr starts from 0 and returns the new value")
  void incr() {
    assertThat(cache.incr("incr")).isEqualTo(1);
    assertThat(cache.incr("incr")).isEqualTo(2);
    assertThat(cache.incr("incr", 5)).isEqualTo(7);
    assertThat((Object) cache.get("incr")).isEqualTo(7L);
    assertThat(cache.incr("down", -3)).isEqualTo(-3);
  }

  @Test
  @DisplayName("be-13: incr with a TTL on a new key sets it (also when the first step is not 1)")
  void incrTtl() {
    cache.incr("key", 1, s(10));
    assertThat(cache.getExpire("key")).isEqualTo(10);
    cache.incr("five", 5, s(10));
    assertThat(cache.getExpire("five")).isEqualTo(10);
  }

  @Test
  @DisplayName("incr keeps the TTL of an existing key")
  void incrKeepsTtl() {
    cache.incr("key", 1, s(10));
    cache.incr("key", 1, s(100));
    assertThat(cache.getExpire("key")).isEqualTo(10);
  }

  @Test
  @DisplayName("incr continues from a Long stored with set; other number types are not counters")
  void incrAfterSet() {
    cache.set("n", 10L);
    assertThat(cache.incr("n")).isEqualTo(11);
    cache.set("i", 10);
    assertThatThrownBy(() -> cache.incr("i"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an integer counter");
    assertThat((Object) cache.get("i")).isEqualTo(10);
  }

  @Test
  @DisplayName("be-14: incr on a non-integer fails and leaves the value")
  void incrNotANumber() {
    cache.set("key", "test");
    assertThatThrownBy(() -> cache.incr("key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key")
        .hasMessageContaining("not an integer counter");
    assertThat((Object) cache.get("key")).isEqualTo("test");
  }

  @Test
  @DisplayName("incr from concurrent threads loses no update")
  void incrConcurrent() throws Exception {
    int threads = 4;
    int each = 2_500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            cache.incr("hits");
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat((Object) cache.get("hits")).isEqualTo((long) threads * each);
  }

  @Test
  @DisplayName("be-43: sliceIncr is a sliding-window counter")
  void sliceIncr() {
    assertThat(cache.sliceIncr("test", 0, 5, 10, null)).isEqualTo(1);
    assertThat(cache.sliceIncr("test", 1, 6, 10, null)).isEqualTo(2);
    assertThat(cache.sliceIncr("test", 2, 7, 10, null)).isEqualTo(3);
    assertThat(cache.sliceIncr("test", 3, 8, 10, null)).isEqualTo(4);
    assertThat(cache.sliceIncr("test", 5, 10, 4, null)).isEqualTo(4);
    assertThat(cache.sliceIncr("test", 9, 11, 10, null)).isEqualTo(1);
    assertThat(cache.sliceIncr("test", 15, 20, 10, null)).isEqualTo(1);
    assertThat(cache.sliceIncr("test", 9, 11, 10, null)).isEqualTo(1);
  }

  @Test
  @DisplayName("sliceIncr puts its TTL on the whole key")
  void sliceIncrTtl() {
    cache.sliceIncr("w", 0, 1, 10, s(10));
    assertThat(cache.getExpire("w")).isEqualTo(10);
    assertThat((Object) cache.get("w")).isNull();
  }

  @Test
  @DisplayName("be-40: getBits on a missing key is zeros")
  void getBitsMissing() {
    assertThat(cache.getBits("test", 1, 0, 2, 10, 50_000)).containsExactly(0, 0, 0, 0);
    assertThat(cache.getBits("test", 15, 0, 1, 3)).containsExactly(0, 0, 0);
  }

  @Test
  @DisplayName("be-41: incrBits sets 1-bit counters")
  void incrBits() {
    cache.incrBits("test", 1, 1, 0, 1, 4);
    assertThat(cache.getBits("test", 1, 0, 1, 2, 3, 4)).containsExactly(1, 1, 0, 0, 1);
  }

  @Test
  @DisplayName("be-42: counters are size bits wide and saturate")
  void bitsSize() {
    cache.incrBits("test", 5, 3, 0, 1, 4);
    assertThat(cache.getBits("test", 5, 0, 1, 2, 3, 4)).containsExactly(3, 3, 0, 0, 3);
    cache.incrBits("sat", 2, 10, 0);
    assertThat(cache.getBits("sat", 2, 0)).containsExactly(3);
    cache.incrBits("sat", 2, -10, 0);
    assertThat(cache.getBits("sat", 2, 0)).containsExactly(0);
  }

  // ---- patterns ----
  private void fillPatterns() {
    cache.set("pref:test:test", VALUE);
    cache.set("pref:value:test", "value2");
    cache.set("pref:-:test", "-");
    cache.set("pref:*:test", "*");
    cache.set("ppref:test:test", "no");
    cache.set("pref:test:tests", "no");
  }

  @Test
  @DisplayName("be-29: deleteMatch deletes exactly the matching keys; * matches ':' '-' '*'")
  void deleteMatch() {
    fillPatterns();
    assertThat(cache.deleteMatch("pref:*:test")).isEqualTo(4);
    assertThat(cache.scan("*").collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("ppref:test:test", "pref:test:tests");
  }

  @Test
  @DisplayName("be-30: scan yields each matching key once")
  void scan() {
    fillPatterns();
    assertThat(cache.scan("pref:*:test").collect(Collectors.toList()))
        .containsExactlyInAnyOrder("pref:test:test", "pref:value:test", "pref:-:test", "pref:*:test");
  }

  @Test
  @DisplayName("be-31: getMatch yields decoded pairs; nothing for no match")
  void getMatch() {
    fillPatterns();
    Map<String, Object> found =
        cache.getMatch("pref:*:test").collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(found)
        .containsOnly(
            Map.entry("pref:test:test", VALUE),
            Map.entry("pref:value:test", "value2"),
            Map.entry("pref:-:test", "-"),
            Map.entry("pref:*:test", "*"));
    assertThat(cache.getMatch("not_exists:*")).isEmpty();
  }

  @Test
  @DisplayName("? matches one character and [..] one of a class, as Redis globs")
  void globs() {
    fillPatterns();
    cache.set("key1", 1);
    cache.set("key2", 2);
    cache.set("key12", 12);
    cache.set("keyX1", 0);
    assertThat(cache.scan("key?").collect(Collectors.toSet())).containsExactlyInAnyOrder("key1", "key2");
    assertThat(cache.scan("key[12]").collect(Collectors.toSet())).containsExactlyInAnyOrder("key1", "key2");
    assertThat(cache.scan("key.1").collect(Collectors.toSet())).isEmpty();
  }

  @Test
  @DisplayName("be-32: getMatch skips bit arrays and sets")
  void getMatchSkipsStructures() {
    cache.clear();
    cache.incr("key");
    cache.incrBits("key2", 1, 1, 0);
    cache.setAdd("key3", null, "a");
    assertThat(cache.getMatch("*").collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .containsOnly(Map.entry("key", 1L));
    assertThat(cache.scan("*").collect(Collectors.toSet())).containsExactlyInAnyOrder("key", "key2", "key3");
  }

  @Test
  @DisplayName("be-51: scan and getMatch on a prefix pattern")
  void prefixPattern() {
    cache.clear();
    cache.set("key", "value");
    assertThat(cache.scan("key*").collect(Collectors.toList())).containsExactly("key");
    assertThat(cache.getMatch("key*").collect(Collectors.toList())).containsExactly(Map.entry("key", "value"));
  }

  @Test
  @DisplayName("scan and getMatch go over more keys than one batch, each key once")
  void manyBatches() {
    cache.clear();
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < 1_050; i++) {
      values.put("many:" + i, i);
    }
    cache.setMany(values);
    cache.set("other", 1);
    List<String> keys = cache.scan("many:*", 100).collect(Collectors.toList());
    assertThat(keys).hasSize(1_050).doesNotHaveDuplicates();
    List<Map.Entry<String, Object>> pairs = cache.getMatch("many:*", 100).collect(Collectors.toList());
    assertThat(pairs).hasSize(1_050);
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, Object> e : pairs) {
      assertThat(seen.add(e.getKey())).isTrue();
      assertThat(e.getValue()).isEqualTo(values.get(e.getKey()));
    }
    assertThat(cache.deleteMatch("many:*")).isEqualTo(1_050);
    assertThat(cache.getKeysCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("expired keys do not match")
  void expiredKeysDoNotMatch() {
    cache.clear();
    cache.set("t:1", 1, s(1));
    cache.set("t:2", 2);
    elapse(Duration.ofMillis(2100));
    assertThat(cache.scan("t:*").collect(Collectors.toList())).containsExactly("t:2");
    assertThat(cache.deleteMatch("t:*")).isEqualTo(1);
  }

  // ---- locks ----
  @Test
  @DisplayName("be-33: setLock then unlock with the same value")
  void setLockUnlock() {
    assertThat(cache.setLock("lock", "lock", s(10))).isTrue();
    assertThat(cache.isLocked("lock")).isTrue();
    assertThat(cache.unlock("lock", "lock")).isTrue();
    assertThat(cache.isLocked("lock")).isFalse();
  }

  @Test
  @DisplayName("be-34: setLock is NX")
  void setLockNx() {
    assertThat(cache.setLock("L", "a", s(10))).isTrue();
    assertThat(cache.setLock("L", "b", s(10))).isFalse();
  }

  @Test
  @DisplayName("unlock releases only the holder's value")
  void unlockComparesValue() {
    cache.setLock("L", "mine", s(10));
    assertThat(cache.unlock("L", "zzz")).isFalse();
    assertThat(cache.isLocked("L")).isTrue();
    assertThat(cache.unlock("L", "mine")).isTrue();
  }

  @Test
  @DisplayName("be-35: lock() holds inside try-with-resources and releases on exit")
  void lockScope() {
    try (Cache.Lock lock = cache.lock("lock", s(10))) {
      assertThat(cache.isLocked("lock")).isTrue();
      assertThat(lock.value()).isNotBlank();
    }
    assertThat(cache.isLocked("lock")).isFalse();
  }

  @Test
  @DisplayName("be-36: lock() without waiting fails at once on a held lock")
  void lockHeld() {
    cache.setLock("lk", "other", s(10));
    assertThatThrownBy(() -> cache.lock("lk", s(10), Duration.ZERO))
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("lk")
        .hasMessageContaining("already locked");
  }

  @Test
  @DisplayName("a lock expires after its TTL")
  void lockExpires() {
    cache.setLock("L", "v", s(1));
    elapse(Duration.ofMillis(2100));
    assertThat(cache.isLocked("L")).isFalse();
    assertThat(cache.setLock("L", "w", s(1))).isTrue();
  }

  @Test
  @DisplayName("lock() waits for the holder to release")
  void lockWaits() throws Exception {
    Cache.Lock first = cache.lock("w", s(30));
    CountDownLatch refused = new CountDownLatch(1); // the waiter asked and was refused: it is waiting
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Cache.Scope seen = cache.callback(
        (command, key, result) -> {
          if (key.equals("w") && Boolean.FALSE.equals(result)) {
            refused.countDown();
          }
        },
        Command.SET_LOCK)) {
      Future<String> second = pool.submit(() -> {
        try (Cache.Lock l = cache.lock("w", s(30), s(20))) {
          return l.value();
        }
      });
      assertThat(refused.await(20, TimeUnit.SECONDS)).as("the second lock() tried and waited").isTrue();
      assertThat(second).isNotDone();
      first.close();
      assertThat(second.get(20, TimeUnit.SECONDS)).isNotEqualTo(first.value());
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.isLocked("w")).isFalse();
  }

  @Test
  @DisplayName("isLocked with a wait returns false as soon as the lock is released")
  void isLockedWait() throws Exception {
    cache.setLock("w", "v", s(30));
    CountDownLatch sawLocked = new CountDownLatch(1); // the waiter found it locked: it is waiting
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Cache.Scope seen = cache.callback(
        (command, key, result) -> {
          if (key.equals("w") && Boolean.TRUE.equals(result)) {
            sawLocked.countDown();
          }
        },
        Command.IS_LOCKED)) {
      Future<Boolean> waiting = pool.submit(() -> cache.isLocked("w", s(20)));
      assertThat(sawLocked.await(20, TimeUnit.SECONDS)).as("isLocked(wait) found the lock held").isTrue();
      assertThat(waiting).isNotDone();
      cache.unlock("w", "v");
      assertThat(waiting.get(20, TimeUnit.SECONDS)).isFalse();
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.isLocked("w", Duration.ofMillis(10))).isFalse();
    cache.setLock("w", "v", s(30));
    assertThat(cache.isLocked("w", Duration.ofMillis(30))).isTrue();
  }

  // ---- sets ----
  @Test
  @DisplayName("be-45: setAdd, then setPop removes up to count members")
  void addPop() {
    assertThat(cache.setAdd("s", null, "a", "b", "c")).isEqualTo(3);
    assertThat(cache.setAdd("s", null, "a")).isZero();
    List<String> popped = new ArrayList<>(cache.setPop("s", 2));
    assertThat(popped).hasSize(2);
    popped.addAll(cache.setPop("s", 2));
    assertThat(popped).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(cache.setPop("s", 2)).isEmpty();
    assertThat(cache.setPop("missing", 5)).isEmpty();
  }

  @Test
  @DisplayName("setRemove removes members; an emptied set is gone")
  void remove() {
    cache.setAdd("s", null, "a", "b");
    assertThat(cache.setRemove("s", "a", "zz")).isEqualTo(1);
    assertThat(cache.setPop("s", 10)).containsExactly("b");
    cache.setAdd("t", null, "x");
    cache.setRemove("t", "x");
    assertThat(cache.exists("t")).isFalse();
  }

  @Test
  @DisplayName("tag-09: the TTL of setAdd applies to the whole set")
  void setTtl() {
    cache.setAdd("_tag:tag", s(1), "k1");
    cache.setAdd("_tag:tag", s(1), "k2");
    assertThat(cache.getExpire("_tag:tag")).isBetween(0L, 1L); // a real server's clock moves on meanwhile
    elapse(Duration.ofMillis(2100));
    assertThat(cache.setPop("_tag:tag", 1)).isEmpty();
  }
}
