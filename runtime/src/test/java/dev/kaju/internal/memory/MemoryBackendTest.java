package dev.kaju.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.contract.FakeTicker;
import dev.kaju.spi.Backend.SetMode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("memory backend specifics: bound, exact TTL, background sweep")
class MemoryBackendTest {
  private final FakeTicker ticker = new FakeTicker();
  private MemoryBackend backend;

  @AfterEach
  void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  @DisplayName("mem-01: size bounds the store; often-read keys survive new writes")
  void bounded() {
    backend = new MemoryBackend(10, Duration.ZERO, ticker, Runnable::run);
    for (int i = 0; i < 10; i++) {
      backend.set("key:" + i, i, null, SetMode.ALWAYS);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 5; i++) {
        assertThat(backend.get("key:" + i)).isEqualTo(i);
      }
    }
    for (int i = 10; i < 15; i++) {
      backend.set("key:" + i, i, null, SetMode.ALWAYS);
    }
    backend.cleanUp();
    assertThat(backend.getKeysCount()).isEqualTo(10);
    for (int i = 0; i < 5; i++) {
      assertThat(backend.get("key:" + i)).as("key:" + i).isEqualTo(i);
    }
  }

  @Test
  @DisplayName("writes far past the size keep succeeding and the store stays bounded")
  void staysBounded() {
    backend = new MemoryBackend(100, Duration.ZERO, ticker, Runnable::run);
    for (int i = 0; i < 10_000; i++) {
      assertThat(backend.set("k" + i, i, null, SetMode.ALWAYS)).isTrue();
    }
    backend.cleanUp();
    assertThat(backend.getKeysCount()).isEqualTo(100);
  }

  @Test
  @DisplayName("a TTL is exact to the nanosecond of the injected ticker")
  void exactTtl() {
    backend = new MemoryBackend(100, Duration.ZERO, ticker, Runnable::run);
    backend.set("k", "v", Duration.ofSeconds(10), SetMode.ALWAYS);
    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(backend.get("k")).isEqualTo("v");
    ticker.advance(Duration.ofNanos(1));
    assertThat(backend.get("k")).isNull();
    assertThat(backend.exists("k")).isFalse();
  }

  @Test
  @DisplayName("a TTL of centuries saturates instead of wrapping into the past")
  void hugeTtl() {
    backend = new MemoryBackend(100, Duration.ZERO, ticker, Runnable::run);
    backend.set("k", "v", dev.kaju.Kaju.ttl("106751d"), SetMode.ALWAYS);
    ticker.advance(Duration.ofDays(365));
    assertThat(backend.get("k")).isEqualTo("v");
    assertThat(backend.getExpire("k")).isPositive();
  }

  @Test
  @DisplayName("mem-03: the background sweep purges expired entries without a read")
  void backgroundSweep() throws InterruptedException {
    backend = new MemoryBackend(100, Duration.ofMillis(10), ticker, Runnable::run);
    for (int i = 0; i < 20; i++) {
      backend.set("k" + i, i, Duration.ofSeconds(1), SetMode.ALWAYS);
    }
    backend.set("forever", 1, null, SetMode.ALWAYS);
    assertThat(backend.estimatedSize()).isEqualTo(21);
    ticker.advance(Duration.ofSeconds(2));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (backend.estimatedSize() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(backend.estimatedSize()).isEqualTo(1);
  }

  @Test
  @DisplayName("check_interval=0 switches the sweep off: expired entries wait for a read or cleanUp")
  void noSweep() throws InterruptedException {
    backend = new MemoryBackend(100, Duration.ZERO, ticker, Runnable::run);
    backend.set("k", 1, Duration.ofSeconds(1), SetMode.ALWAYS);
    ticker.advance(Duration.ofSeconds(2));
    Thread.sleep(50);
    assertThat(backend.estimatedSize()).isEqualTo(1);
    assertThat(backend.getKeysCount()).isZero();
    backend.cleanUp();
    assertThat(backend.estimatedSize()).isZero();
  }

  @Test
  @DisplayName("incr on an expired counter starts again from 0 with the new TTL")
  void incrAfterExpiry() {
    backend = new MemoryBackend(100, Duration.ZERO, ticker, Runnable::run);
    backend.incr("c", 5, Duration.ofSeconds(1));
    ticker.advance(Duration.ofSeconds(2));
    assertThat(backend.incr("c", 1, Duration.ofSeconds(10))).isEqualTo(1);
    assertThat(backend.getExpire("c")).isEqualTo(10);
  }
}
