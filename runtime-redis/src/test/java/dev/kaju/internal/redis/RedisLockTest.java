package dev.kaju.internal.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.LockedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 10: a lock is never reported held unless Redis confirmed it; lock waits that provably wait. */
class RedisLockTest {
  private RedisServer server;
  private Cache cache;
  private ExecutorService pool;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    pool = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    if (cache != null) {
      cache.close();
    }
    server.close();
  }

  private static final Duration TTL = Duration.ofSeconds(30);

  @Test
  @DisplayName("issue 10: with suppress, a dead Redis gives no lock: setLock false, lock() LockedException, isLocked true")
  void deadRedisSuppressed() {
    cache = Cache.create().setup(server.url() + "?timeout=300ms");
    assertThat(cache.setLock("warm", "v", TTL)).isTrue();
    server.kill();

    assertThat(cache.setLock("L", "v", TTL)).as("setLock with Redis down").isFalse();
    assertThatThrownBy(() -> cache.lock("L", TTL, Duration.ZERO)).isInstanceOf(LockedException.class);
    assertThatThrownBy(() -> cache.lock("L", TTL, Duration.ofMillis(200))).isInstanceOf(LockedException.class);
    assertThat(cache.isLocked("L")).as("isLocked with Redis down: cannot tell, so held").isTrue();
    assertThat(cache.isLocked("L", Duration.ofMillis(50))).isTrue();

    server.restart();
    NearCacheTest.await("a lock is taken again after the restart", () -> cache.setLock("L", "v", TTL));
    assertThat(cache.isLocked("L")).isTrue();
    assertThat(cache.unlock("L", "v")).isTrue();
    assertThat(cache.isLocked("L")).isFalse();
    try (Cache.Lock lock = cache.lock("L", TTL, Duration.ZERO)) {
      assertThat(cache.isLocked("L")).isTrue();
    }
  }

  @Test
  @DisplayName("issue 10: without suppress, a dead Redis makes setLock, lock() and isLocked throw CacheBackendException")
  void deadRedisUnsuppressed() {
    cache = Cache.create().setup(server.url() + "?timeout=300ms&suppress=false");
    server.kill();
    assertThatThrownBy(() -> cache.setLock("L", "v", TTL))
        .isInstanceOf(CacheBackendException.class)
        .hasMessageContaining("setLock 'L'");
    assertThatThrownBy(() -> cache.lock("L", TTL, Duration.ZERO)).isInstanceOf(CacheBackendException.class);
    assertThatThrownBy(() -> cache.isLocked("L"))
        .isInstanceOf(CacheBackendException.class)
        .hasMessageContaining("isLocked 'L'");
  }

  @Test
  @DisplayName("issue 10: a frozen Redis (SIGSTOP) gives no lock either, suppressed or not")
  void frozenRedis() {
    cache = Cache.create().setup(server.url() + "?timeout=300ms");
    Cache strict = Cache.create().setup(server.url() + "?timeout=300ms&suppress=false");
    try {
      assertThat(cache.setLock("warm", "v", TTL)).isTrue();
      assertThat(strict.setLock("warm2", "v", TTL)).isTrue();
      server.pause();
      try {
        assertThat(cache.setLock("L", "v", TTL)).isFalse();
        assertThatThrownBy(() -> cache.lock("L", TTL, Duration.ZERO)).isInstanceOf(LockedException.class);
        assertThat(cache.isLocked("L")).isTrue();
        assertThatThrownBy(() -> strict.setLock("L", "v", TTL)).isInstanceOf(CacheBackendException.class);
        assertThatThrownBy(() -> strict.lock("L", TTL, Duration.ZERO)).isInstanceOf(CacheBackendException.class);
      } finally {
        server.resume();
      }
      // the SET NX sent while frozen is applied on resume; the compare-and-delete queued behind it
      // releases it, instead of a lock nobody was told they hold blocking everyone for 30 s
      NearCacheTest.await("no unconfirmed lock is left once Redis resumes", () -> !cache.isLocked("L"));
      assertThat(cache.setLock("L", "mine", TTL)).isTrue();
    } finally {
      strict.close();
    }
  }

  /** Waits until Redis has run {@code command} {@code more} more times than {@code from}. */
  private void awaitCalls(String command, long from, long more) {
    NearCacheTest.await(
        "Redis ran " + command + " " + more + " more times",
        () -> SilentPartitionTest.calls(server, command) >= from + more);
  }

  @Test
  @DisplayName("lock() waits while another holds the lock (it retried and failed), and takes it after the release")
  void lockWaitsThenTakes() throws Exception {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    Cache.Lock first = cache.lock("w", TTL);
    long sets = SilentPartitionTest.calls(server, "set");
    CountDownLatch taken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> secondValue = new AtomicReference<>();
    Future<?> second = pool.submit(() -> {
      try (Cache.Lock l = cache.lock("w", TTL, Duration.ofSeconds(20))) {
        secondValue.set(l.value());
        taken.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
      return null;
    });

    // the waiter has tried SET NX at least three times, each refused: it is waiting, not done
    awaitCalls("set", sets, 3);
    assertThat(taken.getCount()).as("the waiter does not hold the lock while the first holder does").isOne();
    assertThat(second).isNotDone();

    first.close();
    assertThat(taken.await(20, TimeUnit.SECONDS)).as("the waiter takes the lock after the release").isTrue();
    assertThat(secondValue.get()).isNotEqualTo(first.value());
    assertThat(cache.isLocked("w")).isTrue();
    assertThat(cache.unlock("w", first.value())).as("the first holder's value no longer releases it").isFalse();

    release.countDown();
    second.get(20, TimeUnit.SECONDS);
    assertThat(cache.isLocked("w")).isFalse();
  }

  @Test
  @DisplayName("isLocked with a wait polls while the lock is held, and answers false once it is released")
  void isLockedWaits() throws Exception {
    cache = Cache.create().setup(server.url() + "?suppress=false");
    assertThat(cache.setLock("w", "v", TTL)).isTrue();
    long exists = SilentPartitionTest.calls(server, "exists");
    Future<Boolean> waiting = pool.submit(() -> cache.isLocked("w", Duration.ofSeconds(20)));

    awaitCalls("exists", exists, 3); // it asked three times and was told "locked"
    assertThat(waiting).isNotDone();

    assertThat(cache.unlock("w", "v")).isTrue();
    assertThat(waiting.get(20, TimeUnit.SECONDS)).isFalse();
    assertThat(cache.isLocked("w", Duration.ofMillis(10))).isFalse();
  }
}
