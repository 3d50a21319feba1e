package dev.kaju.internal.redis;

import org.junit.jupiter.api.DisplayName;

/** The transaction contract on Redis with the near cache: a commit from one cache invalidates the other's copies. */
@DisplayName("Redis with the near cache: the transaction contract")
class RedisNearTransactionContractTest extends RedisTransactionContractTest {
  @Override
  String options() {
    return "?suppress=false&client_side=true";
  }
}
