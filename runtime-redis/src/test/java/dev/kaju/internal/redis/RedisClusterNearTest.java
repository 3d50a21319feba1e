package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.contract.BackendContract;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** client_side=true on a three-master cluster: the contract, then coherence across the nodes. */
class RedisClusterNearTest extends BackendContract {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected Cache newCache() {
    return Cache.create().setup(cluster.url() + "&suppress=false&client_side=true&client_name=near&timeout=300ms");
  }

  @Override
  protected void elapse(Duration d) {
    RedisServer.sleep(d.toMillis());
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      RedisServer.sleep(20);
    }
  }

  /** Whether every master has a connection named near with tracking on. */
  private static boolean trackedEverywhere() {
    for (RedisServer node : cluster.nodes) {
      boolean found = false;
      for (String line : node.command("CLIENT LIST").split("\n")) {
        if (line.contains(" name=near ") && flags(line).contains("t")) {
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static String flags(String line) {
    int at = line.indexOf(" flags=");
    String f = line.substring(at + 7);
    return f.substring(0, f.indexOf(' '));
  }

  /** Reads {@code key} while every node is paused, retrying as in NearCacheTest; fails when never served locally. */
  private Object servedLocally(String key) {
    for (int attempt = 0; attempt < 20; attempt++) {
      cache.get(key);
      cluster.nodes.forEach(RedisServer::pause);
      try {
        long t0 = System.nanoTime();
        Object v = cache.get(key);
        if (System.nanoTime() - t0 < 100_000_000L) {
          return v;
        }
      } catch (RuntimeException e) {
        // reached Redis and timed out: not served locally this time
      } finally {
        cluster.nodes.forEach(RedisServer::resume);
      }
      RedisServer.sleep(100);
    }
    throw new AssertionError("'" + key + "' was never served from the near cache");
  }

  @Test
  @DisplayName("values on every master are served locally and invalidated by writes from another client")
  void coherentAcrossNodes() {
    await("every master tracks", RedisClusterNearTest::trackedEverywhere);
    RedisServer.sleep(100);
    Cache other = Cache.create().setup(cluster.url() + "&suppress=false");
    try {
      for (int i = 0; i < 30; i++) {
        other.set("near:" + i, "v1");
      }
      RedisServer.sleep(100); // the invalidations of those writes arrive first
      for (int i = 0; i < 30; i++) {
        assertThat((Object) cache.get("near:" + i)).isEqualTo("v1");
      }
      for (int i = 0; i < 30; i++) {
        assertThat(servedLocally("near:" + i)).as("near:" + i + " from the near cache").isEqualTo("v1");
      }
      for (int i = 0; i < 30; i++) {
        other.set("near:" + i, "v2");
      }
      for (int i = 0; i < 30; i++) {
        String key = "near:" + i;
        await(key + " is v2", () -> "v2".equals(cache.get(key)));
      }
    } finally {
      other.close();
    }
  }

  @Test
  @DisplayName("a killed tracking connection on one master: no stale value, and tracking comes back")
  void droppedNodeConnection() {
    await("every master tracks", RedisClusterNearTest::trackedEverywhere);
    RedisServer.sleep(100);
    Cache other = Cache.create().setup(cluster.url() + "&suppress=false");
    try {
      for (int i = 0; i < 30; i++) {
        other.set("drop:" + i, "v1");
      }
      RedisServer.sleep(100);
      for (int i = 0; i < 30; i++) {
        assertThat((Object) cache.get("drop:" + i)).isEqualTo("v1");
      }
      RedisServer node = cluster.nodes.get(1);
      node.command("CLIENT KILL TYPE normal SKIPME yes");
      for (int i = 0; i < 30; i++) {
        other.set("drop:" + i, "v2"); // the other cache reconnects by itself if it was killed too
      }
      RedisServer.sleep(200);
      for (int i = 0; i < 30; i++) {
        assertThat((Object) cache.get("drop:" + i)).as("drop:" + i).isEqualTo("v2");
      }
      await("every master tracks again", RedisClusterNearTest::trackedEverywhere);
    } finally {
      other.close();
    }
  }
}
