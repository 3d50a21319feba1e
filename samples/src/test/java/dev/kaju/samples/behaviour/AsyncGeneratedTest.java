package dev.kaju.samples.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.Cache;
import dev.kaju.internal.memory.IoMemoryBackendFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Generated methods returning a CompletableFuture on a backend doing I/O ({@code iomem://}, the
 * memory backend answering on its own I/O thread, as Redis answers on Lettuce's): the lookup and
 * the store go through the backend's async path, so a frozen backend never holds a caller.
 */
@DisplayName("generated async methods on a backend doing I/O")
class AsyncGeneratedTest {
  private final Cache cache = Cache.create().setup("iomem://");
  private final CountingShop real = new CountingShop();
  private final Shop shop = new ShopCached(real, cache);

  @AfterEach
  void close() {
    IoMemoryBackendFactory.frozen = null;
    cache.close();
  }

  @Test
  @DisplayName("a miss calls the delegate once, stores asynchronously, and the next call is a hit")
  void missThenHit() throws Exception {
    assertThat(shop.async(1).get(10, TimeUnit.SECONDS)).isEqualTo("async#1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cache.exists("async:1") && System.nanoTime() < deadline) { // the store completes on the I/O thread
      Thread.onSpinWait();
    }
    assertThat(shop.async(1).get(10, TimeUnit.SECONDS)).isEqualTo("async#1");
    assertThat(real.calls("async")).isEqualTo(1);
  }

  @Test
  @DisplayName("with the backend frozen, 200 calls return their futures at once, start no thread and share one delegate call")
  void frozenBackend() throws Exception {
    shop.async(0).get(10, TimeUnit.SECONDS); // the backend's I/O thread is up
    CountDownLatch thaw = new CountDownLatch(1);
    IoMemoryBackendFactory.frozen = thaw;
    CountDownLatch answered = new CountDownLatch(200);
    try (Cache.Scope misses = cache.callback((command, key, result) -> answered.countDown(), dev.kaju.Command.GET)) {
      int threadsBefore = Thread.activeCount();
      List<CompletableFuture<String>> pending = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        pending.add(shop.async(7));
      }
      assertThat(pending).noneMatch(CompletableFuture::isDone);
      assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
      assertThat(real.calls("async")).isEqualTo(1); // only the warm-up: the lookups are still pending
      CompletableFuture<String> slow = new CompletableFuture<>();
      real.pending = slow; // the delegate's answer takes a while: the misses meanwhile share its call
      thaw.countDown();
      assertThat(answered.await(10, TimeUnit.SECONDS)).as("every lookup answered").isTrue();
      // one more call on the backend's single I/O thread: when it answers, every lookup's continuation has run
      cache.async().get("flush").toCompletableFuture().get(10, TimeUnit.SECONDS);
      slow.complete("computed");
      for (CompletableFuture<String> f : pending) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("computed");
      }
      assertThat(real.calls("async")).isEqualTo(2); // the warm-up, and one call shared by the 200 misses
    }
  }
}
