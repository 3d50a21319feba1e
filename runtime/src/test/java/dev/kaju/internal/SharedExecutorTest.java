package dev.kaju.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SharedExecutor: one pool of named daemon threads, stopped by the last release")
class SharedExecutorTest {

  @Test
  @DisplayName("threads are daemons named kaju-<name>-<n>; the pool stops with the last release, and restarts on demand")
  void lifecycle() throws Exception {
    SharedExecutor<ExecutorService> shared = new SharedExecutor<>("test", Executors::newCachedThreadPool);
    ExecutorService first = shared.acquire();
    ExecutorService second = shared.acquire();
    assertThat(second).isSameAs(first);
    Thread worker = first.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
    assertThat(worker.getName()).startsWith("kaju-test-");
    assertThat(worker.isDaemon()).isTrue();

    shared.release();
    assertThat(first.isShutdown()).isFalse(); // one user left
    shared.release();
    assertThat(first.isShutdown()).isTrue();
    assertThat(first.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    worker.join(10_000);
    assertThat(worker.isAlive()).isFalse();

    shared.release(); // an extra release is harmless
    assertThat(shared.users()).isZero();
    ExecutorService again = shared.acquire();
    assertThat(again).isNotSameAs(first);
    assertThat(again.isShutdown()).isFalse();
    shared.release();
  }

  @Test
  @DisplayName("an async lock wait takes the shared scheduler only while it waits, and gives it back when the cache closes")
  void asyncWaitReleasesOnClose() {
    int before = Locks.SCHEDULER.users();
    DefaultCache cache = new DefaultCache();
    cache.setup("mem://");
    cache.async().isLocked("k", java.time.Duration.ofMillis(1)).toCompletableFuture().join(); // free: no wait
    assertThat(Locks.SCHEDULER.users()).isEqualTo(before);
    cache.setLock("k", "v", java.time.Duration.ofMinutes(1));
    assertThat(cache.async().isLocked("k", java.time.Duration.ofMillis(30)).toCompletableFuture().join()).isTrue();
    assertThat(Locks.SCHEDULER.users()).isEqualTo(before + 1);
    cache.close();
    assertThat(Locks.SCHEDULER.users()).isEqualTo(before);
  }
}
