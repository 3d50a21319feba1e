package dev.kaju.internal.redis;

import dev.kaju.Cache;
import dev.kaju.Settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.contract.FakeClock;
import dev.kaju.contract.ManualExecutor;
import dev.kaju.contract.StrategyContract;
import dev.kaju.support.EarlySite;
import dev.kaju.support.Stamped;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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

  @Test
  @DisplayName("early-05 across processes: two caches on one Redis make one recomputation; the one that finds the lock taken, or a fresh result after it, skips the method")
  void earlyAcrossProcesses() {
    ManualExecutor otherBackground = new ManualExecutor();
    try (Cache other = newCache(clock, otherBackground)) {
      EarlySite<String> here = EarlySite.<String>builder(cache, "Svc.early").type(String.class)
          .ttl(Duration.ofHours(1)).earlyTtl(Duration.ofMinutes(10)).build();
      EarlySite<String> there = EarlySite.<String>builder(other, "Svc.early").type(String.class)
          .ttl(Duration.ofHours(1)).earlyTtl(Duration.ofMinutes(10)).build();
      AtomicInteger calls = new AtomicInteger();
      here.call("early:x", () -> "old");
      clock.advance(Duration.ofMinutes(11));
      assertThat(there.call("early:x", () -> {
        calls.incrementAndGet();
        return "there";
      })).isEqualTo("old");
      assertThat(here.call("early:x", () -> {
        calls.incrementAndGet();
        otherBackground.runAll(); // the other process tries while this one holds the lock
        return "here";
      })).isEqualTo("old");
      background.runAll();
      assertThat(calls).hasValue(1);
      assertThat(((Stamped) cache.get("early:x")).value()).isEqualTo("here");

      clock.advance(Duration.ofMinutes(11));
      there.call("early:x", () -> {
        calls.incrementAndGet();
        return "there";
      });
      here.call("early:x", () -> {
        calls.incrementAndGet();
        return "here again";
      });
      background.runAll();
      otherBackground.runAll(); // the lock is free again, but the result is fresh: skipped
      assertThat(calls).hasValue(2);
      assertThat(((Stamped) other.get("early:x")).value()).isEqualTo("here again");
      assertThat(cache.exists("early:x:lock")).isFalse();
    }
  }
}
