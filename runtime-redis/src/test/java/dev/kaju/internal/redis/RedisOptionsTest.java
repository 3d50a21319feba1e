package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The setup URL of redis:// and rediss://. */
class RedisOptionsTest {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start("--requirepass", "pw");
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static String url(String rest) {
    return "redis://127.0.0.1:" + server.port() + rest;
  }

  @Test
  @DisplayName("an unknown option fails at setup and lists the valid ones")
  void unknown() {
    assertThatThrownBy(() -> Cache.create().setup(url("?nope=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("client_side")
        .hasMessageContaining("secret");
  }

  @Test
  @DisplayName("bad values name their option")
  void badValues() {
    assertThatThrownBy(() -> Cache.create().setup(url("?timeout=soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> Cache.create().setup(url("/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database number");
    assertThatThrownBy(() -> Cache.create().setup(url("/1?db=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("db");
    assertThatThrownBy(() -> Cache.create().setup(url("?ssl_ca_certs=/tmp/ca.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rediss://");
    assertThatThrownBy(() -> Cache.create().setup("rediss://127.0.0.1:1?ssl_certfile=/tmp/c.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl_keyfile");
    assertThatThrownBy(() -> Cache.create().setup("rediss://127.0.0.1:1?ssl_ca_certs=/no/such/ca.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Cache.create().setup(url("?client_side_prefix=x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_side=true");
    assertThatThrownBy(() -> Cache.create().setup(url("?digestmod=sha3&secret=s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digestmod");
  }

  @Test
  @DisplayName("the password from the URL user-info or the option; db from the path or the option")
  void authAndDb() {
    Cache db1 = Cache.create().setup(url("/1?password=pw&suppress=false"));
    Cache db2 = Cache.create().setup("redis://:pw@127.0.0.1:" + server.port() + "?db=2&suppress=false");
    Cache user = Cache.create().setup("redis://default:pw@127.0.0.1:" + server.port() + "/2?suppress=false");
    try {
      db1.set("k", "one");
      db2.set("k", "two");
      assertThat((Object) db1.get("k")).isEqualTo("one");
      assertThat((Object) db2.get("k")).isEqualTo("two");
      assertThat((Object) user.get("k")).isEqualTo("two");
      db1.clear();
      assertThat((Object) db2.get("k")).isEqualTo("two");
    } finally {
      db2.clear();
      db1.close();
      db2.close();
      user.close();
    }
  }

  @Test
  @DisplayName("a wrong password is a backend failure: a miss with suppress, an exception without")
  void wrongPassword() {
    Cache suppressed = Cache.create().setup(url("?password=wrong&timeout=300ms"));
    Cache strict = Cache.create().setup(url("?password=wrong&suppress=false&timeout=300ms"));
    try {
      assertThat((Object) suppressed.get("k")).isNull();
      assertThat(suppressed.set("k", "v")).isFalse();
      assertThatThrownBy(() -> strict.get("k")).isInstanceOf(CacheBackendException.class);
    } finally {
      suppressed.close();
      strict.close();
    }
  }
}
