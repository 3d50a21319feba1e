package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.LockedException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Redis killed, paused and restarted under a running cache (cashews rd-01, rd-02). */
class RedisOutageTest {
  private RedisServer server;
  private Cache cache;

  @BeforeEach
  void start() {
    server = RedisServer.start();
  }

  @AfterEach
  void stop() {
    if (cache != null) {
      cache.close();
    }
    server.close();
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      RedisServer.sleep(50);
    }
  }

  @Test
  @DisplayName("rd-01: with suppress (default) a dead Redis gives misses and dropped writes, then recovers")
  void suppressed() {
    cache = Cache.create().setup(server.url() + "?timeout=500ms");
    cache.set("k", "v");
    cache.setAdd("tags", null, "a");
    server.kill();

    assertThat((Object) cache.get("k")).isNull();
    assertThat((Object) cache.get("k", "no")).isEqualTo("no");
    assertThat(cache.getMany("k", "x")).containsExactly(null, null);
    assertThat((Object) cache.getRaw("k")).isNull();
    assertThat(cache.set("k", "v2")).isFalse();
    assertThat(cache.exists("k")).isFalse();
    assertThat(cache.incr("n")).isZero();
    assertThat(cache.delete("k")).isFalse();
    assertThat(cache.deleteMatch("*")).isZero();
    assertThat(cache.scan("*").collect(Collectors.toList())).isEmpty();
    assertThat(cache.getMatch("*").collect(Collectors.toList())).isEmpty();
    assertThat(cache.getExpire("k")).isEqualTo(-2);
    assertThat(cache.isLocked("lock")).as("cannot tell: held").isTrue();
    assertThat(cache.sliceIncr("w", 0, 1, 10, null)).isZero();
    assertThat(cache.getBits("b", 1, 0, 1)).containsExactly(0, 0);
    assertThat(cache.setPop("tags", 5)).isEmpty();
    assertThat(cache.getKeysCount()).isZero();
    // the decorated-method path: getOrSet computes and returns the direct result
    assertThat((Object) cache.getOrSet("g", () -> "direct", Duration.ofSeconds(10))).isEqualTo("direct");
    // a lock Redis did not confirm is not taken (issue 10: it used to fail open)
    assertThat(cache.setLock("L", "v", Duration.ofSeconds(10))).isFalse();
    assertThatThrownBy(() -> cache.lock("L", Duration.ofSeconds(10), Duration.ZERO)).isInstanceOf(LockedException.class);
    // ping is the health check: it reports the failure
    assertThatThrownBy(cache::ping).isInstanceOf(CacheBackendException.class);

    server.restart();
    await("the cache writes again after the restart", () -> cache.set("k", "back"));
    assertThat((Object) cache.get("k")).isEqualTo("back");
    assertThat(cache.incr("n")).isEqualTo(1);
  }

  @Test
  @DisplayName("rd-02: with suppress=false a dead Redis throws CacheBackendException, then recovers")
  void unsuppressed() {
    cache = Cache.create().setup(server.url() + "?suppress=false&timeout=500ms");
    cache.set("k", "v");
    server.kill();
    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(CacheBackendException.class)
        .hasMessageContaining("get 'k'")
        .hasMessageContaining(server.url());
    assertThatThrownBy(() -> cache.set("k", "v")).isInstanceOf(CacheBackendException.class);
    assertThatThrownBy(() -> cache.scan("*").count()).isInstanceOf(CacheBackendException.class);
    assertThatThrownBy(cache::ping).isInstanceOf(CacheBackendException.class);

    server.restart();
    await("the cache writes again after the restart", () -> {
      try {
        return cache.set("k", "back");
      } catch (CacheBackendException e) {
        return false;
      }
    });
    assertThat((Object) cache.get("k")).isEqualTo("back");
  }

  @Test
  @DisplayName("a cache set up while Redis is down works once Redis comes up")
  void createdWhileDown() throws Exception {
    int port = server.port();
    server.close();
    cache = Cache.create().setup("redis://127.0.0.1:" + port + "?timeout=500ms");
    assertThat((Object) cache.get("k")).isNull();
    assertThat(cache.set("k", "v")).isFalse();

    server = RedisServer.startOn(port);
    await("the cache connects in the background", () -> cache.set("k", "v"));
    assertThat((Object) cache.get("k")).isEqualTo("v");
  }

  @Test
  @DisplayName("a Redis slower than timeout gives misses no sooner than timeout, and answers again when it resumes")
  void slow() {
    cache = Cache.create().setup(server.url() + "?timeout=300ms");
    cache.set("k", "v");
    server.pause(); // SIGSTOP: the connection stays open, nothing answers
    try {
      long t0 = System.nanoTime();
      assertThat((Object) cache.get("k")).isNull();
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      // Lettuce's timer never fires early; the upper bound only says the read does not hang
      assertThat(tookMs).as("the read gave up after %d ms", tookMs).isBetween(290L, 10_000L);
      assertThat(cache.set("k", "v2")).as("a write to a frozen Redis reports false").isFalse();
    } finally {
      server.resume();
    }
    await("the cache reads again", () -> cache.get("k") != null);
  }
}
