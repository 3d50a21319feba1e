package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.contract.BackendContract;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The backend contract against a local three-master Redis Cluster. */
class RedisClusterContractTest extends BackendContract {
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
    return Cache.create().setup(cluster.url() + "&suppress=false");
  }

  @Override
  protected void elapse(Duration d) {
    RedisServer.sleep(d.toMillis());
  }

  @Test
  @DisplayName("keys spread over all three masters; scan, getMatch, deleteMatch and tags work across them")
  void spreadOverNodes() {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      values.put("spread:" + i, (long) i);
    }
    cache.setMany(values, Duration.ofSeconds(60));
    for (RedisServer node : cluster.nodes) {
      assertThat(Long.parseLong(node.command("DBSIZE"))).as("keys on node " + node.port()).isPositive();
    }
    assertThat(cache.getKeysCount()).isEqualTo(300);
    assertThat(cache.scan("spread:*").collect(Collectors.toSet())).hasSize(300);
    assertThat(cache.getMatch("spread:*").collect(Collectors.toList())).hasSize(300);
    assertThat(cache.getMany("spread:1", "spread:2", "spread:299")).containsExactly(1L, 2L, 299L);

    for (int i = 0; i < 300; i++) {
      cache.setAdd("_tag:t" + (i % 3), Duration.ofSeconds(60), "spread:" + i);
    }
    assertThat(cache.setPop("_tag:t0", 1000)).hasSize(100);
    assertThat(cache.deleteMany("spread:1", "spread:2", "spread:3")).isEqualTo(3);
    assertThat(cache.deleteMatch("spread:*")).isEqualTo(297);
    assertThat(cache.scan("spread:*").count()).isZero();
  }
}
