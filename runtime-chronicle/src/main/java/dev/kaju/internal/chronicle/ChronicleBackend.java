package dev.kaju.internal.chronicle;

import dev.kaju.CacheBackendException;
import dev.kaju.Command;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.internal.SharedExecutor;
import dev.kaju.spi.Backend;
import dev.kaju.spi.BitCounters;
import dev.kaju.spi.GlobPattern;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.spi.ValueCodec;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.openhft.chronicle.bytes.RandomDataOutput;
import net.openhft.chronicle.hash.ChecksumEntry;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.hash.SegmentLock;
import net.openhft.chronicle.hash.locks.InterProcessLock;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapAbsentEntry;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;
import net.openhft.chronicle.map.impl.CompiledMapIterationContext;
import net.openhft.chronicle.map.impl.CompiledMapQueryContext;
import org.jspecify.annotations.Nullable;

/**
 * The disk backend: every command on one Chronicle Map of {@code key -> stored bytes} (see
 * {@link Stored}), persisted to files that other processes may map at the same time.
 *
 * <p>Read-modify-write commands (incr, set NX/XX, unlock, the structures) run under the write lock
 * of the entry's segment ({@link #update}); Chronicle's locks live in the mapped file, so they hold
 * across processes. Expired entries are invisible to reads, removed when a write meets them, by the
 * background purge every {@code check_interval}, and first when the map is full. Past {@code
 * entries} keys the backend evicts: expired ones it meets, then the least recently used of a
 * sample.
 *
 * <p>The file is hostile ground: whoever can write to it may plant any bytes. Every entry is
 * checked before it is used ({@link #value}, {@link #key}, {@link #entryProblem}, {@link
 * Stored#problem}): one whose sizes do not fit the bytes that hold them, or whose checksum fails, is
 * a miss, logged at most every 10 s, and the next write to its key replaces it. Locks have their
 * own type ({@link Stored#LOCK}) so that eviction never takes a live one. The async path runs on
 * {@link #IO}, never on the caller's thread: a lock word left set costs a command up to 2 s. Failures of the mapped file itself (an {@link InternalError} for a page
 * the OS cannot provide: disk full, file truncated; Chronicle's own errors on a damaged file) go
 * through {@link #failed}: with {@code suppress=true} a read is a miss and a write is dropped,
 * with a warning at most every 10 s; otherwise they throw {@link CacheBackendException}. A command
 * on a key of the wrong kind is the caller's error and always throws ({@link WrongKind}).
 */
final class ChronicleBackend implements Backend {
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");
  /** A read refreshes an entry's last-use time at most this often (each refresh is a write). */
  private static final long TOUCH_EVERY_MILLIS = 1_000;
  /** The longest a command waits for a lock; Chronicle's own lock() waits 60 s. */
  static final long LOCK_WAIT_MILLIS = 2_000;

  private static final System.Logger LOG = System.getLogger("dev.kaju");
  /**
   * The threads of {@link #executeAsync}: at most 2 daemons, {@code kaju-disk-io-N}, shared by every
   * disk cache of the JVM, started with the first and stopped when the last one closes.
   */
  static final SharedExecutor<ExecutorService> IO =
      new SharedExecutor<>("disk-io", threads -> Executors.newFixedThreadPool(2, threads));

