package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.spi.Backend;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("disk backend: options, restart, bound, purge and recovery")
class ChronicleBackendTest {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  /** A backend made by the factory directly, to look at what the map holds. */
  private ChronicleBackend backend(String... options) {
    return DiskConfigs.backend(dir, clock, options);
  }

  private Cache cache(String query) {
    return Cache.create().setup("disk://?" + query, Settings.builder().clock(clock).option("directory", dir.toString()).build());
  }

  private Stream<String> setAside() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bad")).collect(Collectors.toList()).stream();
    }
  }

  // ---- options ----

  @Test
  @DisplayName("without the directory option, setup fails saying how to give it")
  void missingDirectory() {
    assertThatThrownBy(() -> Cache.create().setup("disk://?entries=10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disk:// needs the option directory")
        .hasMessageContaining("disk://?directory=");
    assertThatThrownBy(() -> Cache.create().setup("chronicle://"))
        .hasMessageContaining("chronicle:// needs the option directory");
  }

  @Test
  @DisplayName("a folder in the URL path is refused rather than ignored")
  void directoryInPath() {
    assertThatThrownBy(() -> Cache.create().setup("disk:///var/cache/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory option");
  }

  @Test
  @DisplayName("bad option values and unknown options are named")
  void badOptions() {
    assertThatThrownBy(() -> Cache.create().setup("disk://?directory=" + dir + "&entries=0"))
        .hasMessageContaining("entries must be positive");
    assertThatThrownBy(() -> Cache.create().setup("disk://?directory=" + dir + "&entires=5"))
        .hasMessageContaining("entries");
    assertThatThrownBy(() -> Cache.create().setup("disk://?directory=" + dir + "&digestmod=sha384"))
        .hasMessageContaining("digestmod");
  }

  @Test
  @DisplayName("chronicle:// is the same backend, and the URL and Settings spellings agree")
  void alias() {
    try (Cache cache = Cache.create().setup("chronicle://?directory=" + dir + "&entries=500&check_interval=1s")) {
      cache.set("k", "v");
      assertThat((Object) cache.get("k")).isEqualTo("v");
    }
    try (Cache cache = cache("entries=500")) {
      assertThat((Object) cache.get("k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("Chronicle's usage analytics are off once the backend is loaded")
  void analyticsOff() {
    new ChronicleBackendFactory();
    assertThat(System.getProperty("chronicle.analytics.disable")).isEqualTo("true");
  }

  // ---- restart ----

  @Test
  @DisplayName("a closed and reopened directory keeps values, TTLs, counters and structures")
  void reopen() {
    try (Cache cache = cache("entries=1000")) {
      cache.set("forever", List.of(1, 2, 3));
      cache.set("ttl", "soon", Duration.ofSeconds(100));
      cache.incr("count", 5);
      cache.setAdd("tags", null, "a", "b");
      cache.incrBits("bloom", 2, 1, 7);
    }
    clock.advance(Duration.ofSeconds(40));
    try (Cache cache = cache("entries=1000")) {
      assertThat((Object) cache.get("forever")).isEqualTo(List.of(1, 2, 3));
      assertThat(cache.getExpire("ttl")).isEqualTo(60);
      assertThat(cache.incr("count")).isEqualTo(6);
      assertThat(cache.getBits("bloom", 2, 7)).containsExactly(1);
      assertThat(cache.setPop("tags", 5)).containsExactly("a", "b");
      clock.advance(Duration.ofSeconds(61));
      assertThat((Object) cache.get("ttl")).isNull();
    }
  }

  @Test
  @DisplayName("values are signed with a secret; read with another secret they are misses")
  void signed() {
    try (Cache cache = cache("secret=one")) {
      cache.set("k", "v");
      cache.incr("n");
      assertThat((Object) cache.get("k")).isEqualTo("v");
      assertThat(new String((byte[]) cache.getRaw("k"))).startsWith("sha256:");
    }
    try (LogCapture log = new LogCapture(); Cache cache = cache("secret=two")) {
      assertThat((Object) cache.get("k")).isNull();
      assertThat((Object) cache.get("n")).isEqualTo(1L); // a Long is never signed, as on Redis
      assertThat(log.messages).anyMatch(m -> m.contains("'k'") && m.contains("signature"));
    }
  }

  @Test
  @DisplayName("setRaw stores bytes as they are; other types are refused")
  void raw() {
    try (ChronicleBackend b = backend()) {
      b.setRaw("r", "12".getBytes(), null);
      assertThat((byte[]) b.getRaw("r")).isEqualTo("12".getBytes());
      assertThat(b.get("r")).isEqualTo(12L);
      assertThatThrownBy(() -> b.setRaw("x", 5, null)).hasMessageContaining("byte[]");
    }
  }

  // ---- time and waits, without timing windows ----

  @Test
  @DisplayName("getExpire and expiry follow the injected clock to the millisecond")
  void expiryBoundaries() {
    try (Cache cache = cache("entries=1000")) {
      cache.set("k", "v", Duration.ofMillis(1_500));
      assertThat(cache.getExpire("k")).isEqualTo(2); // 1.5 s rounds to 2
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.getExpire("k")).isEqualTo(1); // 1.499 s
      clock.advance(Duration.ofMillis(998));
      assertThat(cache.getExpire("k")).isEqualTo(1); // 0.501 s
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.getExpire("k")).isEqualTo(1); // 0.5 s rounds up
      clock.advance(Duration.ofMillis(499));
      assertThat(cache.getExpire("k")).isZero(); // 1 ms left: still there
      assertThat((Object) cache.get("k")).isEqualTo("v");
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.getExpire("k")).isEqualTo(-2); // expired at exactly its time
      assertThat((Object) cache.get("k")).isNull();
    }
  }

  /** A cache whose middleware counts down {@code seen} each time {@code command} answers {@code answer}. */
  private Cache watching(Command command, Object answer, CountDownLatch seen) {
    Middleware watch =
        (call, chain) -> {
          Object result = chain.proceed(call);
          if (call.command() == command && answer.equals(result)) {
            seen.countDown();
          }
          return result;
        };
    return Cache.create()
        .setup("disk://?entries=1000", Settings.builder().clock(clock).option("directory", dir.toString()).middlewares(watch).build());
  }

  @Test
  @DisplayName("lock() waits while another holds the lock: its refused attempt is seen before the holder releases")
  void lockWaits() throws Exception {
    CountDownLatch refused = new CountDownLatch(1);
    try (Cache cache = watching(Command.SET_LOCK, false, refused)) {
      Cache.Lock first = cache.lock("w", Duration.ofSeconds(30));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<String> second =
            pool.submit(
                () -> {
                  try (Cache.Lock l = cache.lock("w", Duration.ofSeconds(30), Duration.ofSeconds(60))) {
                    return l.value();
                  }
                });
        assertThat(refused.await(60, TimeUnit.SECONDS)).as("the waiter tried and was refused").isTrue();
        assertThat(second).isNotDone(); // it is waiting, not failed: the holder still has the lock
        assertThat(cache.isLocked("w")).isTrue();
        first.close();
        assertThat(second.get(60, TimeUnit.SECONDS)).isNotEqualTo(first.value());
      } finally {
        pool.shutdownNow();
      }
      assertThat(cache.isLocked("w")).isFalse();
    }
  }

  @Test
  @DisplayName("isLocked with a wait returns false once the lock is released, after having seen it held")
  void isLockedWaits() throws Exception {
    CountDownLatch held = new CountDownLatch(2); // the caller's own check, then the waiter's
    try (Cache cache = watching(Command.IS_LOCKED, true, held)) {
      assertThat(cache.setLock("w", "v", Duration.ofSeconds(30))).isTrue();
      assertThat(cache.isLocked("w")).isTrue();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Boolean> waiting = pool.submit(() -> cache.isLocked("w", Duration.ofSeconds(60)));
        assertThat(held.await(60, TimeUnit.SECONDS)).as("the waiter saw the lock held").isTrue();
        assertThat(cache.unlock("w", "v")).isTrue();
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isFalse();
      } finally {
        pool.shutdownNow();
      }
      // a lock that stays held: the wait runs out and answers true
      assertThat(cache.setLock("w", "v", Duration.ofSeconds(30))).isTrue();
      assertThat(cache.isLocked("w", Duration.ofMillis(1))).isTrue();
    }
  }

  // ---- bound ----

  @Test
  @DisplayName("filling past entries: every write succeeds and the map stays bounded; a key read often stays")
  void bounded() {
    try (ChronicleBackend b = backend("entries", "1000", "average_value_size", "32")) {
      for (int i = 0; i < 6_000; i++) {
        assertThat(b.set("k:" + i, "value " + i, null, Backend.SetMode.ALWAYS)).isTrue();
        clock.advance(Duration.ofMillis(10));
        assertThat(b.get("hot")).as("hot key at write %d", i).isEqualTo(i == 0 ? null : "hot");
        if (i == 0) {
          b.set("hot", "hot", null, Backend.SetMode.ALWAYS);
        }
        assertThat(b.storedEntries()).isLessThanOrEqualTo(1_000);
      }
      assertThat(b.getKeysCount()).isBetween(900L, 1_000L);
      assertThat(b.get("k:5999")).isEqualTo("value 5999");
      assertThat(b.get("k:0")).isNull();
    }
  }

  @Test
  @DisplayName("threads filling the map together keep it near entries, without evicting once each")
  void boundedConcurrently() throws Exception {
    try (ChronicleBackend b = backend("entries", "1000")) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          writers.add(pool.submit(() -> {
            for (int i = 0; i < 2_000; i++) {
              assertThat(b.set("t" + thread + ":" + i, i, null, Backend.SetMode.ALWAYS)).isTrue();
            }
          }));
        }
        for (Future<?> f : writers) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      // each writer checks the size before it inserts: at most one key each past the bound
      assertThat(b.storedEntries()).isBetween(980L, 1_004L);
    }
  }

  @Test
  @DisplayName("when full, expired entries are evicted before live ones")
  void expiredFirst() {
    try (ChronicleBackend b = backend("entries", "100")) {
      for (int i = 0; i < 50; i++) {
        b.set("keep:" + i, i, null, Backend.SetMode.ALWAYS);
        b.set("old:" + i, i, Duration.ofSeconds(1), Backend.SetMode.ALWAYS);
      }
      clock.advance(Duration.ofSeconds(2));
      for (int i = 0; i < 20; i++) {
        b.set("new:" + i, i, null, Backend.SetMode.ALWAYS);
      }
      for (int i = 0; i < 50; i++) {
        assertThat(b.get("keep:" + i)).as("keep:" + i).isEqualTo(i);
      }
      assertThat(b.storedEntries()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  @DisplayName("values much larger than average_value_size still fit")
  void largeValues() {
    try (ChronicleBackend b = backend("entries", "200", "average_value_size", "16")) {
      String big = "x".repeat(4_000);
      for (int i = 0; i < 400; i++) {
        assertThat(b.set("big:" + i, big, null, Backend.SetMode.ALWAYS)).isTrue();
      }
      assertThat(b.get("big:399")).isEqualTo(big);
      assertThat(b.storedEntries()).isLessThanOrEqualTo(200);
    }
  }

  // ---- purge ----

  @Test
  @DisplayName("the purge removes expired entries from the file")
  void purge() {
    try (ChronicleBackend b = backend()) {
      for (int i = 0; i < 100; i++) {
        b.set("t:" + i, i, Duration.ofSeconds(1), Backend.SetMode.ALWAYS);
      }
      b.set("stay", 1, null, Backend.SetMode.ALWAYS);
      clock.advance(Duration.ofSeconds(2));
      assertThat(b.storedEntries()).isEqualTo(101);
      b.purgeExpired();
      assertThat(b.storedEntries()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("the background purge runs every check_interval")
  void backgroundPurge() throws InterruptedException {
    try (ChronicleBackend b = backend("check_interval", "50ms")) {
      b.set("t", 1, Duration.ofSeconds(1), Backend.SetMode.ALWAYS);
      b.set("stay", 1, null, Backend.SetMode.ALWAYS);
      CountDownLatch first = new CountDownLatch(1);
      b.afterPurge = first::countDown;
      assertThat(first.await(30, TimeUnit.SECONDS)).as("a background purge ran").isTrue();
      assertThat(b.storedEntries()).isEqualTo(2); // nothing had expired
      clock.advance(Duration.ofSeconds(2));
      // two runs: the first to count down may have read the time before the clock moved, the second
      // (runs are one after the other on one thread) started after it
      CountDownLatch after = new CountDownLatch(2);
      b.afterPurge = after::countDown;
      assertThat(after.await(30, TimeUnit.SECONDS)).as("two more background purges ran").isTrue();
      assertThat(b.storedEntries()).isEqualTo(1);
      assertThat(b.get("stay")).isEqualTo(1);
    }
  }

  // ---- recovery ----

  private void fill() {
    try (Cache cache = cache("entries=1000")) {
      for (int i = 0; i < 100; i++) {
        cache.set("k:" + i, "v" + i);
      }
    }
  }

  @Test
  @DisplayName("a file overwritten with garbage is set aside and recreated, the loss logged")
  void garbage() throws IOException {
    fill();
    Path data = dir.resolve(DiskStore.DATA);
    long length = Files.size(data);
    byte[] junk = new byte[(int) Math.min(length, 1 << 20)];
    new Random(42).nextBytes(junk);
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.write(junk);
    }
    try (LogCapture log = new LogCapture(); Cache cache = cache("entries=1000")) {
      assertThat(log.messages).anyMatch(m -> m.contains("lost"));
      cache.set("new", "ok");
      assertThat((Object) cache.get("new")).isEqualTo("ok");
    }
  }

  @Test
  @DisplayName("garbage over the entries of a closed file (header intact) is caught by the seal and set aside")
  void garbageInEntries() throws IOException {
    fill();
    Path data = dir.resolve(DiskStore.DATA);
    long length = Files.size(data);
    byte[] junk = new byte[(int) Math.min(length - 65_536, 1 << 20)];
    new Random(7).nextBytes(junk);
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.seek(65_536);
      f.write(junk);
    }
    try (LogCapture log = new LogCapture(); Cache cache = cache("entries=1000")) {
      assertThat(log.messages).anyMatch(m -> m.contains("changed after it was closed") && m.contains("entries are lost"));
      assertThat(setAside()).hasSize(2);
      assertThat((Object) cache.get("k:1")).isNull();
      cache.set("new", "ok");
      assertThat((Object) cache.get("new")).isEqualTo("ok");
    }
  }

  @Test
  @DisplayName("a truncated file is set aside with a timestamp suffix and recreated")
  void truncated() throws IOException {
    fill();
    Path data = dir.resolve(DiskStore.DATA);
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(100);
    }
    try (LogCapture log = new LogCapture(); Cache cache = cache("entries=1000")) {
      assertThat(log.messages).anyMatch(m -> m.contains("moved it aside") && m.contains("entries are lost"));
      assertThat(setAside()).anyMatch(n -> n.matches("kaju\\.cmap\\.\\d{8}T\\d{6}\\.\\d{3}Z\\.bad"));
      assertThat((Object) cache.get("k:1")).isNull();
      cache.set("new", "ok");
      assertThat((Object) cache.get("new")).isEqualTo("ok");
    }
  }

  @Test
  @DisplayName("a file made with other parameters is set aside, saying which")
  void otherParameters() throws IOException {
    fill();
    try (LogCapture log = new LogCapture(); Cache cache = cache("entries=2000")) {
      assertThat(log.messages).anyMatch(m -> m.contains("other parameters") && m.contains("entries=1000 (now 2000)"));
      assertThat(setAside()).hasSize(2); // the map and its parameters
      assertThat((Object) cache.get("k:1")).isNull();
    }
  }

  @Test
  @DisplayName("a file closed cleanly reopens without recovery, and a second close seals it again")
  void sealed() throws IOException {
    fill();
    assertThat(dir.resolve(DiskStore.CLEAN)).exists();
    try (LogCapture log = new LogCapture(); Cache cache = cache("entries=1000")) {
      assertThat(dir.resolve(DiskStore.CLEAN)).doesNotExist(); // a crash from here on means recovery
      assertThat((Object) cache.get("k:7")).isEqualTo("v7");
      assertThat(log.messages).isEmpty();
    }
    assertThat(dir.resolve(DiskStore.CLEAN)).exists();
  }

  @Test
  @DisplayName("two backends of one JVM on one directory share the map")
  void sameJvm() throws IOException {
    try (Cache b = cache("entries=1000")) {
      // another spelling of the same folder: a symbolic link to it
      String other = Files.createSymbolicLink(dir.resolve("link"), dir).toString();
      try (Cache a = Cache.create().setup("disk://?entries=1000&directory=" + other)) {
        a.set("k", "v");
        assertThat((Object) b.get("k")).isEqualTo("v");
      }
      assertThat((Object) b.get("k")).isEqualTo("v");
    }
  }
}
