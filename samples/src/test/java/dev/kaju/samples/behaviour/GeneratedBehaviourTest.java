package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.KeyContext;
import dev.kaju.Settings;
import dev.kaju.contract.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the processor-generated ShopCached against the memory backend. */
@DisplayName("generated @Cached classes, on the memory backend")
class GeneratedBehaviourTest {
  private final FakeTicker ticker = new FakeTicker();
  private final Cache cache = Cache.create().setup("mem://", Settings.builder().ticker(ticker).build());
  private final CountingShop real = new CountingShop();
  private final Shop shop = new ShopCached(real, cache);

  @AfterEach
  void close() {
    cache.close();
  }

  private List<String> keys() {
    return cache.scan("*").sorted().toList();
  }

  // ---- hits and keys ----

  @Test
  @DisplayName("cache-01: the first call runs the method, the next ones are hits until the TTL passes")
  void hitsUntilTtl() {
    assertThat(shop.plain("a", 1)).isEqualTo("plain#1");
    assertThat(shop.plain("a", 1)).isEqualTo("plain#1");
    assertThat(real.calls("plain")).isEqualTo(1);
    assertThat(shop.plain("a", 2)).isEqualTo("plain#2");
    ticker.advance(Duration.ofMinutes(61));
    assertThat(shop.plain("a", 1)).isEqualTo("plain#3");
  }

  @Test
  @DisplayName("key-01/cache-03: the default key is <interface>.<method>:<param>:{param}")
  void defaultKey() {
    shop.plain("a", 1);
    assertThat(keys()).containsExactly("dev.kaju.samples.behaviour.Shop.plain:a:a:b:1");
    assertThat(cache.getExpire(keys().get(0))).isEqualTo(3600);
  }

  @Test
  @DisplayName("key-08: nested properties through record components; an intermediate null renders empty")
  void nestedProperties() {
    shop.nested(new Shop.User("ada", new Shop.Profile("Ada@Example.com", 36, true)));
    shop.nested(new Shop.User("bob", null));
    shop.nested(null);
    assertThat(keys()).containsExactlyInAnyOrder("user:ada:ada@example.com:36", "user:bob::", "user:::");
  }