  private final DiskStore store;
  private final ChronicleMap<String, byte[]> map;
  private final ValueCodec codec;
  private final Clock clock;
  private final boolean suppress;
  private final long entries;
  /** The most bytes a key or a value can take in this map: a larger size read from the file is a lie. */
  private final long maxEntryBytes;
  /** How many entries one eviction removes below {@code entries}, so writes do not evict one by one. */
  private final long evictBatch;
  private final @Nullable ScheduledFuture<?> purge;
  /** This backend's use of {@link #IO}, given back on close. */
  private final ExecutorService io;
  private final Object evicting = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RateLimitedLog damaged = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));
  /** How long a command waits for an entry's or a segment's lock before failing. */
  volatile long lockWaitMillis = LOCK_WAIT_MILLIS;
  /** Run after each background purge (tests wait on it instead of sleeping). */
  volatile @Nullable Runnable afterPurge;

  ChronicleBackend(DiskStore store, ValueCodec codec, Clock clock, Duration checkInterval, boolean suppress) {
    this(store, store.map, codec, clock, checkInterval, suppress);
  }

  /** With {@code map} standing for the store's map (tests pass one that fails on demand). */
  ChronicleBackend(
      DiskStore store, ChronicleMap<String, byte[]> map, ValueCodec codec, Clock clock, Duration checkInterval, boolean suppress) {
    this.store = store;
    this.map = map;
    this.codec = codec;
    this.clock = clock;
    this.suppress = suppress;
    this.entries = store.params.entries();
    this.maxEntryBytes = store.maxEntryBytes;
    this.evictBatch = Math.max(1, Math.min(1_000, entries / 100));
    this.purge = checkInterval.isZero() ? null : schedulePurge(this, checkInterval);
    this.io = IO.acquire();
  }

  private boolean isClosed() {
    return closed.get() || store.closed;
  }

  private static ScheduledFuture<?> schedulePurge(ChronicleBackend backend, Duration interval) {
    // The task holds the backend weakly so an unclosed, unreachable backend does not leak.
    WeakReference<ChronicleBackend> ref = new WeakReference<>(backend);
    long nanos = interval.toNanos();
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Runnable task =
        () -> {
          ChronicleBackend b = ref.get();
          if (b == null || b.isClosed()) {
            ScheduledFuture<?> f = self[0];
            if (f != null) {
              Purger.cancel(f); // an unclosed backend that was collected: its share of the thread goes too
            }
            return;
          }
          // Nothing may escape: a fixed-delay task that throws is never run again, and the purge
          // would stop for good without a word.
          try {
            b.purgeExpired();
          } catch (Throwable e) {
            if (!b.isClosed()) { // closing under a running purge is expected to fail it
              b.failures.warn("disk cache " + b.store.directory + ": the background purge failed: " + e, e);
            }
          }
          try {
            Runnable after = b.afterPurge;
            if (after != null) {
              after.run();
            }
          } catch (Throwable e) {
            b.failures.warn("disk cache " + b.store.directory + ": the background purge failed: " + e, e);
          }
        };
    self[0] = Purger.schedule(task, nanos);
    return self[0];
  }

  // ---------------------------------------------------------------- time

  private long now() {
    return clock.millis();
  }

  private static long expiresAt(@Nullable Duration ttl, long now) {
    if (ttl == null) {
      return Stored.NO_EXPIRY;
    }
    long millis;
    try {
      millis = Math.max(1, ttl.toMillis());
    } catch (ArithmeticException e) {
      return Stored.NO_EXPIRY - 1;
    }
    // saturate: a TTL of centuries must not wrap around into the past
    return millis >= Stored.NO_EXPIRY - 1 - now ? Stored.NO_EXPIRY - 1 : now + millis;
  }

  // ---------------------------------------------------------------- the per-entry lock

  /** What a mutation leaves at its key. */
  private static final class Slot {
    byte @Nullable [] next;
    boolean delete;

    void put(byte[] value) {
      next = value;
    }

    void delete() {
      delete = true;
    }
  }

  @FunctionalInterface
  private interface Mutation<R> {
    /**
     * Decides, under the entry's lock, from the live stored bytes ({@code null} when missing or
     * expired); says what to write in {@code slot} (nothing: leave the entry as it is).
     */
    R apply(byte @Nullable [] live, long now, Slot slot);
  }

  /**
   * Runs {@code mutation} under the write lock of {@code key}'s segment, atomic across threads and
   * processes sharing the file. {@code mayInsert}: make room first when the map is full.
   */
  private <R> R update(String key, boolean mayInsert, Mutation<R> mutation) {
    if (mayInsert) {
      ensureRoom();
    }
    for (int attempt = 0; ; attempt++) {
      try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(key)) {
        lock(c.writeLock(), key);
        MapEntry<String, byte[]> entry = c.entry();
        String problem = entry == null ? null : entryProblem(entry);
        // an entry of 0 value bytes is safe to replace or remove whatever its checksum says: its key
        // was found by comparing its bytes, so its sizes are true (what neutralize leaves)
        if (entry != null && problem != null && (sizeProblem("key", entry.key()) != null || entry.value().size() != 0)) {
          damaged(key, problem);
          if (attempt < 3 && neutralize(entry)) {
            continue; // read the entry again, now with a value of 0 bytes that can be replaced
          }
          throw new IllegalStateException("the entry at '" + key + "' is damaged beyond what can be replaced safely");
        }
        byte[] stored = entry == null ? null : value(key, entry);
        long now = now();
        byte[] live = stored != null && Stored.live(stored, now) ? stored : null;
        Slot slot = new Slot();
        R result = mutation.apply(live, now, slot);
        if (slot.delete || (slot.next == null && entry != null && live == null)) {
          put(c, key, null); // also drops an expired or foreign entry the mutation left alone
        } else if (slot.next != null) {
          put(c, key, slot.next);
        }
        return result;
      } catch (IllegalStateException e) {
        if (attempt < 3 && full(e)) {
          evict(evictBatch * 4 * (attempt + 1));
          continue;
        }
        throw e;
      } catch (IllegalArgumentException e) {
        throw tooLarge(e) ? tooLarge(key, e, "") : e;
      }
    }
  }

  // ---------------------------------------------------------------- a transaction's commit

  /**
   * At most this many keys commit as one locked update (Chronicle allows 1,024 nested contexts in
   * a thread); a larger commit writes key by key.
   */
  static final int COMMIT_KEYS = 512;

  /**
   * A transaction's writes as one locked update: its pattern deletes first (each one segment at a
   * time, as on Redis), then every key under the write locks of all their segments at once, taken
   * in segment order (the order every multi-key locker of a Chronicle file uses, so two commits,
   * of this process or another, never deadlock). While they are held nobody reads or writes any of
   * the keys: a reader sees the whole commit or none of it. Every new value is decided before
   * anything is written, so a commit whose {@code incr} meets a value that is not a counter writes
   * nothing; a write the file refuses midway (the map full, a value too large) puts back what was
   * already written. A commit of more than {@link #COMMIT_KEYS} keys, or one meeting a damaged
   * entry (repaired by the key-by-key path), writes key by key.
   */
  @Override
  public void commit(List<Command.Call<?>> writes) {
    Map<String, List<Mutation<?>>> byKey = new LinkedHashMap<>();
    for (Command.Call<?> call : writes) {
      if (call instanceof Command.DeleteMatch) {
        call.apply(this);
      } else if (call instanceof Command.DeleteMany) {
        for (String key : ((Command.DeleteMany) call).keys()) {
          byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(DELETING);
        }
      } else {
        String key = Objects.requireNonNull(call.key(), "a committed write has a key"); // Commit admits no other kinds
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(mutation(key, call));
      }
    }
    if (byKey.isEmpty()) {
      return;
    }
    // null: the file failed and the failure was suppressed (logged); the writes are dropped, not retried
    Boolean locked;
    try {
      locked = byKey.size() <= COMMIT_KEYS ? guard("commit", null, (Boolean) null, () -> commitLocked(byKey)) : Boolean.FALSE;
    } catch (WrongKind e) {
      throw new WrongKind("a transaction's commit failed: " + e.getMessage() + "; nothing was written", e);
    }
    if (Boolean.FALSE.equals(locked)) {
      byKey.forEach((key, mutations) -> {
        for (Mutation<?> m : mutations) {
          guard("commit", key, null, () -> update(key, true, m));
        }
      });
    }
  }

  /** What {@code call} does to its key; a value is encoded here, before any lock is taken. */
  private Mutation<?> mutation(String key, Command.Call<?> call) {
    if (call instanceof Command.Set) {
      Command.Set set = (Command.Set) call;
      return setting(codec.encode(key, set.value()), set.ttl(), set.mode());
    } else if (call instanceof Command.Incr) {
      Command.Incr incr = (Command.Incr) call;
      return incrementing(key, incr.by(), incr.ttl());
    } else if (call instanceof Command.Expire) {
      return expiring(((Command.Expire) call).ttl());
    } else if (call instanceof Command.Unlock) {
      return unlocking(key, ((Command.Unlock) call).value());
    }
    return DELETING;
  }

  /** {@link #commit} holding every key's segment; {@code false} (nothing written) to go key by key. */
  private boolean commitLocked(Map<String, List<Mutation<?>>> byKey) {
    ensureRoom();
    List<String> keys = new ArrayList<>(byKey.keySet());
    int n = keys.size();
    List<ExternalMapQueryContext<String, byte[], ?>> open = new ArrayList<>(n);
    try {
      int[] segments = new int[n];
      for (int i = 0; i < n; i++) {
        ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(keys.get(i));
        open.add(c);
        segments[i] = c.segmentIndex();
      }
      Integer[] order = new Integer[n];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingInt(i -> segments[i]));
      for (int i : order) {
        lock(open.get(i).writeLock(), keys.get(i));
      }
      // decide every key's next bytes before writing any
      long now = now();
      byte[][] before = new byte[n][];
      byte[][] after = new byte[n][];
      for (int i = 0; i < n; i++) {
        MapEntry<String, byte[]> entry = open.get(i).entry();
        if (entry != null && entryProblem(entry) != null) {
          return false;
        }
        byte[] stored = entry == null ? null : value(keys.get(i), entry);
        before[i] = stored;
        byte[] live = stored != null && Stored.live(stored, now) ? stored : null;
        for (Mutation<?> m : byKey.get(keys.get(i))) {
          Slot slot = new Slot();
          m.apply(live, now, slot);
          live = slot.delete ? null : slot.next != null ? slot.next : live;
        }
        after[i] = live;
      }
      int written = 0;
      try {
        for (; written < n; written++) {
          if (after[written] != before[written]) {
            put(open.get(written), keys.get(written), after[written]);
          }
        }
      } catch (RuntimeException e) {
        for (int i = written - 1; i >= 0; i--) { // put back what the failed commit wrote
          if (after[i] != before[i]) {
            try {
              put(open.get(i), keys.get(i), before[i]);
            } catch (RuntimeException again) {
              e.addSuppressed(again);
            }
          }
        }
        if (e instanceof IllegalArgumentException && tooLarge((IllegalArgumentException) e)) {
          throw tooLarge(keys.get(written), (IllegalArgumentException) e, "; the commit wrote nothing");
        }
        throw e;
      }
      return true;
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) { // nested contexts close innermost first
        open.get(i).close();
      }
    }
  }

  /** Leaves {@code bytes} (or, for {@code null}, nothing) at the context's key, which it holds locked. */
  private static void put(ExternalMapQueryContext<String, byte[], ?> c, String key, byte @Nullable [] bytes) {
    MapEntry<String, byte[]> entry = c.entry();
    if (bytes == null) {
      if (entry != null) {
        entry.doRemove();
      }
      return;
    }
    Data<byte[]> data = c.wrapValueAsData(bytes);
    if (entry != null) {
      entry.doReplaceValue(data);
      return;
    }
    MapAbsentEntry<String, byte[]> absent = c.absentEntry();
    if (absent == null) {
      throw new IllegalStateException("no entry and no absent entry for '" + key + "'");
    }
    absent.doInsert(data);
  }

  // ---------------------------------------------------------------- what the file may hold

  /**
   * The stored bytes of {@code entry}, or {@code null} (logged) when they cannot be ours: a size
   * larger than any entry of the map or than the bytes that follow it, or bytes that
   * {@link Stored#problem} rejects. Checked before anything is allocated.
   */
  private byte @Nullable [] value(String key, MapEntry<String, byte[]> entry) {
    String problem = entryProblem(entry);
    if (problem != null) {
      damaged(key, problem);
      return null;
    }
    byte[] b = entry.value().getUsing(null);
    problem = Stored.problem(b);
    if (problem != null) {
      damaged(key, problem);
      return null;
    }
    return b;
  }

  /** The key of {@code entry}, or {@code null} (logged) when its size cannot be true. */
  private @Nullable String key(MapEntry<String, byte[]> entry) {
    Data<String> data = entry.key();
    String problem = sizeProblem("key", data);
    if (problem != null) {
      damaged("?", problem);
      return null;
    }
    return data.getUsing(null);
  }

  private @Nullable String sizeProblem(String what, Data<?> data) {
    long size = data.size();
    if (size < 0 || size > maxEntryBytes) {
      return "a " + what + " of " + size + " bytes, more than an entry of this map holds (" + maxEntryBytes + ")";
    }
    long remain = data.bytes().capacity() - data.offset();
    if (size > remain) {
      return "a " + what + " of " + size + " bytes where " + Math.max(0, remain) + " remain";
    }
    return null;
  }

  /**
   * What makes {@code entry} unsafe to read or to free, or {@code null}: a key or value size that
   * does not fit (checked first: the checksum is computed over the bytes those sizes span), then a
   * checksum that does not match the bytes. The checksum catches a size enlarged within the
   * bounds (which would read, and free, the bytes of the entries that follow) and torn or
   * garbled bytes; it is integrity, not authenticity: whoever writes the file can forge it too.
   */
  private @Nullable String entryProblem(MapEntry<String, byte[]> entry) {
    String problem = sizeProblem("key", entry.key());
    if (problem == null) {
      problem = sizeProblem("value", entry.value());
    }
    if (problem == null) {
      problem = checksumProblem(entry);
    }
    return problem;
  }

  private static @Nullable String checksumProblem(MapEntry<String, byte[]> entry) {
    Data<byte[]> value = entry.value();
    if (value.size() > value.bytes().capacity() - value.offset() - Integer.BYTES) {
      return "no room for its checksum after a value of " + value.size() + " bytes";
    }
    return checksumMatches(entry) ? null : "its checksum does not match its bytes";
  }

  /**
   * Compares the entry's stored checksum with one computed from its bytes. {@link
   * ChecksumEntry#checkSum} takes Chronicle's update lock first, which a context holding only the
   * read lock (every read) cannot take (Chronicle refuses the upgrade), so Chronicle's own contexts
   * are asked through their checksum strategy, the same comparison without the lock.
   */
  private static boolean checksumMatches(MapEntry<String, byte[]> entry) {
    if (entry instanceof CompiledMapQueryContext) {
      return ((CompiledMapQueryContext<?, ?, ?>) entry).checksumStrategy.innerCheckSum();
    }
    if (entry instanceof CompiledMapIterationContext) {
      return ((CompiledMapIterationContext<?, ?, ?>) entry).checksumStrategy.innerCheckSum();
    }
    return !(entry instanceof ChecksumEntry) || ((ChecksumEntry) entry).checkSum();
  }

  /**
   * Whether Chronicle can remove or replace {@code entry} safely: it computes how many chunks to
   * free from the sizes in the entry, so with a false size it would free chunks of other entries.
   * An entry found by walking a segment (not by its key) is freed only when its checksum matches.
   */
  private boolean sizesPlausible(MapEntry<String, byte[]> entry) {
    return entryProblem(entry) == null;
  }

  /**
   * Rewrites the false value size of {@code entry} (whose key size is plausible) to 0: one byte 0 in
   * Chronicle's stop-bit encoding, right after the key. The entry then holds an empty value, which
   * reads as damaged and is replaced or removed like any other; Chronicle frees only the chunks it
   * computes from the new sizes, so the chunks the entry really took past those stay allocated (lost
   * room until the file is recreated) rather than chunks another entry may hold being freed.
   * Returns {@code false} when the layout is not the expected one; then nothing is written.
   */
  private boolean neutralize(MapEntry<String, byte[]> entry) {
    Data<String> k = entry.key();
    Data<byte[]> v = entry.value();
    if (sizeProblem("key", k) != null || !(v.bytes() instanceof RandomDataOutput) || v.bytes() != k.bytes()) {
      return false;
    }
    long at = k.offset() + k.size(); // the value's size follows the key
    long width = v.offset() - at;
    if (width < 1 || width > 9) {
      return false;
    }
    ((RandomDataOutput<?>) v.bytes()).writeByte(at, (byte) 0);
    return true;
  }

  private void damaged(String key, String problem) {
    damaged.warn(
        "disk cache " + store.directory + ": the entry at '" + key + "' is damaged (" + problem
            + "); read as a miss, and replaced by the next write to its key",
        null);
  }

  /** The live, well-formed stored bytes at {@code key}, or {@code null}; nothing is changed. */
  private byte @Nullable [] load(String key) {
    try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(key)) {
      lock(c.readLock(), key);
      MapEntry<String, byte[]> entry = c.entry();
      byte[] stored = entry == null ? null : value(key, entry);
      return stored != null && Stored.live(stored, now()) ? stored : null;
    }
  }

  // ---------------------------------------------------------------- failures of the file

  /** {@link #lock} for a whole segment: its write lock to remove entries, its update lock to read them. */
  private void lockSegment(MapSegmentContext<String, byte[], ?> c, boolean write, int index) {
    if (c instanceof SegmentLock) { // Chronicle's iteration context is one; were it not, its own lock() waits
      SegmentLock segment = (SegmentLock) c;
      lock(write ? segment.writeLock() : segment.updateLock(), "segment " + index);
    }
  }

  /**
   * Takes {@code lock} waiting at most {@link #lockWaitMillis}, not Chronicle's 60 s: a lock word
   * that stays set (a process killed mid-write, or bytes planted in the file) fails the command
   * (a failure of the file, see {@link #failed}) instead of holding the calling thread. The write
   * lock is taken up front for changes, so that no wait is left to Chronicle's lock upgrade.
   */
  private void lock(InterProcessLock lock, String what) {
    boolean taken;
    try {
      taken = lock.tryLock(lockWaitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lock of '" + what + "'", e);
    }
    if (!taken) {
      throw new IllegalStateException(
          "the lock of '" + what + "' stayed held for " + lockWaitMillis + " ms (by another thread or process, one"
              + " that died holding it, or bytes written into the file)");
    }
  }

  /** A command on a key holding another kind of value: the caller's error, never suppressed. */
  static final class WrongKind extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    WrongKind(String message) {
      super(message);
    }

    WrongKind(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A value too large for the map: the caller's error, never suppressed. */
  static final class TooLarge extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs {@code command} on the mapped file. The caller's errors ({@link WrongKind}, {@link
   * TooLarge}) pass; anything else the file throws, an {@link InternalError} from a page the OS
   * could not provide included, goes through {@link #failed}.
   */
  private <T> T guard(String command, @Nullable String key, T fallback, Supplier<T> op) {
    try {
      return op.get();
    } catch (WrongKind | TooLarge e) {
      throw e;
    } catch (RuntimeException | InternalError | AssertionError e) {
      return failed(command, key, fallback, e);
    }
  }

  private void guard(String command, @Nullable String key, Runnable op) {
    guard(
        command,
        key,
        null,
        () -> {
          op.run();
          return null;
        });
  }

  /** With {@code suppress}: a rate-limited warning and {@code fallback}; otherwise a {@link CacheBackendException}. */
  private <T> T failed(String command, @Nullable String key, T fallback, Throwable e) {
    String what = command + (key == null ? "" : " '" + key + "'") + " on the disk cache " + store.directory;
    if (isClosed()) {
      throw new IllegalStateException(what + ": the cache is closed", e);
    }
    if (!suppress) {
      throw new CacheBackendException(what + " failed: " + e, e);
    }
    failures.warn(what + " failed, suppressed (a miss or a dropped write): " + e, e);
    return fallback;
  }

  private static boolean full(IllegalStateException e) {
    String m = e.getMessage();
    return m != null && m.contains("extra segment tier");
  }

  private static TooLarge tooLarge(String key, IllegalArgumentException e, String more) {
    return new TooLarge(
        "the value for '" + key + "' is too large for this disk cache (" + e.getMessage()
            + "); raise average_value_size, or keep large values elsewhere" + more,
        e);
  }

  private static boolean tooLarge(IllegalArgumentException e) {
    String m = e.getMessage();
    return m != null && (m.contains("too large") || m.contains("is maximum"));
  }

  /** The live stored bytes at {@code key}, or {@code null}; records the read for eviction. */
  private byte @Nullable [] read(String key) {
    byte[] stored = load(key);
    if (stored == null) {
      return null;
    }
    long now = now();
    if (now - Stored.touchedAt(stored) >= TOUCH_EVERY_MILLIS) {
      touch(key, stored, now);
    }
    return stored;
  }

  /** Records a read for eviction, unless the entry changed meanwhile. */
  private void touch(String key, byte[] seen, long now) {
    try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(key)) {
      lock(c.writeLock(), key);
      MapEntry<String, byte[]> entry = c.entry();
      if (entry != null) {
        byte[] current = value(key, entry);
        if (current != null && Arrays.equals(current, seen)) {
          entry.doReplaceValue(c.wrapValueAsData(Stored.touched(current, now)));
        }
      }
    }
  }

  // ---------------------------------------------------------------- bound

  /** Evicts when the map holds {@code entries} keys or more, down to {@code entries - evictBatch}. */
  private void ensureRoom() {
    // The size is read from every segment's header (a few hundred nanoseconds); it counts the
    // entries of every process, so whichever process fills the map evicts.
    if (map.longSize() < entries) {
      return;
    }
    synchronized (evicting) { // threads reaching the bound together evict once, not once each
      long size = map.longSize();
      if (size >= entries) {
        evict(size - entries + evictBatch);
      }
    }
  }

  /**
   * Removes about {@code count} entries: every expired entry met while sampling, then the least
   * recently used of the sample. The sample is read segment by segment from a random one.
   */
  void evict(long count) {
    long now = now();
    int sampleSize = (int) Math.min(Integer.MAX_VALUE, Math.max(64, count * 4));
    List<String> keys = new ArrayList<>();
    List<long[]> stamps = new ArrayList<>(); // {touchedAt, index}
    long[] removed = new long[1];
    int segments = map.segments();
    int first = ThreadLocalRandom.current().nextInt(segments);
    for (int i = 0; i < segments && keys.size() < sampleSize; i++) {
      try (MapSegmentContext<String, byte[], ?> c = map.segmentContext((first + i) % segments)) {
        lockSegment(c, true, (first + i) % segments);
        c.forEachSegmentEntryWhile(
            e -> {
              String key = key(e);
              byte[] v = key == null ? null : value(key, e);
              if (v == null || !Stored.live(v, now)) {
                if (sizesPlausible(e)) { // expired or damaged; an entry with false sizes is left alone
                  e.doRemove();
                  removed[0]++;
                }
              } else if (Stored.type(v) != Stored.LOCK) { // a live lock is never evicted
                stamps.add(new long[] {Stored.touchedAt(v), keys.size()});
                keys.add(key);
              }
              return keys.size() < sampleSize;
            });
      }
    }
    stamps.sort(Comparator.comparingLong(s -> s[0]));
    for (long[] s : stamps) {
      if (removed[0] >= count) {
        break;
      }
      String key = keys.get((int) s[1]);
      long touchedAt = s[0];
      boolean gone =
          update(
              key,
              false,
              (live, t, slot) -> {
                // evict only what was sampled: a value written or read since stays, and so does a
                // lock taken at the key meanwhile
                if (live != null && Stored.touchedAt(live) == touchedAt && Stored.type(live) != Stored.LOCK) {
                  slot.delete();
                  return true;
                }
                return false;
              });
      if (gone) {
        removed[0]++;
      }
    }
  }

  /** Removes every expired (or damaged) entry (what the background purge does). */
  void purgeExpired() {
    long now = now();
    for (int i = 0; i < map.segments() && !isClosed(); i++) {
      try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
        lockSegment(c, true, i);
        c.forEachSegmentEntry(
            e -> {
              String key = key(e);
              byte[] v = key == null ? null : value(key, e);
              if ((v == null || !Stored.live(v, now)) && sizesPlausible(e)) {
                e.doRemove(); // expired or damaged; an entry with false sizes is left alone
              }
            });
      }
    }
  }

  /** Entries held, expired or not, as Chronicle counts them (for tests of the bound and the purge). */
  long storedEntries() {
    return map.longSize();
  }

  // ---------------------------------------------------------------- values

  @Override
  public @Nullable Object get(String key) {
    byte[] stored = guard("get", key, null, () -> read(key));
    if (stored == null || !Stored.plain(stored)) {
      return null;
    }
    return codec.decode(key, Stored.payload(stored));
  }

  @Override
  public List<@Nullable Object> getMany(List<String> keys) {
    List<@Nullable Object> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(get(key));
    }
    return values;
  }

  @Override
  public boolean set(String key, Object value, @Nullable Duration ttl, SetMode mode) {
    byte[] payload = codec.encode(key, value); // outside the lock, and before anything is changed
    return guard("set", key, false, () -> update(key, mode != SetMode.IF_EXISTS, setting(payload, ttl, mode)));
  }

  private static Mutation<Boolean> setting(byte[] payload, @Nullable Duration ttl, SetMode mode) {
    return (live, now, slot) -> {
      if ((mode == SetMode.IF_ABSENT && live != null) || (mode == SetMode.IF_EXISTS && live == null)) {
        return false;
      }
      slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
      return true;
    };
  }

  @Override
  public boolean setLock(String key, String value, Duration ttl) {
    byte[] payload = codec.encode(key, value);
    // a suppressed failure does not take the lock: a lock is never reported held unless the file
    // confirmed it (lock() then waits, and fails with LockedException)
    return guard("setLock", key, false, () -> update(
        key,
        true,
        (live, now, slot) -> {
          if (live != null) {
            return false;
          }
          // its own type: the entries bound never evicts a live lock (a second caller could take it)
          slot.put(Stored.of(Stored.LOCK, expiresAt(ttl, now), now, payload));
          return true;
        }));
  }

  @Override
  public void setMany(Map<String, Object> values, @Nullable Duration ttl) {
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(k, codec.encode(k, v)));
    encoded.forEach(
        (k, payload) ->
            guard("setMany", k, () -> update(
                k,
                true,
                (live, now, slot) -> {
                  slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
                  return null;
                })));
  }

  @Override
  public @Nullable Object getRaw(String key) {
    byte[] stored = guard("getRaw", key, null, () -> read(key));
    return stored == null || !Stored.plain(stored) ? null : Stored.payload(stored);
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    byte[] payload;
    if (value instanceof byte[]) {
      payload = ((byte[]) value).clone();
    } else if (value instanceof CharSequence) {
      payload = value.toString().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new IllegalArgumentException(
          "setRaw on disk:// stores bytes: pass a byte[] (or a String, stored as UTF-8), not a "
              + value.getClass().getName());
    }
    return guard("setRaw", key, false, () -> update(
        key,
        true,
        (live, now, slot) -> {
          slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
          return true;
        }));
  }

  // ---------------------------------------------------------------- counters

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    return guard("incr", key, 0L, () -> update(key, true, incrementing(key, by, ttl)));
  }

  private Mutation<Long> incrementing(String key, long by, @Nullable Duration ttl) {
    return (live, now, slot) -> {
      long next;
      long at;
      if (live == null) {
        next = by;
        at = expiresAt(ttl, now);
      } else {
        try {
          next = Math.addExact(counter(key, live), by);
        } catch (ArithmeticException e) {
          throw new WrongKind("incr of '" + key + "' by " + by + " would overflow a long", e);
        }
        at = Stored.expiresAt(live);
      }
      // a counter's codec form: plain digits, never signed, so Redis-style INCR semantics hold
      slot.put(Stored.of(Stored.PLAIN, at, now, Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
      return next;
    };
  }

  /**
   * The count at {@code live}: plain digits (what incr writes), or what the codec reads back as a
   * count: a {@code Long} (signed, with a secret, when it was {@code set}) or an {@link
   * UnsignedCounter} (unsigned digits read with a secret).
   */
  private long counter(String key, byte[] live) {
    if (Stored.type(live) == Stored.PLAIN) {
      int length = Stored.payloadLength(live);
      if (length <= 20) {
        String text = new String(live, Stored.HEADER, length, StandardCharsets.ISO_8859_1);
        if (DIGITS.matcher(text).matches()) {
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException e) {
            // 19 digits past Long.MAX_VALUE: not a counter
          }
        }
      }
      Object value = codec.decode(key, Stored.payload(live));
      if (value instanceof Long) {
        return (Long) value;
      }
      if (value instanceof UnsignedCounter) {
        return ((UnsignedCounter) value).value();
      }
    }
    throw new WrongKind(
        "value at '" + key + "' is not an integer counter (" + describe(key, live)
            + "); incr needs a Long value (store 10L, not 10) or no value");
  }

  private String describe(String key, byte[] live) {
    if (Stored.type(live) != Stored.PLAIN) {
      return Stored.describe(Stored.type(live));
    }
    Object value = codec.decode(key, Stored.payload(live));
    if (value instanceof CharSequence) {
      String s = value.toString();
      return "\"" + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "\"";
    }
    return value == null ? "bytes that do not decode" : "a " + value.getClass().getName();
  }

  // ---------------------------------------------------------------- keys

  @Override
  public boolean exists(String key) {
    return guard("exists", key, false, () -> load(key) != null);
  }

  @Override
  public boolean delete(String key) {
    return guard("delete", key, false, () -> update(key, false, DELETING));
  }

  private static final Mutation<Boolean> DELETING = (live, now, slot) -> {
    slot.delete();
    return live != null;
  };

  @Override
  public long deleteMany(List<String> keys) {
    long n = 0;
    for (String key : keys) {
      if (delete(key)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public long deleteMatch(String pattern) {
    GlobPattern glob = GlobPattern.compile(pattern);
    return guard("deleteMatch", pattern, 0L, () -> {
      long now = now();
      long[] deleted = new long[1];
      for (int i = 0; i < map.segments(); i++) {
        try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
          lockSegment(c, true, i);
          c.forEachSegmentEntry(
              e -> {
                String key = key(e);
                if (key != null && glob.matches(key)) {
                  byte[] v = value(key, e);
                  if (v != null && Stored.live(v, now)) {
                    deleted[0]++;
                  }
                  if (sizesPlausible(e)) { // one with false sizes is left alone: it reads as missing
                    e.doRemove();
                  }
                }
              });
        }
      }
      return deleted[0];
    });
  }

  @Override
  public Iterator<String> scan(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    return new SegmentIterator<String>("scan", pattern) {
      @Override
      void collect(MapEntry<String, byte[]> e, long now, List<String> out) {
        String key = key(e);
        if (key != null && glob.matches(key)) {
          byte[] v = value(key, e);
          if (v != null && Stored.live(v, now)) {
            out.add(key);
          }
        }
      }
    };
  }

  @Override
  public Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    Iterator<Map.Entry<String, byte[]>> raw =
        new SegmentIterator<Map.Entry<String, byte[]>>("getMatch", pattern) {
          @Override
          void collect(MapEntry<String, byte[]> e, long now, List<Map.Entry<String, byte[]>> out) {
            String key = key(e);
            if (key != null && glob.matches(key)) {
              byte[] v = value(key, e);
              if (v != null && Stored.live(v, now) && Stored.plain(v)) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
              }
            }
          }
        };
    // decoded outside the segment lock; a value that does not decode (bad signature) is skipped
    return new Iterator<>() {
      private Map.@Nullable Entry<String, Object> next;

      @Override
      public boolean hasNext() {
        while (next == null && raw.hasNext()) {
          Map.Entry<String, byte[]> e = raw.next();
          Object value = codec.decode(e.getKey(), Stored.payload(e.getValue()));
          if (value != null) {
            next = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), value);
          }
        }
        return next != null;
      }

      @Override
      public Map.Entry<String, Object> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<String, Object> e = next;
        next = null;
        return e;
      }
    };
  }

  /**
   * Walks the map one segment at a time (a segment is the batch: its lock is held only while it is
   * copied out), so a scan over a large map holds no lock between batches. A suppressed failure
   * ends the walk.
   */
  private abstract class SegmentIterator<T> implements Iterator<T> {
    private final String command;
    private final String pattern;
    private final List<T> batch = new ArrayList<>();
    private int position;
    private int segment;
    private boolean done;

    SegmentIterator(String command, String pattern) {
      this.command = command;
      this.pattern = pattern;
    }

    abstract void collect(MapEntry<String, byte[]> e, long now, List<T> out);

    @Override
    public boolean hasNext() {
      while (!done && position == batch.size()) {
        boolean more =
            guard(
                command,
                pattern,
                false,
                () -> {
                  if (segment >= map.segments()) {
                    return false;
                  }
                  batch.clear();
                  position = 0;
                  long now = now();
                  int at = segment++;
                  try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(at)) {
                    lockSegment(c, false, at);
                    c.forEachSegmentEntry(e -> collect(e, now, batch));
                  }
                  return true;
                });
        if (!more) { // the last segment was walked, or a suppressed failure ended the walk
          done = true;
        }
      }
      return position < batch.size();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.get(position++);
    }
  }

  @Override
  public boolean expire(String key, Duration ttl) {
    return guard("expire", key, false, () -> update(key, false, expiring(ttl)));
  }

  private static Mutation<Boolean> expiring(Duration ttl) {
    return (live, now, slot) -> {
      if (live == null) {
        return false;
      }
      slot.put(Stored.withExpiry(live, expiresAt(ttl, now), now));
      return true;
    };
  }

  @Override
  public long getExpire(String key) {
    return guard("getExpire", key, -2L, () -> {
      byte[] stored = load(key);
      if (stored == null) {
        return -2L;
      }
      long at = Stored.expiresAt(stored);
      if (at == Stored.NO_EXPIRY) {
        return -1L;
      }
      return (at - now() + 500) / 1_000;
    });
  }

  @Override
  public String ping(String message) {
    // the health check: it reports a failing file even with suppress=true
    try {
      map.longSize();
    } catch (RuntimeException | InternalError | AssertionError e) {
      throw new CacheBackendException("ping on the disk cache " + store.directory + " failed: " + e, e);
    }
    return Backend.super.ping(message);
  }

  /**
   * Removes every key, one segment at a time under the backend's own bounded lock (not Chronicle's
   * {@code clear}, which frees chunks by the sizes written in each entry and waits 60 s for locks).
   * A damaged entry is not freed by the walk; it is then deleted by its key, the way a write
   * replaces it (its value size rewritten to 0 first, see {@link #neutralize}). One whose key
   * cannot be read cannot be found that way: it stays (it reads as missing and scans skip it) and
   * is counted in a warning.
   */
  @Override
  public void clear() {
    guard("clear", null, () -> {
      List<String> damagedKeys = new ArrayList<>();
      long[] unreadable = new long[1];
      for (int i = 0; i < map.segments(); i++) {
        try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
          lockSegment(c, true, i);
          c.forEachSegmentEntry(
              e -> {
                if (sizesPlausible(e)) {
                  e.doRemove();
                  return;
                }
                String key = key(e);
                if (key != null) {
                  damagedKeys.add(key);
                } else {
                  unreadable[0]++;
                }
              });
        }
      }
      for (String key : damagedKeys) {
        update(
            key,
            false,
            (live, now, slot) -> {
              slot.delete();
              return null;
            });
      }
      if (unreadable[0] > 0 || !damagedKeys.isEmpty()) { // count what stayed
        unreadable[0] = 0;
        for (int i = 0; i < map.segments(); i++) {
          try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
            lockSegment(c, false, i);
            c.forEachSegmentEntry(
                e -> {
                  if (!sizesPlausible(e)) {
                    unreadable[0]++;
                  }
                });
          }
        }
      }
      if (unreadable[0] > 0) {
        damaged.warn(
            "disk cache " + store.directory + ": clear left " + unreadable[0] + " damaged entr"
                + (unreadable[0] == 1 ? "y" : "ies") + " that cannot be found by key; they read as missing, and their"
                + " room is lost until the file is recreated (stop every process using the directory and delete it)",
            null);
      }
    });
  }

  // ---------------------------------------------------------------- locks

  @Override
  public boolean unlock(String key, String value) {
    return guard("unlock", key, false, () -> update(key, false, unlocking(key, value)));
  }

  private Mutation<Boolean> unlocking(String key, String value) {
    return (live, now, slot) -> {
      if (live != null && Stored.plain(live) && value.equals(codec.decode(key, Stored.payload(live)))) {
        slot.delete();
        return true;
      }
      return false;
    };
  }

  /**
   * Whether a lock (or a plain value) lives at {@code key}. Fails closed: when the file cannot
   * answer, a suppressed failure reports the lock held, so no caller proceeds as if it were free
   * (with {@code suppress=false}, {@link CacheBackendException}).
   */
  @Override
  public boolean isLocked(String key) {
    return guard("isLocked", key, true, () -> {
      byte[] stored = load(key);
      return stored != null && Stored.plain(stored);
    });
  }

  @Override
  public long getKeysCount() {
    return guard("getKeysCount", null, 0L, () -> {
      long now = now();
      long[] n = new long[1];
      for (int i = 0; i < map.segments(); i++) {
        try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
          lockSegment(c, false, i);
          c.forEachSegmentEntry(
              e -> {
                String key = key(e);
                byte[] v = key == null ? null : value(key, e);
                if (v != null && Stored.live(v, now)) {
                  n[0]++;
                }
              });
        }
      }
      return n[0];
    });
  }

  @Override
  public long getSize(String key) {
    return guard("getSize", key, 0L, () -> {
      byte[] stored = load(key);
      return stored == null ? 0L : (long) Stored.payloadLength(stored);
    });
  }

  // ---------------------------------------------------------------- building blocks

  private static WrongKind notA(String key, String what, byte[] live) {
    return new WrongKind("value at '" + key + "' is not " + what + " (" + Stored.describe(Stored.type(live)) + ")");
  }

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    return guard("sliceIncr", key, 0L, () -> update(
        key,
        true,
        (live, now, slot) -> {
          long[] stamps;
          if (live == null) {
            stamps = new long[0];
          } else if (Stored.type(live) == Stored.SLICE) {
            stamps = Stored.longs(Stored.payload(live));
          } else {
            throw notA(key, "a sliding-window counter", live);
          }
          // drop entries older than start (stamps are ascending)
          int drop = 0;
          while (drop < stamps.length && stamps[drop] < start) {
            drop++;
          }
          long[] kept = Arrays.copyOfRange(stamps, drop, stamps.length + 1);
          int size = stamps.length - drop;
          long inWindow = 0;
          for (int i = 0; i < size; i++) {
            if (kept[i] <= end) {
              inWindow++;
            }
          }
          if (inWindow < maxValue) {
            int i = size;
            while (i > 0 && kept[i - 1] > end) {
              kept[i] = kept[i - 1];
              i--;
            }
            kept[i] = end;
            size++;
            inWindow++;
          }
          long at = ttl != null ? expiresAt(ttl, now) : live == null ? Stored.NO_EXPIRY : Stored.expiresAt(live);
          slot.put(Stored.of(Stored.SLICE, at, now, Stored.longs(kept, size)));
          return inWindow;
        }));
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    BitCounters.check(size, indexes);
    return guard("incrBits", key, new long[indexes.length], () -> update(
        key,
        true,
        (live, now, slot) -> {
          BitCounters bits;
          long at;
          if (live == null) {
            bits = new BitCounters(new long[0]);
            at = Stored.NO_EXPIRY;
          } else if (Stored.type(live) == Stored.BITS) {
            bits = new BitCounters(Stored.longs(Stored.payload(live)));
            at = Stored.expiresAt(live);
          } else {
            throw notA(key, "a bit array", live);
          }
          long[] values = new long[indexes.length];
          for (int i = 0; i < indexes.length; i++) {
            values[i] = bits.incr(indexes[i], size, by);
          }
          long[] words = bits.words();
          slot.put(Stored.of(Stored.BITS, at, now, Stored.longs(words, words.length)));
          return values;
        }));
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    BitCounters.check(size, indexes);
    long[] values = new long[indexes.length];
    byte[] stored = guard("getBits", key, null, () -> read(key));
    if (stored != null && Stored.type(stored) == Stored.BITS) {
      BitCounters bits = new BitCounters(Stored.longs(Stored.payload(stored)));
      for (int i = 0; i < indexes.length; i++) {
        values[i] = bits.get(indexes[i], size);
      }
    }
    return values;
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    return guard("setAdd", key, 0L, () -> update(
        key,
        true,
        (live, now, slot) -> {
          Set<String> set;
          long at;
          if (live == null) {
            set = new LinkedHashSet<>();
            at = Stored.NO_EXPIRY;
          } else if (Stored.type(live) == Stored.SET) {
            set = Stored.members(Stored.payload(live));
            at = Stored.expiresAt(live);
          } else {
            throw notA(key, "a set", live);
          }
          long added = 0;
          for (String m : members) {
            if (set.add(m)) {
              added++;
            }
          }
          if (ttl != null) {
            at = expiresAt(ttl, now);
          }
          slot.put(Stored.of(Stored.SET, at, now, Stored.members(set)));
          return added;
        }));
  }

  @Override
  public long setRemove(String key, String... members) {
    return guard("setRemove", key, 0L, () -> update(
        key,
        false,
        (live, now, slot) -> {
          if (live == null) {
            return 0L;
          }
          if (Stored.type(live) != Stored.SET) {
            throw notA(key, "a set", live);
          }
          Set<String> set = Stored.members(Stored.payload(live));
          long removed = 0;
          for (String m : members) {
            if (set.remove(m)) {
              removed++;
            }
          }
          if (set.isEmpty()) {
            slot.delete();
          } else if (removed > 0) {
            slot.put(Stored.of(Stored.SET, Stored.expiresAt(live), now, Stored.members(set)));
          }
          return removed;
        }));
  }

  @Override
  public List<String> setPop(String key, int count) {
    return guard("setPop", key, new ArrayList<>(), () -> update(
        key,
        false,
        (live, now, slot) -> {
          List<String> popped = new ArrayList<>();
          if (live == null) {
            return popped;
          }
          if (Stored.type(live) != Stored.SET) {
            throw notA(key, "a set", live);
          }
          Set<String> set = Stored.members(Stored.payload(live));
          Iterator<String> it = set.iterator();
          while (popped.size() < count && it.hasNext()) {
            popped.add(it.next());
            it.remove();
          }
          if (set.isEmpty()) {
            slot.delete();
          } else if (!popped.isEmpty()) {
            slot.put(Stored.of(Stored.SET, Stored.expiresAt(live), now, Stored.members(set)));
          }
          return popped;
        }));
  }

  /**
   * {@code true}: a hit takes microseconds, but a lock word left set costs a command up to {@link
   * #LOCK_WAIT_MILLIS}, which no async caller should wait for on its own thread.
   */
  @Override
  public boolean blocking() {
    return true;
  }

  /**
   * Runs {@code call} on {@link #IO} (at most 2 threads for every disk cache of the JVM), never on
   * the caller's thread; the stage completes with the synchronous command's result or exception.
   */
  @Override
  public <R> CompletionStage<R> executeAsync(Command.Call<R> call) {
    try {
      return CompletableFuture.supplyAsync(() -> call.apply(this), io);
    } catch (RejectedExecutionException e) { // closed: the pool of this backend was given back
      return CompletableFuture.failedFuture(
          new IllegalStateException(call.command() + " on the disk cache " + store.directory + ": the cache is closed", e));
    }
  }

  /** Idempotent and thread-safe: only the first call releases this backend's share of the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (purge != null) {
      Purger.cancel(purge);
    }
    IO.release();
    store.release();
  }

  @Override
  public String toString() {
    return "ChronicleBackend{" + store.directory + ", entries=" + entries + (suppress ? "" : ", suppress=false") + "}";
  }
}
