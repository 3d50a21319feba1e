package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.contract.StrategyContract;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

/**
 * The strategy contract against a real redis-server: stamps follow the fake clock, entry TTLs
 * are the server's (real time), and stored values go through the codec.
 */
@DisplayName("Redis backend: the strategy contract")
class RedisStrategyContractTest extends StrategyContract {
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
  protected Cache newCache(FakeClock clock, Executor background) {
    return Cache.create().setup(server.url() + "/0?suppress=false", Settings.builder().clock(clock).executor(background).build());
  }

  @Override
  protected void elapse(Duration d) {
    clock.advance(d);
    RedisServer.sleep(d.toMillis());
  }
}