  @Test
  @DisplayName("fmt-01/03/05/08: upper, len and hashes of the rendered value")
  void builtinFormatters() {
    shop.formatters("test");
    assertThat(keys())
        .containsExactly(
            "fmt:TEST:4:098f6bcd4621d373cade4e832627b4f6:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3:"
                + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  @Test
  @DisplayName("fmt-07: jwt(claim) reads a claim of the token's payload")
  void jwt() {
    shop.jwt("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoidGVzdCJ9.n75bGYyTTLrDSdBGGUMcVK3Z0eT4rKd1qhbjIjEIhqs");
    assertThat(keys()).containsExactly("jwt:test");
    assertThatThrownBy(() -> shop.jwt("not-a-token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JWT");
    assertThat(real.calls("jwt")).isEqualTo(1);
  }

  @Test
  @DisplayName("ctx-01/04: {@:get(name)} reads the KeyContext; outside it the call fails (Issue10Test)")
  void keyContext() {
    try (KeyContext.Scope s = KeyContext.with("client_id", 135356)) {
      shop.context(1);
      try (KeyContext.Scope inner = KeyContext.with("client_id", 7)) {
        shop.context(1);
      }
      shop.context(2);
    }
    assertThat(keys()).containsExactlyInAnyOrder("ctx:135356:1", "ctx:7:1", "ctx:135356:2");
  }

  @Test
  @DisplayName("key-09/19: booleans, enums, collections, Optional, null and doubles render one fixed way")
  void renderings() {
    shop.kinds(true, Shop.Color.RED, Arrays.asList(1, "x", null, true), Optional.of("m"), null, 1.5);
    shop.kinds(false, Shop.Color.BLUE, List.of(), Optional.empty(), "n", 2.0);
    assertThat(keys()).containsExactlyInAnyOrder("kinds:true:RED:1:x::true:m::1.5", "kinds:false:BLUE:::n:2.0");
  }

  @Test
  @DisplayName("key-17/fmt-06: per-type and named @KeyFormatter methods")
  void customFormatters() {
    shop.money(new Shop.Money(1999, "EUR"), "ab");
    shop.money(null, null);
    assertThat(keys()).containsExactlyInAnyOrder("money:1999EUR:ABABAB", "money::");
  }

  @Test
  @DisplayName("fmt-04: a formatter argument may itself be a placeholder")
  void placeholderArguments() {
    String token = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoidGVzdCIsInJvbGUiOiJhZG1pbiJ9.sig";
    shop.formatterArguments("test", "md5", token, "role", 2);
    shop.formatterArguments("test", "sha1", token, "user", 1);
    assertThat(keys())
        .containsExactlyInAnyOrder(
            "args:098f6bcd4621d373cade4e832627b4f6:admin:TESTTEST",
            "args:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3:test:TEST");
    assertThatThrownBy(() -> shop.formatterArguments("test", "crc", token, "user", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown hash algorithm 'crc'");
  }

  @Test
  @DisplayName("key-07: prefix versions keys")
  void prefix() {
    shop.versioned(42);
    assertThat(keys()).containsExactly("v2:versioned:42");
  }

  // ---- conditions ----

  @Test
  @DisplayName("cond-01: a null result is cached by default")
  void nullCached() {
    assertThat(shop.nullable(1)).isNull();
    assertThat(shop.nullable(1)).isNull();
    assertThat(real.calls("nullable")).isEqualTo(1);
  }

  @Test
  @DisplayName("cond-02: NOT_NULL does not store null, nor an empty Optional")
  void notNull() {
    shop.notNull(1);
    shop.notNull(1);
    assertThat(real.calls("notNull")).isEqualTo(2);
    shop.optional(1);
    shop.optional(1);
    assertThat(real.calls("optional")).isEqualTo(2);
  }

  @Test
  @DisplayName("cond-03: a condition method decides what is stored (calls ok, notok, hit, hit: 1, 2, 3, 3)")
  void conditionMethod() {
    List<Integer> counts = new ArrayList<>();
    for (String v : List.of("ok", "notok", "hit", "hit")) {
      shop.conditioned(v);
      counts.add(real.calls("conditioned"));
    }
    assertThat(counts).containsExactly(1, 2, 3, 3);
    counts.clear();
    for (String v : List.of("ok", "notok", "hit", "hit")) {
      shop.asyncConditioned(v).join();
      counts.add(real.calls("asyncConditioned"));
    }
    assertThat(counts).as("the same for a CompletableFuture method").containsExactly(1, 2, 3, 3);
  }

  @Test
  @DisplayName("cond-04/05: listed exceptions are cached and thrown again (ok, ok, custom, custom, other: 3 calls)")
  void cacheExceptions() {
    assertThat(shop.withExceptions("ok")).isEqualTo("ok");
    assertThat(shop.withExceptions("ok")).isEqualTo("ok");
    assertThatThrownBy(() -> shop.withExceptions("custom")).isInstanceOf(Shop.CustomError.class).hasMessage("custom failure");
    assertThatThrownBy(() -> shop.withExceptions("custom")).isInstanceOf(Shop.CustomError.class).hasMessage("custom failure");
    assertThat(real.calls("withExceptions")).isEqualTo(2);
    assertThatThrownBy(() -> shop.withExceptions("other")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> shop.withExceptions("other")).isInstanceOf(IllegalStateException.class);
    assertThat(real.calls("withExceptions")).isEqualTo(4);
  }

  @Test
  @DisplayName("cond-06: onlyExceptions caches the listed exceptions and no normal result")
  void onlyExceptions() {
    shop.onlyExceptions("ok");
    shop.onlyExceptions("ok");
    assertThatThrownBy(() -> shop.onlyExceptions("custom")).isInstanceOf(Shop.CustomError.class);
    assertThatThrownBy(() -> shop.onlyExceptions("custom")).isInstanceOf(Shop.CustomError.class);
    assertThat(real.calls("onlyExceptions")).isEqualTo(3);
  }

  @Test
  @DisplayName("a cached checked exception comes back as the same type and message")
  void checkedException() {
    assertThatThrownBy(() -> shop.checked("x")).isInstanceOf(IOException.class).hasMessage("disk on fire");
    assertThatThrownBy(() -> shop.checked("x")).isInstanceOf(IOException.class).hasMessage("disk on fire");
    assertThat(real.calls("checked")).isEqualTo(1);
  }

  @Test
  @DisplayName("cond-12: timeCondition stores only results slower than the threshold")
  void timeCondition() {
    shop.timed(1);
    shop.timed(1);
    assertThat(real.calls("timed")).isEqualTo(2);
    shop.timed(150);
    shop.timed(150);
    assertThat(real.calls("timed")).isEqualTo(3);
  }

  // ---- TTLs ----

  @Test
  @DisplayName("a method's ttl overrides the interface's")
  void methodTtl() {
    shop.shortLived(1);
    assertThat(cache.getExpire("short:1")).isEqualTo(10);
    ticker.advance(Duration.ofSeconds(11));
    shop.shortLived(1);
    assertThat(real.calls("shortLived")).isEqualTo(2);
  }

  @Test
  @DisplayName("ttl-08/10: ttlMethod computes the TTL per call, as a Duration or as text")
  void ttlMethod() {
    shop.dynamicTtl(true);
    shop.dynamicTtl(false);
    shop.textTtl(1);
    assertThat(cache.getExpire("dyn:true")).isEqualTo(7200);
    assertThat(cache.getExpire("dyn:false")).isEqualTo(300);
    assertThat(cache.getExpire("dyn2:1")).isEqualTo(90);
  }

  // ---- lock and async ----

  @Test
  @DisplayName("cache-04: lock = true makes concurrent misses of one key call the method once")
  void lock() throws Exception {
    assertThat(concurrentCalls("locked", shop::locked)).isEqualTo(1);
    assertThat(concurrentCalls("unlocked", shop::unlocked)).isEqualTo(4);
  }

  private int concurrentCalls(String method, java.util.function.IntFunction<String> call) throws Exception {
    int threads = 4;
    real.gate = new CountDownLatch(1);
    List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r);
      workers.add(t);
      return t;
    });
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> call.apply(7)));
      }
      // every thread has reached the miss: each is in the method (held at the gate) or, with lock = true,
      // one is and the others wait for its result
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!allArrived(method, threads, workers) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(allArrived(method, threads, workers)).as("all threads reached the miss").isTrue();
      real.gate.countDown();
      List<String> values = new ArrayList<>();
      for (Future<String> f : results) {
        values.add(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(values).hasSize(threads);
      if (method.equals("locked")) {
        assertThat(values).containsOnly(values.get(0));
      }
      return real.calls(method);
    } finally {
      real.gate = null;
      pool.shutdownNow();
    }
  }

