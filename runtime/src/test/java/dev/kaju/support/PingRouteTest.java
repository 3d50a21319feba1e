package dev.kaju.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.Command;
import dev.kaju.LockedException;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A lock step asks the backend holding the lock, not the default backend, whether it is alive. */
class PingRouteTest {
  // the default backend fails PING; the lock lives on the prefix backend, which is fine
  private final Cache cache = Cache.create()
      .setup("mem://", Settings.builder().middlewares((call, chain) -> {
        if (call.command() == Command.PING) {
          throw new CacheBackendException("the default backend is down");
        }
        return chain.proceed(call);
      }).build())
      .setup("mem://", Settings.builder().prefix("locked:").build());

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  @DisplayName("a lock held on a prefix backend reads as held (LockedException 'locked'), sync and async, not as a dead backend")
  void heldOnPrefixBackend() throws Exception {
    LockedSite<String> site = LockedSite.<String>builder(cache, "Jobs.run").ttl(Duration.ofSeconds(30)).waitForLock(false).build();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> site.call("locked:job", () -> {
      inside.countDown();
      assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      return "done";
    }));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> site.call("locked:job", () -> "second"))
        .isInstanceOf(LockedException.class)
        .hasMessageContaining("is locked by another call");
    assertThatThrownBy(() -> site.callAsync("locked:job", () -> CompletableFuture.completedFuture("second")).join())
        .hasCauseInstanceOf(LockedException.class)
        .hasMessageContaining("is locked by another call");
    release.countDown();
    assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThatThrownBy(cache::ping).as("the default backend really fails PING").isInstanceOf(CacheBackendException.class);
  }
}
