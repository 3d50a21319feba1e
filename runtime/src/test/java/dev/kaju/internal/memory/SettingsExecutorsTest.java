package dev.kaju.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.LockedException;
import dev.kaju.Settings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Settings.executor and Settings.scheduler: the user's threads instead of Kaju's, never shut down by Kaju")
class SettingsExecutorsTest {
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "user-scheduler");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  @DisplayName("the memory sweep runs on the given scheduler, and closing the cache leaves it running")
  void sweepOnUserScheduler() {
    int sharedBefore = MemoryBackend.SWEEPER.users();
    Cache cache = Cache.create().setup("mem://?check_interval=1s", Settings.builder().scheduler(scheduler).build());
    assertThat(scheduler.getQueue()).hasSize(1); // the sweep
    assertThat(MemoryBackend.SWEEPER.users()).isEqualTo(sharedBefore); // Kaju's sweeper not taken
    cache.close();
    assertThat(scheduler.isShutdown()).isFalse();
    scheduler.purge();
    assertThat(scheduler.getQueue()).isEmpty(); // the sweep was cancelled
  }

  @Test
  @DisplayName("async lock retries are scheduled on the given scheduler")
  void lockWaitOnUserScheduler() {
    try (Cache cache = Cache.create().setup("mem://", Settings.builder().scheduler(scheduler).build())) {
      cache.setLock("job", "other", Duration.ofMinutes(1));
      long before = scheduler.getTaskCount();
      assertThatThrownBy(() -> cache.async().lock("job", Duration.ofSeconds(5), Duration.ofMillis(50)).toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(LockedException.class);
      assertThat(scheduler.getTaskCount()).isGreaterThan(before);
    }
  }

  @Test
  @DisplayName("async scans of a backend doing I/O run on the given executor")
  void scanOnUserExecutor() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Executor executor = command -> {
      runs.incrementAndGet();
      new Thread(command, "user-executor").start();
    };
    try (Cache cache = Cache.create().setup("iomem://", Settings.builder().executor(executor).build())) {
      cache.set("a:1", "x");
      assertThat(cache.async().scan("a:*").toCompletableFuture().get(10, TimeUnit.SECONDS)).containsExactly("a:1");
      assertThat(runs.get()).isEqualTo(1);
    }
  }
}