  private boolean allArrived(String method, int threads, List<Thread> workers) {
    int inside = real.calls(method);
    if (inside == threads) {
      return true;
    }
    if (inside != 1 || workers.size() < threads) {
      return false;
    }
    long parked = workers.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
    return parked == threads; // one at the gate, the others waiting for its result
  }

  @Test
  @DisplayName("CompletableFuture: a hit is already complete; concurrent misses share one call")
  void async() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    real.pending = pending;
    CompletableFuture<String> first = shop.async(1);
    CompletableFuture<String> second = shop.async(1);
    assertThat(real.calls("async")).isEqualTo(1);
    assertThat(first).isNotDone();
    pending.complete("computed");
    assertThat(first).isCompletedWithValue("computed");
    assertThat(second).isCompletedWithValue("computed");
    real.pending = null;
    CompletableFuture<String> hit = shop.async(1);
    assertThat(hit).isCompletedWithValue("computed");
    assertThat(real.calls("async")).isEqualTo(1);
  }

  @Test
  @DisplayName("CompletionStage: a listed exception is cached as a failed stage")
  void asyncException() {
    CompletableFuture<String> first = shop.stage(3).toCompletableFuture();
    assertThatThrownBy(first::join).hasCauseInstanceOf(Shop.CustomError.class).hasMessageContaining("stage failed 3");
    CompletableFuture<String> second = shop.stage(3).toCompletableFuture();
    assertThat(second).isCompletedExceptionally();
    assertThatThrownBy(second::join).hasCauseInstanceOf(Shop.CustomError.class).hasMessageContaining("stage failed 3");
    assertThat(real.calls("stage")).isEqualTo(1);
  }

  // ---- shapes ----

  @Test
  @DisplayName("primitives, lists and generic methods are cached with their types")
  void shapes() {
    assertThat(shop.primitive(3)).isEqualTo(3000L);
    assertThat(shop.primitive(3)).isEqualTo(3000L);
    assertThat(shop.list(1)).containsExactly("a");
    assertThat(shop.list(1)).containsExactly("a");
    String s = shop.generic("x");
    Integer i = shop.generic(5);
    assertThat(s).isEqualTo("x");
    assertThat(i).isEqualTo(5);
    assertThat(shop.<String>generic("x")).isEqualTo("x");
    assertThat(real.calls("primitive") + real.calls("list") + real.calls("generic")).isEqualTo(4);
  }

  @Test
  @DisplayName("a generic interface gets a generic generated class")
  void genericInterface() {
    int[] calls = {0};
    Repository<String, Long> repo = new RepositoryCached<>(id -> "item" + id + "#" + (++calls[0]), cache);
    assertThat(repo.find(5L)).isEqualTo("item5#1");
    assertThat(repo.find(5L)).isEqualTo("item5#1");
    assertThat(keys()).contains("repo:5");
  }

  @Test
  @DisplayName("unannotated and default methods call the delegate every time")
  void delegation() {
    shop.notCached("a");
    shop.notCached("a");
    assertThat(real.calls("notCached")).isEqualTo(2);
    assertThat(shop.greet("x")).isEqualTo("hi x");
    assertThat(real.calls("greet")).isEqualTo(1);
    assertThat(cache.getKeysCount()).isZero();
  }

  @Test
  @DisplayName("det-01/04: detect reports the strategy and TTL of generated calls, and their hits")
  void detect() {
    shop.shortLived(1);
    try (dev.kaju.Detect d = cache.detect()) {
      shop.shortLived(1);
      shop.shortLived(2);
      assertThat(d.calls().get("short:1"))
          .singleElement()
          .satisfies(c -> {
            assertThat(c.hit()).isTrue();
            assertThat(c.strategy()).isEqualTo("simple");
            assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.backend()).isEqualTo("mem://");
          });
      assertThat(d.calls().get("short:2")).first().satisfies(c -> assertThat(c.hit()).isFalse());
    }
  }

  @Test
  @DisplayName("dis-08/12: with the cache disabled every call runs the method")
  void disabled() {
    try (Cache.Scope off = cache.disabling()) {
      shop.plain("a", 1);
      shop.plain("a", 1);
    }
    assertThat(real.calls("plain")).isEqualTo(2);
    assertThat(cache.getKeysCount()).isZero();
  }
}
