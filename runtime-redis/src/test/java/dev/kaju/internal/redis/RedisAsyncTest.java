package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.LockedException;
import dev.kaju.Settings;
import dev.kaju.support.CachedSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the async path on Redis never blocks the caller. A frozen Redis (SIGSTOP) shows it:
 * the stage is returned at once, unfinished, no thread is started per call, and the answer
 * arrives on a kaju-redis thread once Redis resumes. Failures follow the sync path's rules.
 */
class RedisAsyncTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  private RedisServer server;
  private final List<Cache> caches = new ArrayList<>();

  @BeforeEach
  void start() {
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    caches.forEach(Cache::close);
    server.close();
  }

  private Cache cache(String options) {
    return cache(options, Settings.builder().build());
  }

  private Cache cache(String options, Settings settings) {
    Cache c = Cache.create().setup(server.url() + options, settings);
    caches.add(c);
    return c;
  }

  private static Set<Thread> live() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
  }

  private static String names(Set<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().collect(Collectors.joining(", "));
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private interface Checked<T> {
    T get() throws Exception;
  }

  private static <T> T unchecked(Checked<T> c) {
    try {
      return c.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The exception a stage failed with. */
  private static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the stage did not fail but " + e, e);
    }
    throw new AssertionError("the stage completed normally");
  }

  @Test
  @DisplayName("issue 11: with Redis frozen, async().get returns an unfinished stage at once, 200 calls start no thread, all answer on resume")
  void frozenGet() throws Exception {
    Cache cache = cache("?timeout=20s");
    AsyncCache async = cache.async();
    cache.set("k", "v");
    for (int i = 0; i < 64; i++) { // every computation thread of Lettuce's pool has run once
      assertThat((Object) join(async.get("k"))).isEqualTo("v");
    }
    Set<Thread> before = live();
    String caller = Thread.currentThread().getName();
    Map<Integer, String> completedOn = new ConcurrentHashMap<>();
    List<CompletableFuture<Object>> gets = new ArrayList<>();
    server.pause();
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        int n = i;
        CompletableFuture<Object> f = async.get("k").toCompletableFuture();
        f.whenComplete((v, e) -> completedOn.put(n, Thread.currentThread().getName()));
        gets.add(f);
      }
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(gets).as("no stage is done while Redis is frozen").noneMatch(CompletableFuture::isDone);
      assertThat(tookMs).as("200 calls returned in %d ms", tookMs).isLessThan(5_000);
      Set<Thread> added = live();
      added.removeAll(before);
      assertThat(added).as("threads started by 200 async calls: %s", names(added)).isEmpty();
    } finally {
      server.resume();
    }
    for (CompletableFuture<Object> f : gets) {
      assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(completedOn).hasSize(200);
    assertThat(completedOn.values())
        .as("stages complete on kaju-redis threads")
        .allSatisfy(name -> assertThat(name).startsWith("kaju-redis-").isNotEqualTo(caller));
  }

  @Test
  @DisplayName("issue 11: a generated CompletableFuture method (CachedSite.callAsync) on a frozen Redis returns at once and answers the hit on resume")
  void frozenCachedSite() throws Exception {
    Cache cache = cache("?timeout=20s");
    CachedSite<String> site = CachedSite.<String>builder(cache, "T.m").type(String.class).build();
    AtomicInteger loads = new AtomicInteger();
    CachedSite.AsyncLoader<String> loader = () -> {
      loads.incrementAndGet();
      return CompletableFuture.completedFuture("v");
    };
    assertThat(site.callAsync("site:k", loader).get(20, TimeUnit.SECONDS)).isEqualTo("v");
    for (int i = 0; i < 64; i++) {
      assertThat(site.callAsync("site:k", loader).get(20, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(loads).as("one load, then hits").hasValue(1);
    Set<Thread> before = live();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    server.pause();
    try {
      for (int i = 0; i < 200; i++) {
        calls.add(site.callAsync("site:k", loader));
      }
      assertThat(calls).as("no call is done while Redis is frozen").noneMatch(CompletableFuture::isDone);
      Set<Thread> added = live();
      added.removeAll(before);
      assertThat(added).as("threads started by 200 calls: %s", names(added)).isEmpty();
    } finally {
      server.resume();
    }
    for (CompletableFuture<String> f : calls) {
      assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(loads).as("every call after the resume was a hit").hasValue(1);
  }

  @Test
  @DisplayName("issue 11: every command of the async view waits for a frozen Redis without blocking, and completes on a kaju- thread after it resumes")
  void everyCommandFrozen() throws Exception {
    Cache cache = cache("?timeout=20s");
    // a route with a prefix: clear, getKeysCount and deleteMatch walk SCAN on the bounded executor
    Cache routed = cache("?timeout=20s", Settings.builder().prefix("app:").build());
    AsyncCache a = cache.async();
    AsyncCache r = routed.async();
    cache.set("k", "v");
    cache.incr("n");
    cache.setAdd("tags", null, "x", "y");
    routed.set("app:1", "one");
    String caller = Thread.currentThread().getName();
    Map<String, CompletableFuture<?>> issued = new LinkedHashMap<>();
    Map<String, String> completedOn = new ConcurrentHashMap<>();
    server.pause();
    try {
      Map<String, Supplier<CompletionStage<?>>> commands = new LinkedHashMap<>();
      commands.put("get", () -> a.get("k"));
      commands.put("getMany", () -> a.getMany("k", "missing"));
      commands.put("getRaw", () -> a.getRaw("k"));
      commands.put("set", () -> a.set("s", "v", TTL));
      commands.put("setNX", () -> a.set("s2", "v", TTL, false));
      commands.put("setRaw", () -> a.setRaw("raw", "bytes", TTL));
      commands.put("setMany", () -> a.setMany(Map.of("m1", "a", "m2", "b"), TTL));
      commands.put("incr", () -> a.incr("n"));
      commands.put("incrTtl", () -> a.incr("n2", 1, TTL));
      commands.put("exists", () -> a.exists("k"));
      commands.put("expire", () -> a.expire("k", TTL));
      commands.put("getExpire", () -> a.getExpire("k"));
      commands.put("getSize", () -> a.getSize("k"));
      commands.put("ping", () -> a.ping());
      commands.put("echo", () -> a.ping("hello"));
      commands.put("setLock", () -> a.setLock("L", "me", TTL));
      commands.put("isLocked", () -> a.isLocked("L"));
      commands.put("unlock", () -> a.unlock("L", "me"));
      commands.put("sliceIncr", () -> a.sliceIncr("w", 0, 10, 5, TTL));
      commands.put("incrBits", () -> a.incrBits("b", 4, 1, 0, 1));
      commands.put("getBits", () -> a.getBits("b", 4, 0, 1));
      commands.put("setAdd", () -> a.setAdd("tags", TTL, "z"));
      commands.put("setRemove", () -> a.setRemove("tags", "z"));
      commands.put("setPop", () -> a.setPop("tags", 1));
      commands.put("delete", () -> a.delete("s"));
      commands.put("deleteMany", () -> a.deleteMany("m1", "m2"));
      commands.put("getKeysCount", () -> a.getKeysCount());
      commands.put("routed getKeysCount", () -> r.getKeysCount());
      commands.put("routed deleteMatch", () -> r.deleteMatch("app:nothing*"));
      commands.put("routed clear", () -> r.clear());
      for (Map.Entry<String, Supplier<CompletionStage<?>>> c : commands.entrySet()) {
        CompletableFuture<?> f = c.getValue().get().toCompletableFuture();
        f.whenComplete((v, e) -> completedOn.put(c.getKey(), Thread.currentThread().getName()));
        issued.put(c.getKey(), f);
      }
      assertThat(issued.entrySet())
          .as("commands done while Redis is frozen")
          .noneMatch(e -> e.getValue().isDone());
    } finally {
      server.resume();
    }
    // wait for the callbacks before touching the futures: a thread calling get() on a completed
    // future may run its pending callbacks itself, which would record "main" as the completer
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (completedOn.size() < issued.size() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(completedOn).hasSize(issued.size());
    for (Map.Entry<String, CompletableFuture<?>> e : issued.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).succeedsWithin(Duration.ofSeconds(20));
    }
    completedOn.forEach((command, thread) ->
        assertThat(thread).as("%s completed on", command).startsWith("kaju-redis-").isNotEqualTo(caller));
    assertThat(completedOn.get("routed clear")).as("a SCAN walk runs on the bounded executor").startsWith("kaju-redis-blocking-");
    assertThat((Object) join(a.get("k"))).isEqualTo("v");
    assertThat(join(a.setLock("L", "other", TTL))).as("the lock was released by unlock").isTrue();
    assertThat(join(r.getKeysCount())).as("the routed clear ran").isZero();
  }

  @Test
  @DisplayName("issue 11: a near-cache hit is a completed stage at once; a miss goes to Redis asynchronously and fills the near cache")
  void nearCache() throws Exception {
    Cache cache = cache("?client_side=true");
    AsyncCache async = cache.async();
    cache.set("k", "v");
    assertThat((Object) join(async.get("k"))).as("read from Redis").isEqualTo("v");
    // a read racing the invalidation of the write before it rightly keeps nothing: retry
    NearCacheTest.await("an async read filled the near cache: the next one is done at once", () -> {
      unchecked(() -> join(async.get("k")));
      return async.get("k").toCompletableFuture().isDone();
    });
    assertThat((Object) join(async.get("k"))).isEqualTo("v");

    try (RawRedis other = new RawRedis(server)) {
      other.set("k", RawRedis.bytes("7")); // another client's write: an invalidation
    }
    NearCacheTest.await("the invalidation dropped the near entry", () -> {
      return Long.valueOf(7).equals(unchecked(() -> join(async.get("k"))));
    });
    assertThat(join(async.set("k", "mine"))).isTrue();
    assertThat((Object) join(async.get("k"))).as("read-your-writes through the async path").isEqualTo("mine");
  }

  @Test
  @DisplayName("issue 11: with suppress (default), a dead Redis gives misses, dropped writes and no lock on the async path")
  void deadSuppressed() throws Exception {
    Cache cache = cache("?timeout=500ms");
    AsyncCache a = cache.async();
    cache.set("k", "v");
    server.kill();

    assertThat((Object) join(a.get("k"))).isNull();
    assertThat((Object) join(a.get("k", "no"))).isEqualTo("no");
    assertThat(join(a.getMany("k", "x"))).containsExactly(null, null);
    assertThat((Object) join(a.getRaw("k"))).isNull();
    assertThat(join(a.set("k", "v2"))).isFalse();
    assertThat(join(a.exists("k"))).isFalse();
    assertThat(join(a.incr("n"))).isZero();
    assertThat(join(a.incr("n", 1, TTL))).isZero();
    assertThat(join(a.delete("k"))).isFalse();
    assertThat(join(a.deleteMany("k", "x"))).isZero();
    assertThat(join(a.deleteMatch("*"))).isZero();
    assertThat(join(a.getExpire("k"))).isEqualTo(-2);
    assertThat(join(a.expire("k", TTL))).isFalse();
    assertThat(join(a.getSize("k"))).isZero();
    assertThat(join(a.getKeysCount())).isZero();
    assertThat(join(a.sliceIncr("w", 0, 1, 10, null))).isZero();
    assertThat(join(a.incrBits("b", 1, 1, 0, 1))).containsExactly(0, 0);
    assertThat(join(a.getBits("b", 1, 0, 1))).containsExactly(0, 0);
    assertThat(join(a.setAdd("tags", null, "a"))).isZero();
    assertThat(join(a.setPop("tags", 5))).isEmpty();
    assertThat(join(a.unlock("L", "v"))).isFalse();
    assertThat(join(a.isLocked("L"))).as("cannot tell: held").isTrue();
    assertThat(join(a.setLock("L", "v", TTL))).as("a lock Redis did not confirm is not taken").isFalse();
    assertThat(failure(a.lock("L", TTL, Duration.ZERO))).isInstanceOf(LockedException.class);
    assertThat(failure(a.ping())).as("ping is the health check").isInstanceOf(CacheBackendException.class);
  }

  @Test
  @DisplayName("issue 11: with suppress=false, a dead Redis fails the async stages with CacheBackendException naming command, key and address")
  void deadUnsuppressed() {
    Cache cache = cache("?suppress=false&timeout=500ms");
    AsyncCache a = cache.async();
    cache.set("k", "v");
    server.kill();

    assertThat(failure(a.get("k")))
        .isInstanceOf(CacheBackendException.class)
        .hasMessageContaining("get 'k'")
        .hasMessageContaining(server.url());
    assertThat(failure(a.set("k", "v"))).isInstanceOf(CacheBackendException.class).hasMessageContaining("set 'k'");
    assertThat(failure(a.getMany("k", "x"))).isInstanceOf(CacheBackendException.class);
    assertThat(failure(a.incr("n", 1, TTL))).isInstanceOf(CacheBackendException.class).hasMessageContaining("incr 'n'");
    assertThat(failure(a.setLock("L", "v", TTL))).isInstanceOf(CacheBackendException.class).hasMessageContaining("setLock 'L'");
    assertThat(failure(a.isLocked("L"))).isInstanceOf(CacheBackendException.class);
    assertThat(failure(a.unlock("L", "v"))).isInstanceOf(CacheBackendException.class);
    assertThat(failure(a.getKeysCount())).isInstanceOf(CacheBackendException.class);
    assertThat(failure(a.deleteMatch("*"))).isInstanceOf(CacheBackendException.class).hasMessageContaining("deleteMatch");
    assertThat(failure(a.ping())).isInstanceOf(CacheBackendException.class);
  }

  @Test
  @DisplayName("issue 11: a wrong-kind key is the caller's error on the async path too (IllegalStateException), suppressed or not")
  void wrongKind() throws Exception {
    Cache cache = cache("");
    AsyncCache a = cache.async();
    cache.set("text", "not a number");
    assertThat(failure(a.incr("text"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("integer counter");
    assertThat(failure(a.setAdd("text", null, "m"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a set");
    assertThat(failure(a.incrBits("text", 4, 1, 0))).isInstanceOf(IllegalStateException.class).hasMessageContaining("bit array");
    assertThat((Object) join(a.get("text"))).as("left unchanged").isEqualTo("not a number");
  }

  @Test
  @DisplayName("issue 11: a frozen Redis gives no lock on the async path; the SET NX applied on resume is released by the queued compare-and-delete")
  void frozenLock() throws Exception {
    Cache cache = cache("?timeout=300ms");
    Cache strict = cache("?timeout=300ms&suppress=false");
    assertThat(join(cache.async().setLock("warm", "v", TTL))).isTrue();
    assertThat(join(strict.async().setLock("warm2", "v", TTL))).isTrue();
    server.pause();
    try {
      assertThat(join(cache.async().setLock("L", "v", TTL))).isFalse();
      assertThat(join(cache.async().isLocked("L"))).as("cannot tell: held").isTrue();
      assertThat(failure(strict.async().setLock("L2", "v", TTL))).isInstanceOf(CacheBackendException.class);
    } finally {
      server.resume();
    }
    NearCacheTest.await("no unconfirmed lock is left once Redis resumes", () -> !cache.isLocked("L") && !cache.isLocked("L2"));
    assertThat(join(cache.async().setLock("L", "mine", TTL))).isTrue();
  }

  @Test
  @DisplayName("issue 11: scripts are re-sent after NOSCRIPT on the async path (a flushed script cache)")
  void scriptFlushed() throws Exception {
    Cache cache = cache("?suppress=false");
    AsyncCache a = cache.async();
    assertThat(join(a.incr("n", 1, TTL))).isEqualTo(1);
    assertThat(server.command("SCRIPT FLUSH")).isEqualTo("OK");
    assertThat(join(a.incr("n", 1, TTL))).isEqualTo(2);
    assertThat(join(a.setLock("L", "me", TTL))).isTrue();
    assertThat(server.command("SCRIPT FLUSH")).isEqualTo("OK");
    assertThat(join(a.unlock("L", "me"))).isTrue();
  }

  @Test
  @DisplayName("issue 11: a closed cache fails the async stage instead of leaving it unfinished")
  void closed() {
    Cache cache = Cache.create().setup(server.url() + "?timeout=500ms");
    AsyncCache a = cache.async();
    cache.close();
    assertThatThrownBy(() -> join(a.get("k"))).isInstanceOf(ExecutionException.class);
  }
}
