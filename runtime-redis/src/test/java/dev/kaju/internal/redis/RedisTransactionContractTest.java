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

  @org.junit.jupiter.api.Test
  @DisplayName("commit is one script: a counter turned into text meanwhile fails the whole commit, and nothing is written")
  void commitIsOneStep() {
    cache.set("c", 5L);
    try (Cache other = sameStore(); dev.kaju.Transaction tx = cache.transaction(dev.kaju.TransactionMode.FAST)) {
      cache.set("a", "1");
      cache.delete("gone");
      org.assertj.core.api.Assertions.assertThat(cache.incr("c")).isEqualTo(6);
      other.set("c", "text"); // another process, between the transaction's read and its commit
      org.assertj.core.api.Assertions.assertThatThrownBy(tx::commit)
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing was written");
    }
    org.assertj.core.api.Assertions.assertThat((Object) cache.get("a")).isNull();
    org.assertj.core.api.Assertions.assertThat((Object) cache.get("c")).isEqualTo("text");
  }
}
