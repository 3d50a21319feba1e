package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.AsyncOverSync;
import dev.kaju.contract.BackendContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Issue 11: the backend contract through {@code cache.async()}, so every command takes the
 * backend's async path (Lettuce's async API, or the bounded executor for cursor walks), with and
 * without the near cache.
 */
class RedisAsyncContractTest {
  private static RedisServer server;

  @BeforeAll
  static void startRedis() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @Nested
  @DisplayName("Redis through cache.async(): the command contract")
  class Plain extends BackendContract {
    @Override
    protected Cache newCache() {
      return AsyncOverSync.over(Cache.create().setup(server.url() + "/0?suppress=false"));
    }

    @Override
    protected void elapse(Duration d) {
      RedisServer.sleep(d.toMillis());
    }
  }

  @Nested
  @DisplayName("Redis with the near cache (client_side=true) through cache.async(): the command contract")
  class Near extends BackendContract {
    @Override
    protected Cache newCache() {
      return AsyncOverSync.over(Cache.create().setup(server.url() + "/0?suppress=false&client_side=true"));
    }

    @Override
    protected void elapse(Duration d) {
      RedisServer.sleep(d.toMillis());
    }
  }
}
