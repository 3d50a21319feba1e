package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.TransactionContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The transaction contract on Redis with the near cache: a commit from one cache invalidates the other's copies. */
@DisplayName("Redis with the near cache: the transaction contract")
class RedisNearTransactionContractTest extends TransactionContract {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Override
  protected Cache newCache() {
    Cache c = Cache.create().setup(server.url() + "/0?suppress=false&client_side=true");
    c.clear();
    return c;
  }

  @Override
  protected Cache sameStore() {
    return Cache.create().setup(server.url() + "/0?suppress=false&client_side=true");
  }
}
