package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.support.KeyParts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keys went to Redis as UTF-8, which maps a lone surrogate to {@code ?}: "what\uD800" and "what?" shared an entry. */
@DisplayName("a key with a lone surrogate never shares a Redis key with another (it became ? in UTF-8)")
class LoneSurrogateKeyTest {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static void check(String options) {
    try (Cache cache = Cache.create().setup(server.url() + options)) {
      cache.clear();
      // what the default key renders for search("what?") and for an argument an attacker chose
      String victim = "svc.Search.search:q:" + KeyParts.exact("what?");
      String attacker = "svc.Search.search:q:" + KeyParts.exact("what\uD800");
      assertThat(attacker).isNotEqualTo(victim);
      cache.set(attacker, "poisoned");
      assertThat((Object) cache.get(victim)).as("victim's key after a write to the attacker's key (" + options + ")").isNull();
    }
  }

  @Test
  @DisplayName("two different keys never share a Redis key (no secret)")
  void plain() {
    check("?suppress=false");
  }

  @Test
  @DisplayName("two different keys never share a Redis key (with a secret)")
  void signed() {
    check("?suppress=false&secret=s3cret");
  }
}
