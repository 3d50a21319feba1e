package dev.kaju.internal.redis;

import org.junit.jupiter.api.DisplayName;

/** The transaction contract on Redis with the near cache: a commit from one cache invalidates the other's copies. */
@DisplayName("Redis with the near cache: the transaction contract")
class RedisNearTransactionContractTest extends RedisTransactionContractTest {
  @Override
  String options() {
    return "?suppress=false&client_side=true";
  }

  /**
   * A commit is one script on the server, but the reader's near copies are dropped by invalidation
   * messages that arrive one key at a time after it: a near reader may see b older than a for a
   * moment. What holds: once the commits end, the reader's copies converge on the last one.
   */
  @Override
  @org.junit.jupiter.api.Test
  @DisplayName("near copies converge on the last commit")
  void readersSeeWholeCommits() throws Exception {
    cache.set("a", 0L);
    try (dev.kaju.Cache reader = sameStore()) {
      org.assertj.core.api.Assertions.assertThat((Long) reader.get("a")).isZero(); // a near copy now
      for (long i = 1; i <= 200; i++) {
        long n = i;
        cache.transaction(dev.kaju.TransactionMode.FAST, () -> cache.set("a", n));
      }
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (!Long.valueOf(200).equals(reader.get("a")) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      org.assertj.core.api.Assertions.assertThat((Long) reader.get("a")).isEqualTo(200);
    }
  }
}
