package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.TransactionContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/** The transaction contract on a real redis-server; the isolation test runs two caches on it, as two processes would. */
@DisplayName("Redis backend: the transaction contract")
class RedisTransactionContractTest extends TransactionContract {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  /** The setup URL's options. */
  String options() {
    return "?suppress=false";
  }

  @Override
  protected Cache newCache() {
    Cache c = sameStore();
    c.clear();
    return c;
  }

  @Override
  protected Cache sameStore() {
    return Cache.create().setup(server.url() + "/0" + options());
  }

  @Override
  protected boolean commitIsAllOrNothing() {
    return true; // one Lua script
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a reader sees a whole commit or none of it")
  void readersSeeWholeCommits() throws Exception {
    assertReadersSeeWholeCommits();
  }
}
