package dev.kaju;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.spi.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("controls around every command: disable, middlewares, callbacks, detect")
class ControlTest {
  private Cache cache = Cache.create().setup("mem://");

  @AfterEach
  void close() {
    cache.close();
  }

  private Cache withMiddlewares(Middleware... middlewares) {
    cache.close();
    cache = Cache.create().setup("mem://", Settings.builder().middlewares(middlewares).build());
    return cache;
  }

  // ---- disable / enable ----

  @Test
  @DisplayName("dis-01: a disabled INCR does nothing; enabled again it counts")
  void disableIncr() {
    cache.set("key", 10L);
    cache.disable(Command.INCR);
    assertThat(cache.incr("key")).isZero();
    assertThat((Object) cache.get("key")).isEqualTo(10L);
    cache.enable(Command.INCR);
    assertThat(cache.incr("key")).isEqualTo(11);
  }

  @Test
  @DisplayName("dis-02..04: isDisabled for one command, any command, every command")
  void isDisabled() {
    assertThat(cache.isDisabled()).isFalse();
    assertThat(cache.isDisabled(Command.GET)).isFalse();
    cache.disable(Command.GET);
    assertThat(cache.isDisabled()).isTrue();
    assertThat(cache.isDisabled(Command.GET)).isTrue();
    assertThat(cache.isDisabled(Command.SET)).isFalse();
    cache.enable();
    cache.disable();
    for (Command c : Command.values()) {
      assertThat(cache.isDisabled(c)).as(c.name()).isTrue();
    }
  }

  @Test
  @DisplayName("dis-17: disabled commands return the empty answer of their type")
  void disabledResults() {
    cache.set("k", "v");
    cache.setAdd("s", null, "a");
    cache.disable();
    assertThat((Object) cache.get("k")).isNull();
    assertThat((Object) cache.get("k", "dflt")).isEqualTo("dflt");
    assertThat(cache.set("k", "w")).isFalse();
    assertThat(cache.exists("k")).isFalse();
    assertThat(cache.delete("k")).isFalse();
    assertThat(cache.getMany("k", "x")).containsExactly(null, null);
    assertThat(cache.getExpire("k")).isEqualTo(-2);
    assertThat(cache.scan("*")).isEmpty();
    assertThat(cache.getBits("b", 1, 0, 1)).containsExactly(0, 0);
    assertThat(cache.setPop("s", 1)).isEmpty();
    cache.enable();
    assertThat((Object) cache.get("k")).isEqualTo("v");
    assertThat(cache.setPop("s", 1)).containsExactly("a");
  }

  @Test
  @DisplayName("dis-05/06: disabling() is a scope; everything disabled makes get a miss")
  void disablingScope() {
    cache.set("key", 10L);
    try (Cache.Scope s = cache.disabling(Command.INCR)) {
      cache.incr("key");
      assertThat(cache.isDisabled(Command.INCR)).isTrue();
    }
    assertThat((Object) cache.get("key")).isEqualTo(10L);
    assertThat(cache.isDisabled(Command.INCR)).isFalse();
    try (Cache.Scope s = cache.disabling()) {
      assertThat((Object) cache.get("key")).isNull();
    }
    assertThat((Object) cache.get("key")).isEqualTo(10L);
  }

  @Test
  @DisplayName("dis-11: disabling() applies to its own thread only")
  void disablingIsThreadLocal() throws Exception {
    try (Cache.Scope s = cache.disabling(Command.SET)) {
      CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> cache.set("test", "3"));
      assertThat(other.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(cache.set("mine", "x")).isFalse();
    }
    assertThat((Object) cache.get("test")).isEqualTo("3");
    assertThat(cache.exists("mine")).isFalse();
  }

  @Test
  @DisplayName("getOrSet under a disabled GET recomputes each time but still writes (dis-13)")
  void disabledGetStillWrites() {
    cache.disable(Command.GET);
    int[] calls = {0};
    cache.getOrSet("k", () -> ++calls[0], "1h");
    cache.getOrSet("k", () -> ++calls[0], "1h");
    assertThat(calls[0]).isEqualTo(2);
    cache.enable(Command.GET);
    assertThat((Object) cache.get("k")).isEqualTo(2);
  }

