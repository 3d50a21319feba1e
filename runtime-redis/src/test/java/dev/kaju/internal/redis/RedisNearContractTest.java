package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.contract.BackendContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract again, every read going through the client-side near cache. */
class RedisNearContractTest extends BackendContract {
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
    return Cache.create().setup(server.url() + "/0?suppress=false&client_side=true");
  }

  @Override
  protected void elapse(Duration d) {
    RedisServer.sleep(d.toMillis());
  }
}
