package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** sentinel_master: the URL names a Redis Sentinel, which tells Lettuce where the master is. */
class RedisSentinelTest {
  private static RedisServer master;
  private static RedisServer sentinel;

  @BeforeAll
  static void startRedis() {
    master = RedisServer.start();
    sentinel = RedisServer.startSentinel("kajumaster", master.port());
  }

  @AfterAll
  static void stopRedis() {
    sentinel.close();
    master.close();
  }

  @Test
  @DisplayName("commands reach the master the Sentinel names")
  void throughSentinel() {
    Cache cache = Cache.create().setup(
        "redis://127.0.0.1:" + sentinel.port() + "/3?sentinel_master=kajumaster&suppress=false"
            + "&sentinel_nodes=127.0.0.1:" + sentinel.port());
    try {
      cache.set("k", "via sentinel", Duration.ofSeconds(60));
      assertThat((Object) cache.get("k")).isEqualTo("via sentinel");
      assertThat(cache.incr("n", 2, Duration.ofSeconds(60))).isEqualTo(2);
    } finally {
      cache.close();
    }
    // the keys are on the master itself, in database 3, not 0
    assertThat(Long.parseLong(master.command("DBSIZE"))).isZero();
    try (RawRedis raw = new RawRedis(master)) {
      raw.redis().select(3);
      assertThat(raw.redis().exists(RawRedis.bytes("k"))).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("sentinel options are checked at setup")
  void options() {
    assertThatThrownBy(() -> Cache.create().setup("redis://127.0.0.1?sentinel_nodes=h:1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinel_master");
    assertThatThrownBy(() -> Cache.create().setup("redis://127.0.0.1?sentinel_master=m&sentinel_nodes=nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinel_nodes");
    assertThatThrownBy(() -> Cache.create().setup("redis://127.0.0.1?sentinel_master=m&cluster=true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster");
  }
}