  @Test
  @DisplayName("a disabled SET_LOCK never hands out a lock: lock() throws LockedException (it failed open before)")
  void disabledLockNeverFailsOpen() {
    cache.disable(Command.SET_LOCK);
    assertThatThrownBy(() -> cache.lock("job", Duration.ofSeconds(5), Duration.ZERO))
        .isInstanceOf(dev.kaju.LockedException.class)
        .hasMessageContaining("SET_LOCK is disabled");
    assertThat(cache.isLocked("job")).isFalse();
  }

  // ---- middlewares ----

  @Test
  @DisplayName("mw-09: middlewares run in order, the first outermost, around every command")
  void middlewareOrder() {
    List<String> trace = new ArrayList<>();
    Middleware m1 = (call, chain) -> {
      trace.add("m1>" + call.command());
      Object r = chain.proceed(call);
      trace.add("m1<" + call.command());
      return r;
    };
    Middleware m2 = (call, chain) -> {
      trace.add("m2>" + call.command());
      Object r = chain.proceed(call);
      trace.add("m2<" + call.command());
      return r;
    };
    withMiddlewares(m1, m2);
    cache.set("k", "v");
    assertThat((Object) cache.get("k")).isEqualTo("v");
    assertThat(trace)
        .containsExactly("m1>SET", "m2>SET", "m2<SET", "m1<SET", "m1>GET", "m2>GET", "m2<GET", "m1<GET");
    trace.clear();
    cache.ping();
    cache.deleteMatch("*");
    assertThat(trace).contains("m1>PING", "m1>DELETE_MATCH");
  }

