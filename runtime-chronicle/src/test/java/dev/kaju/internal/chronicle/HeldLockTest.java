package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.contract.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Found in review: on disk, isLocked answered free when the file could not answer, and the entries bound evicted held locks. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
@DisplayName("disk: a held lock is never evicted nor reported free")
class HeldLockTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  @Test
  @DisplayName("a held lock is not evicted by the entries bound, so a second caller cannot take it")
  void heldLockSurvivesEviction() {
    try (ChronicleBackend b = DiskConfigs.backend(dir, clock, "entries", "500")) {
      assertThat(b.setLock("job", "A", Duration.ofMinutes(10))).isTrue(); // A holds the lock for its long job
      for (int i = 0; i < 2_000; i++) { // ordinary traffic meanwhile
        clock.advance(Duration.ofMillis(5));
        b.set("k" + i, "v" + i, null, dev.kaju.spi.Backend.SetMode.ALWAYS);
      }
      assertThat(b.setLock("job", "B", Duration.ofMinutes(10))).as("B is told it holds A's lock").isFalse();
    }
  }

  @Test
  @DisplayName("isLocked on a held lock whose segment the file cannot lock answers held, not free")
  void isLockedFailsClosed() throws Exception {
    try (ChronicleBackend b = DiskConfigs.backend(dir, clock)) {
      assertThat(b.setLock("job", "A", Duration.ofMinutes(5))).isTrue(); // A holds the lock
      b.lockWaitMillis = 100;
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // what a process killed mid-write on this segment leaves behind
      Thread holder = new Thread(() -> {
        DiskStore store = DiskStore.open(dir, new DiskStore.Params(100_000, 32, 256));
        try (ExternalMapQueryContext<String, byte[], ?> c = store.map.queryContext("job")) {
          c.writeLock().lock();
          held.countDown();
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          store.release();
        }
      });
      holder.start();
      held.await();
      try {
        // B checks before doing the exclusive work: "free" would let it run alongside A
        assertThat(b.isLocked("job")).as("isLocked while the file cannot answer").isTrue();
      } finally {
        release.countDown();
        holder.join();
      }
    }
  }
}
