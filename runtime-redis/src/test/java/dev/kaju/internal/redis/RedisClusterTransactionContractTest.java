package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.TransactionContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The transaction contract on a local three-master Redis Cluster: a transaction's keys (and their
 * {@code :tx_lock:} keys) land on several slots, and commit sends each write to its own node.
 */
@DisplayName("Redis Cluster: the transaction contract")
class RedisClusterTransactionContractTest extends TransactionContract {
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
    Cache c = Cache.create().setup(cluster.url() + "&suppress=false");
    c.clear();
    return c;
  }

  @Override
  protected Cache sameStore() {
    return Cache.create().setup(cluster.url() + "&suppress=false");
  }

  @Override
  protected int isolationRuns() {
    return 500; // each transaction is five round trips on a three-node cluster; 500 keep the suite short
  }
}
