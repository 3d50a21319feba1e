package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10: a cache routed by a prefix clears and counts only its own keys of a shared Redis. */
class RedisPrefixRouteTest {
  /** Glob characters in the prefix: unescaped, "app[1]*:*" would also match "app1x:z". */
  private static final String PREFIX = "app[1]*:";

  private RedisServer server;
  private RawRedis raw;
  private Cache routed;
  private Cache whole;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    raw = new RawRedis(server);
    routed = Cache.create().setup(server.url() + "?suppress=false", Settings.builder().prefix(PREFIX).build());
    whole = Cache.create().setup(server.url() + "?suppress=false");
  }

  @AfterEach
  void stop() {
    routed.close();
    whole.close();
    raw.close();
    server.close();
  }

  @Test
  @DisplayName("issue 10: clear() on a prefixed route unlinks only its keys; getKeysCount counts only them")
  void clearAndCountOwnKeys() {
    Map<String, Object> mine = new LinkedHashMap<>();
    for (int i = 0; i < 2500; i++) { // more than one SCAN batch
      mine.put(PREFIX + i, "v" + i);
    }
    routed.setMany(mine);
    whole.set("other-app:1", "theirs");
    whole.set("app1x:z", "matches the unescaped glob");
    whole.set("app[1]*", "the prefix without its colon");

    assertThat(routed.getKeysCount()).isEqualTo(2500);
    assertThat(whole.getKeysCount()).as("the default route counts the whole database").isEqualTo(2503);

    routed.clear();

    assertThat(routed.getKeysCount()).isZero();
    assertThat((Object) routed.get(PREFIX + 7)).isNull();
    assertThat(raw.redis().dbsize()).as("the other keys survive").isEqualTo(3);
    assertThat((Object) whole.get("other-app:1")).isEqualTo("theirs");
    assertThat((Object) whole.get("app1x:z")).isEqualTo("matches the unescaped glob");
    assertThat((Object) whole.get("app[1]*")).isEqualTo("the prefix without its colon");
  }

  @Test
  @DisplayName("clear() on the default route still flushes the whole database, other applications' keys too")
  void defaultRouteFlushes() {
    routed.set(PREFIX + "1", "mine");
    whole.set("other-app:1", "theirs");
    whole.clear();
    NearCacheTest.await("FLUSHDB ASYNC emptied the database", () -> raw.redis().dbsize() == 0);
  }
}