  @Test
  @DisplayName("a middleware reads a call's key, value and TTL by name, whatever the command")
  void typedAccess() {
    List<Command.Call<?>> calls = new ArrayList<>();
    withMiddlewares((call, chain) -> {
      calls.add(call);
      return chain.proceed(call);
    });
    cache.set("k", "v", Duration.ofSeconds(30));
    cache.expire("k", Duration.ofSeconds(40));
    cache.incr("n", 2, Duration.ofSeconds(50));
    cache.getMany("k", "n");
    cache.deleteMatch("k*");
    assertThat(calls).containsExactly(
        new Command.Set("k", "v", Duration.ofSeconds(30), Backend.SetMode.ALWAYS),
        new Command.Expire("k", Duration.ofSeconds(40)),
        new Command.Incr("n", 2, Duration.ofSeconds(50)),
        new Command.GetMany(List.of("k", "n")),
        new Command.DeleteMatch("k*"));
    Command.Set set = (Command.Set) calls.get(0);
    assertThat(set.key()).isEqualTo("k");
    assertThat(set.value()).isEqualTo("v");
    assertThat(set.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(calls.get(4).pattern()).isEqualTo("k*");
    assertThat(calls.get(3).key()).isNull();
  }

  @Test
  @DisplayName("a middleware may change a call: a TTL cap rewrites SETs with a copy (withTtl)")
  void rewriteTtl() {
    Duration cap = Duration.ofMinutes(5);
    withMiddlewares((call, chain) -> call instanceof Command.Set set && (set.ttl() == null || set.ttl().compareTo(cap) > 0)
        ? chain.proceed(set.withTtl(cap))
        : chain.proceed(call));
    cache.set("forever", "v");
    cache.set("short", "v", Duration.ofSeconds(10));
    assertThat(cache.getExpire("forever")).isEqualTo(300);
    assertThat(cache.getExpire("short")).isEqualTo(10);
  }

  @Test
  @DisplayName("mw-01..06: Middleware.addPrefix prefixes keys and patterns of every command, not ping")
  void addPrefix() {
    List<Command.Call<?>> seen = new ArrayList<>();
    Middleware spy = (call, chain) -> {
      seen.add(call);
      return chain.proceed(call);
    };
    withMiddlewares(Middleware.addPrefix("prefix!"), spy);
    cache.set("key", "value");
    assertThat((Object) cache.get("key")).isEqualTo("value");
    assertThat(cache.getMany("key", "no")).containsExactly("value", null);
    cache.setMany(Map.of("key2", "v2"), (Duration) null);
    assertThat(cache.ping()).isEqualTo("PONG");
    assertThat(cache.deleteMany("key2")).isEqualTo(1);
    assertThat(seen).containsExactly(
        new Command.Set("prefix!key", "value", null, Backend.SetMode.ALWAYS),
        new Command.Get("prefix!key"),
        new Command.GetMany(List.of("prefix!key", "prefix!no")),
        new Command.SetMany(Map.of("prefix!key2", "v2"), null),
        new Command.Ping("PING"),
        new Command.DeleteMany(List.of("prefix!key2")));
    // patterns get the prefix too; results keep it, as in cashews (q-04)
    assertThat(cache.scan("*").toList()).containsExactly("prefix!key");
    assertThat(cache.deleteMatch("k*")).isEqualTo(1);
    assertThat(cache.exists("key")).isFalse();
  }

  @Test
  @DisplayName("addPrefix puts its prefix into patterns literally: a prefix with '*' matches only itself")
  void addPrefixLiteral() {
    List<Command.Call<?>> seen = new ArrayList<>();
    withMiddlewares(Middleware.addPrefix("a*"), (call, chain) -> {
      seen.add(call);
      return chain.proceed(call);
    });
    cache.set("x1", "v");
    assertThat(cache.deleteMatch("x*")).isEqualTo(1);
    assertThat(seen).containsExactly(
        new Command.Set("a*x1", "v", null, Backend.SetMode.ALWAYS), new Command.DeleteMatch("a\\*x*"));
    assertThat(dev.kaju.spi.GlobPattern.compile("a\\*x*").matches("abx1")).isFalse();
  }

  @Test
  @DisplayName("mw-12: Middleware.allKeysLower lower-cases keys and patterns, multi-key commands included")
  void allKeysLower() {
    withMiddlewares(Middleware.allKeysLower());
    cache.set("User:ADA", "v");
    cache.setMany(Map.of("User:BOB", "w"), (Duration) null);
    assertThat((Object) cache.get("user:ada")).isEqualTo("v");
    assertThat(cache.getMany("USER:Bob")).containsExactly("w");
    assertThat(cache.scan("USER:*").sorted().toList()).containsExactly("user:ada", "user:bob");
    assertThat(cache.deleteMany("USER:ADA", "user:BOB")).isEqualTo(2);
  }

  @Test
  @DisplayName("a middleware may answer without the backend")
  void shortCircuit() {
    withMiddlewares((call, chain) -> call instanceof Command.Get ? "from middleware" : chain.proceed(call));
    assertThat((Object) cache.get("anything")).isEqualTo("from middleware");
    withMiddlewares((call, chain) -> call.disabled()); // every command answers as if disabled
    assertThat(cache.set("k", "v")).isFalse();
    assertThat(cache.getExpire("k")).isEqualTo(-2);
  }

  @Test
  @DisplayName("a middleware that throws reaches the caller and leaves the backend intact")
  void throwingMiddleware() {
    AtomicBoolean fail = new AtomicBoolean();
    withMiddlewares((call, chain) -> {
      if (fail.get() && call.command() == Command.SET) {
        throw new IllegalStateException("boom");
      }
      return chain.proceed(call);
    });
    cache.set("k", "v1");
    fail.set(true);
    assertThatThrownBy(() -> cache.set("k", "v2")).hasMessage("boom");
    assertThat((Object) cache.get("k")).isEqualTo("v1");
  }

  @Test
  @DisplayName("a middleware that throws on UNLOCK does not leave the lock held")
  void throwingOnUnlock() {
    withMiddlewares((call, chain) -> {
      if (call instanceof Command.Unlock) {
        throw new IllegalStateException("unlock middleware failed");
      }
      return chain.proceed(call);
    });
    Cache.Lock lock = cache.lock("job", Duration.ofMinutes(5));
    assertThat(cache.isLocked("job")).isTrue();
    assertThatThrownBy(lock::close).hasMessage("unlock middleware failed");
    assertThat(cache.isLocked("job")).isFalse();
  }

  @Test
  @DisplayName("a middleware that throws after SET_LOCK took the lock does not leave it held")
  void throwingAfterSetLock() {
    withMiddlewares((call, chain) -> {
      Object r = chain.proceed(call);
      if (call instanceof Command.SetLock) {
        throw new IllegalStateException("after set_lock");
      }
      return r;
    });
    assertThatThrownBy(() -> cache.lock("job", Duration.ofMinutes(5))).hasMessage("after set_lock");
    assertThat(cache.isLocked("job")).isFalse();
  }

  @Test
  @DisplayName("a middleware returning the wrong type gets a message naming the command")
  void wrongType() {
    withMiddlewares((call, chain) -> call.command() == Command.SET ? "yes" : chain.proceed(call));
    assertThatThrownBy(() -> cache.set("k", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a middleware returned a java.lang.String for SET; it must return a Boolean");
  }

  @Test
  @DisplayName("a middleware sees the backend it wraps")
  void seesBackend() {
    List<Backend> seen = new ArrayList<>();
    withMiddlewares((call, chain) -> {
      seen.add(chain.backend());
      return chain.proceed(call);
    });
    cache.exists("x");
    assertThat(seen).hasSize(1).allSatisfy(b -> assertThat(b.ping("hi")).isEqualTo("hi"));
  }

  // ---- callbacks ----

  record Heard(Command command, String key, Object result) {}

  @Test
  @DisplayName("hook-01/02: a SET callback hears each set once, and no get")
  void callbackOnSet() {
    List<Heard> heard = new ArrayList<>();
    try (Cache.Scope s = cache.callback((c, k, r) -> heard.add(new Heard(c, k, r)), Command.SET)) {
      cache.set("test", "value");
      cache.get("test");
    }
    cache.set("after", 1);
    assertThat(heard).containsExactly(new Heard(Command.SET, "test", true));
  }

  @Test
  @DisplayName("hook-03: callbacks hear false results too; pattern commands report the pattern")
  void callbackResults() {
    List<Heard> heard = new ArrayList<>();
    cache.set("x", 1);
    try (Cache.Scope s = cache.callback((c, k, r) -> heard.add(new Heard(c, k, r)), Command.DELETE, Command.DELETE_MATCH, Command.GET_MANY)) {
      cache.delete("nokey");
      cache.delete("x");
      cache.deleteMatch("a*");
      cache.set("a", "A");
      cache.getMany("a", "b");
    }
    assertThat(heard)
        .containsExactly(
            new Heard(Command.DELETE, "nokey", false),
            new Heard(Command.DELETE, "x", true),
            new Heard(Command.DELETE_MATCH, "a*", 0L),
            new Heard(Command.GET_MANY, "a", "A"),
            new Heard(Command.GET_MANY, "b", null));
  }

  @Test
  @DisplayName("a callback that throws is logged; the command's result stands")
  void throwingCallback() {
    try (Cache.Scope s = cache.callback((c, k, r) -> { throw new IllegalStateException("callback boom"); })) {
      assertThat(cache.set("k", "v")).isTrue();
      assertThat((Object) cache.get("k")).isEqualTo("v");
    }
  }

  // ---- detect ----

  @Test
  @DisplayName("det-01: detect records per key whether a read hit, and which backend answered")
  void detect() {
    try (Detect d = cache.detect()) {
      cache.get("key");
      cache.set("key", 1);
      cache.get("key");
      assertThat(d.calls().keySet()).containsExactly("key");
      assertThat(d.list())
          .extracting(Detect.Call::command, Detect.Call::hit)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Command.GET, false),
              org.assertj.core.groups.Tuple.tuple(Command.SET, false),
              org.assertj.core.groups.Tuple.tuple(Command.GET, true));
      assertThat(d.list()).allSatisfy(c -> assertThat(c.backend()).isEqualTo("mem://"));
    }
  }

  @Test
  @DisplayName("det-03: nested detectors: the inner sees its own calls, the outer sees all")
  void nestedDetect() {
    try (Detect outer = cache.detect()) {
      cache.get("a");
      try (Detect inner = cache.detect()) {
        cache.get("b");
        assertThat(inner.calls().keySet()).containsExactly("b");
      }
      cache.get("c");
      assertThat(outer.calls().keySet()).containsExactly("a", "b", "c");
    }
  }

  @Test
  @DisplayName("detect sees only its own thread")
  void detectThreadLocal() throws Exception {
    try (Detect d = cache.detect()) {
      CompletableFuture.runAsync(() -> cache.get("elsewhere")).get(5, TimeUnit.SECONDS);
      cache.get("here");
      assertThat(d.calls().keySet()).containsExactly("here");
    }
  }

  @Test
  @DisplayName("the backend name in detect carries the prefix and hides passwords")
  void detectBackendName() {
    cache.setup("mem://", Settings.builder().prefix("user").build());
    try (Detect d = cache.detect()) {
      cache.get("user:1");
      assertThat(d.list().get(0).backend()).isEqualTo("mem:// [prefix user]");
    }
  }
}
