package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: with client_side=true, a connection that goes silent (no FIN, no RST) brings no
 * invalidations; the near cache must stop serving within 2 x client_side_check, not for as long
 * as its entries last.
 */
class SilentPartitionTest {
  private static final Duration CHECK = Duration.ofMillis(200);

  private RedisServer server;
  private TcpProxy proxy;
  private Cache near;
  private Cache other;

  @BeforeEach
  void start() throws Exception {
    server = RedisServer.start();
    proxy = new TcpProxy(server.port());
    near = Cache.create().setup(proxy.url() + "?client_side=true&timeout=300ms&client_side_check=" + CHECK.toMillis() + "ms");
    other = Cache.create().setup(server.url() + "?suppress=false");
  }

  @AfterEach
  void stop() {
    near.close();
    other.close();
    proxy.close();
    server.close();
  }

  /**
   * Whether {@code key} is answered from the near cache with {@code expected}: a second read that
   * sends Redis no MGET (only this cache reads; the other one only writes).
   */
  private boolean servedLocally(String key, Object expected) {
    near.get(key); // fills the near cache
    long before = calls(server, "mget");
    Object v = near.get(key);
    return expected.equals(v) && calls(server, "mget") == before;
  }

  /** How many times Redis ran {@code command}, from INFO commandstats. */
  static long calls(RedisServer server, String command) {
    String stats = server.command("INFO commandstats");
    String field = "cmdstat_" + command + ":calls=";
    int at = stats.indexOf(field);
    if (at < 0) {
      return 0;
    }
    int from = at + field.length();
    int to = from;
    while (to < stats.length() && Character.isDigit(stats.charAt(to))) {
      to++;
    }
    return Long.parseLong(stats.substring(from, to));
  }

  @Test
  @DisplayName("issue 10: a silently cut tracking connection stops serving a value another client changed within 2 checks")
  void staleReadsStopWithinTheBound() {
    other.set("k", "v1");
    NearCacheTest.await("the near cache serves v1 locally", () -> servedLocally("k", "v1"));

    proxy.freeze(); // the bytes just stop; both sockets stay open
    try {
      other.set("k", "v2"); // its invalidation cannot reach the near cache
      long cut = System.nanoTime();
      // before the fix v1 was served for as long as the entry lasted
      // the bound (2 checks) plus slack for a loaded machine's scheduling
      long deadline = cut + CHECK.multipliedBy(2).plusMillis(1_500).toNanos();
      while ("v1".equals(near.get("k"))) {
        assertThat(System.nanoTime() - deadline)
            .as("the near cache still serves the stale v1 %d ms after the connection went silent",
                (System.nanoTime() - cut) / 1_000_000)
            .isNegative();
        RedisServer.sleep(10);
      }
      assertThat((Object) near.get("k")).as("never the stale v1 while cut").isNotEqualTo("v1");
    } finally {
      proxy.thaw();
    }

    // back: Redis answers a PING, the near cache serves again, and sees later writes
    NearCacheTest.await("the near cache reads v2", () -> "v2".equals(near.get("k")));
    NearCacheTest.await("the near cache serves v2 locally again", () -> servedLocally("k", "v2"));
    other.set("k", "v3");
    NearCacheTest.await("the near cache sees v3", () -> "v3".equals(near.get("k")));
  }

  @Test
  @DisplayName("issue 10: a command that times out suspends the near cache at once, before any PING check")
  void timedOutCommandSuspends() {
    near.close();
    near = Cache.create().setup(proxy.url() + "?client_side=true&timeout=300ms&client_side_check=1m");
    other.set("k", "v1");
    NearCacheTest.await("the near cache serves v1 locally", () -> servedLocally("k", "v1"));

    proxy.freeze();
    try {
      other.set("k", "v2");
      assertThat((Object) near.get("k")).as("served locally: nothing has failed yet").isEqualTo("v1");
      assertThat((Object) near.get("not-cached")).as("reaches the frozen Redis and times out").isNull();
      assertThat((Object) near.get("k")).as("after a timed-out command the stale v1 is not served").isNull();
    } finally {
      proxy.thaw();
    }
  }

  @Test
  @DisplayName("client_side_check is validated and applies only with client_side=true")
  void checkOption() {
    assertThatThrownBy(() -> Cache.create().setup(server.url() + "?client_side=true&client_side_check=10ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_side_check must be from 100ms to 1m, was 10ms");
    assertThatThrownBy(() -> Cache.create().setup(server.url() + "?client_side=true&client_side_check=2m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_side_check");
    assertThatThrownBy(() -> Cache.create().setup(server.url() + "?client_side_check=1s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client_side_check applies only with client_side=true");
  }
}
