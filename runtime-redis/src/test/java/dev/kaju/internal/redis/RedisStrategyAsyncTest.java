package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.support.EarlySite;
import dev.kaju.support.HitSite;
import dev.kaju.support.SoftSite;
import dev.kaju.support.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The async paths of @Soft, @Early and @Hit never wait for Redis on the caller's thread: with Redis
 * frozen (SIGSTOP) every call returns an unfinished future, and every one answers once it resumes.
 * A call that blocked would only return after the 20 s timeout, with a finished (failed) future.
 */
@DisplayName("soft, early and hit on a frozen Redis: calls return unfinished futures, answered after the resume")
class RedisStrategyAsyncTest {
  private final FakeClock clock = new FakeClock();
  private RedisServer server;
  private Cache cache;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    cache = Cache.create().setup(server.url() + "?timeout=20s", Settings.builder().clock(clock).build());
  }

  @AfterEach
  void stop() {
    cache.close();
    server.close();
  }

  private void frozen(Step<String> site, String key, String expected) throws Exception {
    List<CompletableFuture<String>> inFlight = new ArrayList<>();
    server.pause();
    try {
      for (int i = 0; i < 50; i++) {
        inFlight.add(site.callAsync(key, () -> CompletableFuture.completedFuture("computed")));
      }
      assertThat(inFlight).as("no call is done while Redis is frozen").noneMatch(CompletableFuture::isDone);
    } finally {
      server.resume();
    }
    for (CompletableFuture<String> f : inFlight) {
      assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName("soft: fresh hits, and a miss whose store is asynchronous")
  void soft() throws Exception {
    SoftSite<String> site = SoftSite.<String>builder(cache, "Svc.soft").type(String.class).ttl(Duration.ofHours(1))
        .softTtl(Duration.ofMinutes(10)).build();
    site.callAsync("soft:a", () -> CompletableFuture.completedFuture("stored")).get(20, TimeUnit.SECONDS);
    awaitStored("soft:a");
    frozen(site, "soft:a", "stored");
    frozen(site, "soft:new", "computed");
  }

  @Test
  @DisplayName("early: an early-expired hit, whose recomputation runs in the background")
  void early() throws Exception {
    EarlySite<String> site = EarlySite.<String>builder(cache, "Svc.early").type(String.class).ttl(Duration.ofHours(1))
        .earlyTtl(Duration.ofMinutes(10)).build();
    site.callAsync("early:a", () -> CompletableFuture.completedFuture("old")).get(20, TimeUnit.SECONDS);
    awaitStored("early:a");
    clock.advance(Duration.ofMinutes(11));
    frozen(site, "early:a", "old");
  }

  @Test
  @DisplayName("hit: the lookup and the counter go through the async path")
  void hit() throws Exception {
    HitSite<String> site = HitSite.<String>builder(cache, "Svc.hit").type(String.class).ttl(Duration.ofHours(1))
        .cacheHits(1000).build();
    site.callAsync("hit:a", () -> CompletableFuture.completedFuture("stored")).get(20, TimeUnit.SECONDS);
    awaitStored("hit:a");
    frozen(site, "hit:a", "stored");
    assertThat((Object) cache.get("hit:a:counter")).isEqualTo(50L);
  }

  private void awaitStored(String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cache.exists(key)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("key '" + key + "' was never stored");
      }
      Thread.sleep(5);
    }
  }
}
