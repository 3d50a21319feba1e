package dev.kaju.internal.chronicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kaju.Cache;
import dev.kaju.CacheBackendException;
import dev.kaju.Settings;
import dev.kaju.contract.FakeClock;
import dev.kaju.spi.Backend;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.spi.ValueCodec;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a shared store is hostile ground. Whoever can write to the disk files may plant any
 * bytes; nothing read back may load a class, pin a thread, allocate without bound, or hand one
 * caller another caller's data.
 */
@DisplayName("issue 10: the disk files are hostile ground")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class Issue10Test {
  static {
    System.setProperty("chronicle.analytics.disable", "true");
  }

  private final FakeClock clock = new FakeClock();
  @TempDir Path dir;

  private ChronicleBackend backend(String... options) {
    return DiskConfigs.backend(dir, clock, options);
  }

  /** The store the backends of {@link #dir} share (this JVM has it open already). */
  private DiskStore store() {
    DiskStore store = DiskStore.open(dir, new DiskStore.Params(100_000, 32, 256));
    store.release(); // only looked at: the backends hold it open
    return store;
  }

  /** Stored bytes as {@link Stored} lays them out, with any payload, put straight into the map. */
  private void plant(String key, byte type, byte[] payload) {
    store().map.put(key, Stored.of(type, Stored.NO_EXPIRY, clock.millis(), payload));
  }

  private static byte[] ints(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  // ---- 1: sizes read from the file ----

  @Test
  @DisplayName("a planted set claiming 2^29 members is a miss, not a 4 GB allocation")
  void plantedMemberCount() {
    try (LogCapture log = new LogCapture(); ChronicleBackend b = backend()) {
      plant("s", Stored.SET, ints(1 << 29, 1, 'a'));
      assertThat(b.setPop("s", 10)).isEmpty();
      plant("s", Stored.SET, ints(1 << 29, 1, 'a'));
      assertThat(b.setAdd("s", null, "x")).isEqualTo(1); // replaces the damaged entry
      assertThat(b.setPop("s", 10)).containsExactly("x");
      assertThat(log.messages).anyMatch(m -> m.contains("'s' is damaged") && m.contains("536870912 members"));
    }
  }

  @Test
  @DisplayName("a planted member length past the end of the entry is a miss, not an exception")
  void plantedMemberLength() {
    try (LogCapture log = new LogCapture(); ChronicleBackend b = backend()) {
      byte[] payload = ints(1, Integer.MAX_VALUE, 0x61626364);
      plant("s", Stored.SET, payload);
      assertThat(b.setRemove("s", "abcd")).isZero();
      plant("s", Stored.SET, ints(2, 1, 'a' << 24, -5));
      assertThat(b.setPop("s", 1)).isEmpty();
      plant("w", Stored.SLICE, new byte[13]); // not whole 8-byte words
      assertThat(b.sliceIncr("w", 0, 10, 5, null)).isEqualTo(1);
      plant("bits", Stored.BITS, new byte[7]);
      assertThat(b.getBits("bits", 2, 3)).containsExactly(0);
      plant("t", (byte) 'z', new byte[3]);
      assertThat(b.get("t")).isNull();
      assertThat(b.getKeysCount()).isEqualTo(1); // w, rewritten by sliceIncr; the rest is damaged
      assertThat(log.messages).anyMatch(m -> m.contains("'s' is damaged") && m.contains("2147483647 bytes long"));
    }
  }

  /** Where in the entry of {@code key} its value's size is written (Chronicle's stop-bit encoding). */
  private static long sizeField(Data<byte[]> value) {
    long size = value.size();
    int length = 1;
    for (long s = size >>> 7; s != 0; s >>>= 7) {
      length++;
    }
    return value.offset() - length;
  }

  @Test
  @DisplayName("a value size in the file rewritten to 256 MB is a miss, not a 256 MB read past the entry")
  void plantedValueSize() {
    try (LogCapture log = new LogCapture(); ChronicleBackend b = backend()) {
      String big = "x".repeat(2_200_000); // a size of 4 stop-bit bytes
      b.set("big", big, null, Backend.SetMode.ALWAYS);
      b.set("next", "v", null, Backend.SetMode.ALWAYS);
      ChronicleMap<String, byte[]> map = store().map;
      try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext("big")) {
        c.updateLock().lock();
        MapEntry<String, byte[]> e = c.entry();
        assertThat(e).isNotNull();
        Data<byte[]> value = e.value();
        long at = sizeField(value);
        long read = 0;
        for (int i = 0; i < 4; i++) {
          read |= (long) (value.bytes().readByte(at + i) & 0x7F) << (7 * i);
        }
        assertThat(read).as("the size field before the value").isEqualTo(value.size());
        RandomDataOutput<?> out = (RandomDataOutput<?>) value.bytes();
        // what an attacker writing into the file does: the same 4 bytes now say 2^28 - 1
        out.writeByte(at, (byte) 0xFF);
        out.writeByte(at + 1, (byte) 0xFF);
        out.writeByte(at + 2, (byte) 0xFF);
        out.writeByte(at + 3, (byte) 0x7F);
      }
      assertThat(b.get("big")).isNull();
      assertThat(b.getSize("big")).isZero();
      assertThat(b.exists("big")).isFalse();
      assertThat(b.getKeysCount()).isEqualTo(1);
      assertThat(b.get("next")).isEqualTo("v");
      assertThat(log.messages).anyMatch(m -> m.contains("'big' is damaged") && m.contains("268435455 bytes"));
      assertThat(b.set("big", "small", null, Backend.SetMode.ALWAYS)).isTrue(); // the next write replaces it
      assertThat(b.get("big")).isEqualTo("small");
      // the false size freed no chunk of another entry: everything written since reads back
      for (int i = 0; i < 3_000; i++) {
        b.set("k" + i, "value " + i, null, Backend.SetMode.ALWAYS);
      }
      for (int i = 0; i < 3_000; i++) {
        assertThat(b.get("k" + i)).isEqualTo("value " + i);
      }
      assertThat(b.get("next")).isEqualTo("v");
      assertThat(b.get("big")).isEqualTo("small");
    }
  }

  // ---- 2: failures of the mapped file ----

  /** A map that throws what the JVM throws for a SIGBUS on a mapped page, while {@code failing} is set. */
  @SuppressWarnings("unchecked")
  private static ChronicleMap<String, byte[]> failingWhen(ChronicleMap<String, byte[]> map, AtomicBoolean failing) {
    InvocationHandler h =
        (proxy, method, args) -> {
          if (failing.get() && method.getDeclaringClass() != Object.class) {
            throw new InternalError("a fault occurred in an unsafe memory access operation");
          }
          try {
            return method.invoke(map, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (ChronicleMap<String, byte[]>)
        Proxy.newProxyInstance(Issue10Test.class.getClassLoader(), new Class<?>[] {ChronicleMap.class}, h);
  }

  private ChronicleBackend failing(AtomicBoolean failing, boolean suppress) {
    DiskStore store = DiskStore.open(dir, new DiskStore.Params(1000, 32, 256));
    ValueCodec codec = ValueCodec.from(DiskConfigs.config(dir, clock));
    return new ChronicleBackend(store, failingWhen(store.map, failing), codec, clock, Duration.ZERO, suppress);
  }

  @Test
  @DisplayName("suppress=true: an InternalError from the mapped file is a miss or a dropped write, logged once")
  void suppressedFileError() {
    AtomicBoolean failing = new AtomicBoolean();
    try (LogCapture log = new LogCapture(); ChronicleBackend b = failing(failing, true)) {
      b.set("k", "v", null, Backend.SetMode.ALWAYS);
      b.setAdd("tags", null, "a");
      failing.set(true);
      assertThat(b.get("k")).isNull();
      assertThat(b.getMany(List.of("k", "x"))).containsExactly(null, null);
      assertThat(b.getRaw("k")).isNull();
      assertThat(b.exists("k")).isFalse();
      assertThat(b.getExpire("k")).isEqualTo(-2);
      assertThat(b.getSize("k")).isZero();
      assertThat(b.set("k", "w", null, Backend.SetMode.ALWAYS)).isFalse();
      b.setMany(java.util.Map.of("m", "v"), null);
      assertThat(b.incr("n", 1, null)).isZero();
      assertThat(b.delete("k")).isFalse();
      assertThat(b.expire("k", Duration.ofSeconds(5))).isFalse();
      assertThat(b.scan("*", 10)).isExhausted();
      assertThat(b.getMatch("*", 10)).isExhausted();
      assertThat(b.deleteMatch("*")).isZero();
      assertThat(b.getKeysCount()).isZero();
      assertThat(b.setPop("tags", 1)).isEmpty();
      assertThat(b.getBits("bits", 2, 1)).containsExactly(0);
      assertThat(b.incrBits("bits", 2, 1, 1)).containsExactly(0);
      assertThat(b.setLock("lock", "me", Duration.ofSeconds(5))).as("a lock the file did not confirm is not held").isFalse();
      b.clear();
      assertThatThrownBy(() -> b.ping("PING")).isInstanceOf(CacheBackendException.class).hasCauseInstanceOf(InternalError.class);
      assertThat(log.messages.stream().filter(m -> m.contains("suppressed"))).hasSize(1); // rate-limited
      assertThat(log.messages).anyMatch(m -> m.contains("get 'k' on the disk cache") && m.contains("InternalError"));
      failing.set(false);
      assertThat(b.get("k")).isEqualTo("v");
      assertThat(b.setPop("tags", 1)).containsExactly("a");
    }
  }

  @Test
  @DisplayName("suppress=false: an InternalError from the mapped file is a CacheBackendException naming the command")
  void unsuppressedFileError() {
    AtomicBoolean failing = new AtomicBoolean();
    try (ChronicleBackend b = failing(failing, false)) {
      b.set("k", "v", null, Backend.SetMode.ALWAYS);
      failing.set(true);
      assertThatThrownBy(() -> b.get("k"))
          .isInstanceOf(CacheBackendException.class)
          .hasMessageContaining("get 'k' on the disk cache")
          .hasCauseInstanceOf(InternalError.class);
      assertThatThrownBy(() -> b.set("k", "w", null, Backend.SetMode.ALWAYS)).isInstanceOf(CacheBackendException.class);
      assertThatThrownBy(() -> b.incr("n", 1, null)).isInstanceOf(CacheBackendException.class);
      assertThatThrownBy(() -> b.scan("*", 10).hasNext()).isInstanceOf(CacheBackendException.class);
      failing.set(false);
      assertThat(b.get("k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("a lock left held fails commands after the lock wait instead of pinning the thread for Chronicle's 60 s")
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void heldLockDoesNotPin() throws Exception {
    try (LogCapture log = new LogCapture(); ChronicleBackend b = backend()) {
      b.set("k", "v", null, Backend.SetMode.ALWAYS);
      b.lockWaitMillis = 100;
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // what a process killed mid-write, or a lock word written into the file, leaves: a segment locked
      Thread holder =
          new Thread(
              () -> {
                try (ExternalMapQueryContext<String, byte[], ?> c = store().map.queryContext("k")) {
                  c.writeLock().lock();
                  held.countDown();
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "test-lock-holder");
      holder.start();
      try {
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get("k")).isNull();
        assertThat(b.set("k", "w", null, Backend.SetMode.ALWAYS)).isFalse();
        assertThat(b.incr("n", 1, null)).isNotNegative(); // another segment, or a dropped write
        assertThat(b.getKeysCount()).isZero();
        assertThat(b.scan("*", 10)).isExhausted();
        assertThat(log.messages).anyMatch(m -> m.contains("get 'k'") && m.contains("stayed held for 100 ms"));
      } finally {
        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertThat(b.get("k")).isEqualTo("v");
    }
  }

  @Test
  @DisplayName("a command on a key of the wrong kind still throws IllegalStateException, suppressed or not")
  void wrongKindIsNotSuppressed() {
    try (ChronicleBackend b = backend()) {
      b.set("k", "text", null, Backend.SetMode.ALWAYS);
      assertThatThrownBy(() -> b.incr("k", 1, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not an integer counter");
      assertThatThrownBy(() -> b.setAdd("k", null, "a")).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName("suppress is an option of disk://, checked like the others")
  void suppressOption() {
    assertThatThrownBy(() -> Cache.create().setup("disk://?directory=" + dir + "&suppress=maybe"))
        .hasMessageContaining("suppress");
    try (Cache cache = Cache.create().setup("disk://?entries=1000&suppress=false&directory=" + dir)) {
      cache.set("k", "v");
      assertThat((Object) cache.get("k")).isEqualTo("v");
    }
  }

  // ---- 3: parameters that shape the file ----

  @Test
  @DisplayName("a second cache on an open directory with another entries is refused, naming both values")
  void mismatchedEntriesInOneJvm() {
    try (Cache first = Cache.create().setup("disk://?entries=1000&directory=" + dir)) {
      first.set("k", "v");
      assertThatThrownBy(() -> Cache.create().setup("disk://?entries=2000&directory=" + dir))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is open in this JVM with other parameters")
          .hasMessageContaining("entries 1000 (this setup asks for 2000)")
          .hasMessageContaining("use entries=1000, or use another directory");
      assertThatThrownBy(() -> Cache.create().setup("disk://?entries=1000&average_value_size=64&directory=" + dir))
          .hasMessageContaining("average_value_size 256 (this setup asks for 64)");
      try (Cache same = Cache.create().setup("disk://?entries=1000&directory=" + dir)) {
        assertThat((Object) same.get("k")).isEqualTo("v");
      }
      assertThat((Object) first.get("k")).isEqualTo("v"); // the refused setups released nothing of it
    }
  }

  // ---- 4: set-aside files ----

  private List<String> files(String regex) throws IOException {
    Pattern p = Pattern.compile(regex);
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> p.matcher(n).matches()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  @DisplayName("set-aside files do not pile up: the 3 newest maps and their parameters are kept")
  void setAsidePruned() throws IOException {
    for (int day = 1; day <= 5; day++) {
      Files.write(dir.resolve("kaju.cmap.2020010" + day + "T000000.000Z.bad"), new byte[10]);
      Files.write(dir.resolve("kaju.properties.2020010" + day + "T000000.000Z.bad"), new byte[1]);
    }
    try (Cache cache = Cache.create().setup("disk://?entries=1000&directory=" + dir)) {
      cache.set("k", "v");
    }
    try (LogCapture log = new LogCapture(); Cache cache = Cache.create().setup("disk://?entries=2000&directory=" + dir)) {
      assertThat(log.messages).anyMatch(m -> m.contains("moved it aside"));
    }
    List<String> maps = files("kaju\\.cmap\\..*\\.bad");
    assertThat(maps).hasSize(DiskStore.KEEP_BAD).contains("kaju.cmap.20200105T000000.000Z.bad", "kaju.cmap.20200104T000000.000Z.bad");
    assertThat(maps).anyMatch(n -> n.startsWith("kaju.cmap.20261") || !n.startsWith("kaju.cmap.2020"));
    assertThat(files("kaju\\.properties\\..*\\.bad"))
        .containsExactlyElementsOf(maps.stream().map(n -> n.replace("kaju.cmap", "kaju.properties")).collect(Collectors.toList()));
  }

  // ---- 5: close ----

  @Test
  @DisplayName("closes racing on one backend release its share of the store once: the other backend keeps working")
  void concurrentCloses() throws Exception {
    try (ChronicleBackend other = backend("entries", "1000")) {
      for (int round = 0; round < 500; round++) {
        ChronicleBackend b = backend("entries", "1000");
        int threads = 8;
        CyclicBarrier go = new CyclicBarrier(threads);
        List<Thread> closers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Thread thread =
              new Thread(
                  () -> {
                    try {
                      go.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                    b.close();
                  });
          thread.start();
          closers.add(thread);
        }
        for (Thread t : closers) {
          t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(other.set("k", round, null, Backend.SetMode.ALWAYS)).as("round %d", round).isTrue();
        assertThat(other.get("k")).isEqualTo(round);
      }
    }
  }

  // ---- 6: threads ----

  private static Set<Thread> kajuThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("kaju-"))
        .collect(Collectors.toSet());
  }

  /** Waits, until a deadline, for every thread of {@code threads} to end; returns those still alive. */
  private static List<Thread> awaitEnd(Set<Thread> threads, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    for (Thread t : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left > 0) {
        t.join(left);
      }
    }
    return threads.stream().filter(Thread::isAlive).collect(Collectors.toList());
  }

  @Test
  @DisplayName("100 disk caches set up and closed leave no thread behind; the purge thread is a kaju- daemon")
  void noThreadLeft() throws Exception {
    Set<Thread> kajuBefore = kajuThreads();
    // Chronicle's own one-per-JVM threads, if any, start with the first map
    Cache.create().setup("disk://?entries=1000&check_interval=1s&directory=" + dir).close();
    Set<Thread> warm = kajuThreads();
    warm.removeAll(kajuBefore);
    // the first cache's purge thread ends with it, but maybe not yet: wait, so it is not counted below
    assertThat(awaitEnd(warm, Duration.ofSeconds(30))).as("kaju- threads of the first cache").isEmpty();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    for (int i = 0; i < 100; i++) {
      Cache cache = Cache.create().setup("disk://?entries=1000&check_interval=1s&directory=" + dir);
      cache.set("k" + i, i);
      if (i == 0) {
        Set<Thread> purge = kajuThreads();
        purge.removeAll(kajuBefore);
        assertThat(purge).extracting(Thread::getName).containsExactly("kaju-disk-purge");
        assertThat(purge).allMatch(Thread::isDaemon);
      }
      cache.close();
    }
    Set<Thread> started = kajuThreads();
    started.removeAll(kajuBefore);
    assertThat(awaitEnd(started, Duration.ofSeconds(30))).as("kaju- threads still running").isEmpty();
    Set<Thread> more = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    more.removeAll(before);
    assertThat(awaitEnd(more, Duration.ofSeconds(30))).as("threads started since the first cache").isEmpty();
  }

  // ---- 7: counters read back through a codec with a secret ----

  /**
   * What the codec does with a secret once the codec change lands: unsigned digits decode to an
   * {@link UnsignedCounter}, a {@code Long} that is set is signed (here: {@code "L"} and its digits).
   */
  private static final class SigningCodec implements ValueCodec {
    @Override
    public byte[] encode(String key, Object value) {
      if (value instanceof Long) {
        return ("L" + value).getBytes(StandardCharsets.US_ASCII);
      }
      return ("S" + value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public @Nullable Object decode(String key, byte[] stored) {
      String s = new String(stored, StandardCharsets.UTF_8);
      if (s.matches("-?[0-9]+")) {
        return new UnsignedCounter(Long.parseLong(s));
      }
      if (s.startsWith("L")) {
        return Long.parseLong(s.substring(1));
      }
      return s.startsWith("S") ? s.substring(1) : null;
    }
  }

  @Test
  @DisplayName("with a secret, incr counts on from a signed Long and from an UnsignedCounter, and writes plain digits")
  void incrWithSecret() {
    DiskStore store = DiskStore.open(dir, new DiskStore.Params(1000, 32, 256));
    try (ChronicleBackend b = new ChronicleBackend(store, new SigningCodec(), clock, Duration.ZERO, true)) {
      assertThat(b.incr("n", 2, null)).isEqualTo(2);
      assertThat(b.get("n")).isEqualTo(new UnsignedCounter(2));
      assertThat(b.incr("n", 3, null)).isEqualTo(5);
      assertThat((byte[]) b.getRaw("n")).asString().isEqualTo("5");

      b.set("signed", 40L, null, Backend.SetMode.ALWAYS);
      assertThat((byte[]) b.getRaw("signed")).asString().isEqualTo("L40");
      assertThat(b.incr("signed", 2, null)).isEqualTo(42);
      assertThat((byte[]) b.getRaw("signed")).asString().isEqualTo("42");
      assertThat(b.get("signed")).isEqualTo(new UnsignedCounter(42));

      b.set("text", "hello", null, Backend.SetMode.ALWAYS);
      assertThatThrownBy(() -> b.incr("text", 1, null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("\"hello\"");
    }
  }

  @Test
  @DisplayName("with the real codec and a secret, incr and get of a counter agree, as they do without one")
  void incrWithRealSecret() {
    try (Cache cache =
        Cache.create().setup("disk://?entries=1000", Settings.builder().clock(clock).option("directory", dir.toString()).option("secret", "s").build())) {
      assertThat(cache.incr("n", 5)).isEqualTo(5);
      assertThat(cache.incr("n")).isEqualTo(6);
      assertThat((Object) cache.get("n")).isEqualTo(6L);
      cache.set("m", 10L);
      assertThat(cache.incr("m")).isEqualTo(11);
    }
  }
}
