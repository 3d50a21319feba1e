package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.AsyncOverSync;
import dev.kaju.contract.BackendContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Issue 11: the backend contract through {@code cache.async()} on a local three-master Redis Cluster. */
class RedisClusterAsyncContractTest extends BackendContract {
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
    return AsyncOverSync.over(Cache.create().setup(cluster.url() + "&suppress=false"));
  }

  @Override
  protected void elapse(Duration d) {
    RedisServer.sleep(d.toMillis());
  }
}
