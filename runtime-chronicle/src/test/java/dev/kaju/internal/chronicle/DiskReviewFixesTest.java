package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.spi.Backend;
import dev.kaju.spi.ValueCodec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The review's findings beyond its own four tests: locks, async, the purge, the files. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@DisplayName("disk: fixes from the review of the hardening (locks, async threads, purge, directories)")
class DiskReviewFixesTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  /** A map that throws {@code error} from every call while {@code failing} is set. */
  @SuppressWarnings("unchecked")
  private static ChronicleMap<String, byte[]> failingWhen(ChronicleMap<String, byte[]> map, AtomicBoolean failing, Error error) {
    InvocationHandler h =
        (proxy, method, args) -> {
          if (failing.get() && method.getDeclaringClass() != Object.class) {
            throw error;
          }
          try {
            return method.invoke(map, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (ChronicleMap<String, byte[]>)
        Proxy.newProxyInstance(DiskReviewFixesTest.class.getClassLoader(), new Class<?>[] {ChronicleMap.class}, h);
  }

  private ChronicleBackend failing(AtomicBoolean failing, Error error, Duration checkInterval, boolean suppress) {
    DiskStore store = DiskStore.open(dir, new DiskStore.Params(1000, 32, 256));
    ValueCodec codec = ValueCodec.from(DiskConfigs.config(dir, clock));
    return new ChronicleBackend(store, failingWhen(store.map, failing, error), codec, clock, checkInterval, suppress);
  }

  // ---- locks ----

  @Test
  @DisplayName("suppress=false: isLocked throws when the file cannot answer, rather than answering free")
  void isLockedThrowsUnsuppressed() {
    AtomicBoolean failing = new AtomicBoolean();
    try (ChronicleBackend b = failing(failing, new InternalError("a fault"), Duration.ZERO, false)) {
      assertThat(b.setLock("job", "A", Duration.ofMinutes(5))).isTrue();
      failing.set(true);
      assertThatThrownBy(() -> b.isLocked("job"))
          .isInstanceOf(CacheBackendException.class)
          .hasMessageContaining("isLocked 'job'");
      failing.set(false);
      assertThat(b.isLocked("job")).isTrue();
    }
  }

  @Test
  @DisplayName("suppress=true: isLocked answers held when the file cannot answer, even for a free key")
  void isLockedFailsClosedSuppressed() {
    AtomicBoolean failing = new AtomicBoolean();
    try (ChronicleBackend b = failing(failing, new InternalError("a fault"), Duration.ZERO, true)) {
      failing.set(true);
      assertThat(b.isLocked("free")).isTrue();
      failing.set(false);
      assertThat(b.isLocked("free")).isFalse();
    }
  }

  @Test
  @DisplayName("a lock reads like a value, is released by its holder, survives a restart and is not evicted after it")
  void lockEntries() {
    try (ChronicleBackend b = DiskConfigs.backend(dir, clock, "entries", "500")) {
      assertThat(b.setLock("job", "A", Duration.ofMinutes(10))).isTrue();
      assertThat(b.get("job")).isEqualTo("A");
      assertThat(b.isLocked("job")).isTrue();
      assertThat(b.unlock("job", "B")).isFalse();
      assertThat(b.unlock("job", "A")).isTrue();
      assertThat(b.isLocked("job")).isFalse();
      b.set("plain", "v", null, Backend.SetMode.ALWAYS);
      assertThat(b.isLocked("plain")).as("a plain value, as before").isTrue();
      b.setAdd("tags", null, "a");
      assertThat(b.isLocked("tags")).as("a set is not a lock").isFalse();
      assertThat(b.setLock("job", "A", Duration.ofMinutes(10))).isTrue();
      assertThat(b.getMatch("j*", 10)).toIterable().extracting(e -> e.getValue()).containsExactly("A");
      assertThatThrownBy(() -> b.incr("job", 1, null)).isInstanceOf(ChronicleBackend.WrongKind.class).hasMessageContaining("a lock");
    }
    try (ChronicleBackend b = DiskConfigs.backend(dir, clock, "entries", "500")) {
      for (int i = 0; i < 2_000; i++) {
        clock.advance(Duration.ofMillis(5));
        b.set("k" + i, "v" + i, null, Backend.SetMode.ALWAYS);
      }
      assertThat(b.setLock("job", "B", Duration.ofMinutes(10))).as("A's lock, after a restart and evictions").isFalse();
      clock.advance(Duration.ofMinutes(10));
      assertThat(b.setLock("job", "B", Duration.ofMinutes(10))).as("once it expired").isTrue();
    }
  }

  // ---- async ----

  private static Set<Thread> diskIoThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("kaju-disk-io-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("an async get runs on a kaju-disk-io thread, not the caller's, and the threads stop after close")
  void asyncOffTheCallersThread() throws Exception {
    int before = ChronicleBackend.IO.users();
    CompletableFuture<Object> got;
    try (Cache cache = Cache.create().setup("disk://", Settings.builder().clock(clock).option("directory", dir.toString()).build())) {
      cache.set("job", "v");
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // a lock word that stays set for a while: a command on the segment waits for it
      Thread holder =
          new Thread(
              () -> {
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
      long start = System.nanoTime();
      got = cache.async().get("job").toCompletableFuture();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      try {
        assertThat(tookMillis).as("the caller did not wait for the lock").isLessThan(500);
        assertThat(got).isNotDone();
        Set<Thread> io = diskIoThreads();
        assertThat(io).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(io)
            .as("a kaju-disk-io thread runs the get")
            .anyMatch(t -> Stream.of(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(ChronicleBackend.class.getName())));
      } finally {
        release.countDown();
        holder.join();
      }
      assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(ChronicleBackend.IO.users()).isEqualTo(before);
    if (before == 0) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!diskIoThreads().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(diskIoThreads()).as("kaju-disk-io threads after the last disk cache closed").isEmpty();
    }
  }

  @Test
  @DisplayName("an async command on a closed disk backend fails its stage, it does not hang")
  void asyncAfterClose() {
    ChronicleBackend b = DiskConfigs.backend(dir, clock);
    b.close();
    assertThat(b.executeAsync(new dev.kaju.Command.Get("k")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(30));
  }

  // ---- the purge ----

  @Test
  @DisplayName("the background purge keeps running after an Error that is not an InternalError")
  void purgeSurvivesAnyThrowable() throws InterruptedException {
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch again = new CountDownLatch(2);
    try (LogCapture log = new LogCapture();
        ChronicleBackend b = failing(failing, new StackOverflowError("deep"), Duration.ofMillis(50), true)) {
      b.afterPurge =
          () -> {
            if (runs.incrementAndGet() == 1) {
              failing.set(false);
              throw new OutOfMemoryError("thrown by a test after the first purge");
            }
            again.countDown();
          };
      assertThat(again.await(30, TimeUnit.SECONDS)).as("purges ran after the failing ones").isTrue();
      assertThat(log.messages).anyMatch(m -> m.contains("background purge failed") && m.contains("StackOverflowError"));
    }
  }

  // ---- the files ----

  @Test
  @DisplayName("joining a directory in use whose kaju.properties is missing is refused, not done unchecked")
  void sharedWithoutParameters() throws Exception {
    Files.writeString(dir.resolve(DiskStore.DATA), "");
    assertThatThrownBy(() -> DiskStore.openShared(dir, new DiskStore.Params(1000, 32, 256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entries unknown");
  }

  @Test
  @DisplayName("of two maps set aside in one millisecond, the newer (-1) is kept")
  void pruneKeepsNewestOfOneMillisecond() throws Exception {
    List<String> stamps =
        List.of(
            ".20261201T100000.000Z.bad",
            ".20261201T100000.001Z.bad",
            ".20261201T100000.002Z.bad",
            ".20261201T100000.002Z-1.bad",
            ".20261201T100000.002Z-2.bad",
            ".20261201T100000.002Z-10.bad");
    for (String s : stamps) {
      Files.writeString(dir.resolve(DiskStore.DATA + s), "");
      Files.writeString(dir.resolve(DiskStore.PARAMS + s), "");
    }
    DiskStore.pruneSetAside(dir);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(DiskStore.DATA)))
          .containsExactlyInAnyOrder(
              DiskStore.DATA + ".20261201T100000.002Z-1.bad",
              DiskStore.DATA + ".20261201T100000.002Z-2.bad",
              DiskStore.DATA + ".20261201T100000.002Z-10.bad");
    }
  }
}
