package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** client_side=true: the near cache, its invalidation by client tracking, and its behaviour on a dropped connection. */
class NearCacheTest {
  private RedisServer server;
  private RawRedis raw;
  private Cache near;
  private Cache other;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    raw = new RawRedis(server);
    near = Cache.create().setup(server.url() + "?client_side=true&timeout=300ms&client_name=near");
    other = Cache.create().setup(server.url() + "?suppress=false");
    awaitTracking();
  }

  @AfterEach
  void stop() {
    near.close();
    other.close();
    raw.close();
    server.close();
  }

  /** Waits until the connection named {@code near} tracks keys and the near cache serves again. */
  private void awaitTracking() {
    await("client tracking is on", () -> trackingClientId() >= 0);
    // the backend marks itself ready right after the server's answer: wait until a read is kept
    await("the near cache serves", () -> {
      near.get("probe");
      long before = SilentPartitionTest.calls(server, "mget");
      near.get("probe");
      return SilentPartitionTest.calls(server, "mget") == before;
    });
  }

  /** The id of the connection named {@code near} when it tracks keys, else -1. */
  private long trackingClientId() {
    for (String line : raw.redis().clientList().split("\n")) {
      if (field(line, "name").equals("near") && field(line, "flags").contains("t")) {
        return Long.parseLong(field(line, "id"));
      }
    }
    return -1;
  }

  private static String field(String line, String name) {
    for (String part : line.trim().split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    return "";
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      RedisServer.sleep(20);
    }
  }

  /**
   * Lets the invalidations of earlier writes arrive. A read whose token an invalidation removes
   * keeps nothing (the safe side of the race), so a read meant to fill the near cache waits for
   * the pushes of the writes before it.
   */
  private static void settle() {
    RedisServer.sleep(100);
  }

  /**
   * Reads {@code key} twice and returns the second answer once it came from the near cache: Redis
   * ran no MGET for it (only {@code near} reads; {@code other} only writes). Retries until a
   * deadline, since a read that races an invalidation rightly keeps nothing; fails when no read
   * is ever served locally.
   */
  private Object servedLocally(String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() - deadline < 0) {
      near.get(key); // fills the near cache
      long before = SilentPartitionTest.calls(server, "mget");
      Object v = near.get(key);
      if (SilentPartitionTest.calls(server, "mget") == before) {
        return v;
      }
      settle();
    }
    throw new AssertionError("'" + key + "' was never served from the near cache");
  }

  @Test
  @DisplayName("a read is served locally afterwards: Redis sees no MGET for it")
  void servesLocally() {
    other.set("k", "v1");
    settle();
    assertThat((Object) near.get("k")).isEqualTo("v1");
    assertThat(servedLocally("k")).isEqualTo("v1");
  }

  @Test
  @DisplayName("cs-04: a value written by another client is seen once its invalidation arrives")
  void invalidatedByOtherClient() {
    other.set("k", "v1");
    settle();
    assertThat((Object) near.get("k")).isEqualTo("v1");
    assertThat(servedLocally("k")).isEqualTo("v1");
    other.set("k", "v2");
    await("the near cache sees v2", () -> "v2".equals(near.get("k")));
    settle();
    assertThat((Object) near.get("k")).isEqualTo("v2");
    assertThat(servedLocally("k")).isEqualTo("v2");

    other.delete("k");
    await("the near cache sees the delete", () -> near.get("k") == null);
  }

  @Test
  @DisplayName("cs-02: a miss is cached as a miss until another client writes the key")
  void cachedMiss() {
    assertThat((Object) near.get("later")).isNull();
    assertThat(servedLocally("later")).isNull();
    other.set("later", "now");
    await("the near cache sees the new key", () -> "now".equals(near.get("later")));
  }

  @Test
  @DisplayName("the backend's own writes are read back at once (no wait for the invalidation)")
  void readYourWrites() {
    near.set("k", "v1");
    assertThat((Object) near.get("k")).isEqualTo("v1");
    near.set("k", "v2");
    assertThat((Object) near.get("k")).isEqualTo("v2");
    near.incr("n");
    assertThat((Object) near.get("n")).isEqualTo(1L);
    near.incr("n");
    assertThat((Object) near.get("n")).isEqualTo(2L);
    near.delete("k");
    assertThat((Object) near.get("k")).isNull();
  }

  @Test
  @DisplayName("cs-05: getMany reads through the near cache; FLUSHDB by another client empties it")
  void getManyAndFlush() {
    other.set("key:1", "test");
    other.set("key:2", "test2");
    settle();
    assertThat(near.getMany("key:1", "key:2", "key:3")).containsExactly("test", "test2", null);
    assertThat(servedLocally("key:1")).isEqualTo("test");
    assertThat(servedLocally("key:2")).isEqualTo("test2");
    assertThat(servedLocally("key:3")).isNull();
    long before = SilentPartitionTest.calls(server, "mget");
    assertThat(near.getMany("key:1", "key:2", "key:3")).containsExactly("test", "test2", null);
    assertThat(SilentPartitionTest.calls(server, "mget")).as("getMany served locally").isEqualTo(before);
    raw.redis().flushdb();
    await("the near cache is flushed", () -> near.get("key:1") == null);
  }

  @Test
  @DisplayName("cs-01: entries keep their Redis TTL locally")
  void ttl() {
    other.set("short", "v", Duration.ofSeconds(1));
    assertThat((Object) near.get("short")).isEqualTo("v");
    RedisServer.sleep(1_200);
    assertThat((Object) near.get("short")).isNull();
  }

  @Test
  @DisplayName("after the tracking connection is killed no stale value is served, and tracking comes back")
  void droppedConnection() {
    other.set("k", "v1");
    assertThat((Object) near.get("k")).isEqualTo("v1");

    // drop the near cache's connection (and only it), then change the key while it is gone
    byte[] v2 = encoded("v2");
    raw.redis().clientKill(io.lettuce.core.KillArgs.Builder.id(trackingClientId()));
    raw.set("k", v2);
    RedisServer.sleep(200);
    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() - until < 0) {
      Object v = near.get("k");
      assertThat(v).as("never the stale v1").isNotEqualTo("v1");
      RedisServer.sleep(20);
    }
    assertThat((Object) near.get("k")).isEqualTo("v2");

    // tracking is on again on the new connection: the value is served locally and invalidated
    awaitTracking();
    settle();
    assertThat((Object) near.get("k")).isEqualTo("v2");
    assertThat(servedLocally("k")).isEqualTo("v2");
    other.set("k", "v3");
    await("the near cache sees v3", () -> "v3".equals(near.get("k")));
  }

  /** The bytes the codec stores for {@code value}. */
  private byte[] encoded(String value) {
    other.set("tmp", value);
    byte[] b = raw.get("tmp");
    other.delete("tmp");
    return b;
  }
}
