package dev.kaju.internal.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kaju.Command;
import dev.kaju.Ticker;
import dev.kaju.internal.SharedExecutor;
import dev.kaju.spi.Backend;
import dev.kaju.spi.GlobPattern;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory backend: a size-bounded Caffeine cache whose entries carry their own expiry time
 * (from an injectable {@link Ticker}): an expired entry is invisible to every command, removed
 * when a read meets it, and purged by a background sweep every {@code check_interval} without
 * waiting for a read (as cashews' memory backend does).
 *
 * <p>Values are kept as objects (by reference: cache immutable values). Counters, bit arrays, sets
 * and sliding windows are updated atomically per key with {@code compute}.
 */
final class MemoryBackend implements Backend {
  static final long NO_EXPIRY = Long.MAX_VALUE;

  /**
   * Where Caffeine drains its buffers and evicts for every memory backend: one thread, named, a
   * daemon, stopped when the last memory backend closes (instead of the JDK's common pool).
   */
  static final SharedExecutor<ExecutorService> MAINTENANCE =
      new SharedExecutor<>("memory-maintenance", threads -> Executors.newFixedThreadPool(1, threads));

  /** One sweeper thread for every memory backend, stopped when the last one closes. */
  static final SharedExecutor<ScheduledExecutorService> SWEEPER =
      new SharedExecutor<>("memory-sweeper", Executors::newSingleThreadScheduledExecutor);

  private final Cache<String, Entry> cache;
  private final ConcurrentMap<String, Entry> map;
  private final Ticker ticker;
  private final @Nullable ScheduledFuture<?> sweep;
  /** Set once the sweeper is released (by close, or by the sweep of a backend that was never closed). */
  private final AtomicBoolean released = new AtomicBoolean();
  /** True until this backend gives back its share of {@link #MAINTENANCE} (or when it took none). */
  private final AtomicBoolean maintenanceReleased = new AtomicBoolean(true);

  /** A stored value and the ticker time it expires at ({@link #NO_EXPIRY} for none). */
  static final class Entry {
    final Object value;
    final long expiresAt;

    Entry(Object value, long expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }

    boolean live(long now) {
      return expiresAt == NO_EXPIRY || expiresAt - now > 0;
    }
  }

  /** Members of a set (tags); mutated only inside {@code compute}. */
  static final class SetValue {
    final Set<String> members = new LinkedHashSet<>();
  }

  /** Timestamps of a sliding-window counter, ascending; mutated only inside {@code compute}. */
  static final class SliceValue {
    long[] stamps = new long[4];
    int size;
  }

  MemoryBackend(long maximumSize, Duration checkInterval, Ticker ticker) {
    this(maximumSize, checkInterval, ticker, null);
  }

  /**
   * @param maintenance where Caffeine drains its buffers and evicts, off the callers' hot path:
   *     {@code null} for Kaju's shared {@code kaju-memory-maintenance} thread; tests pass {@code
   *     Runnable::run} to make eviction exact
   */
  MemoryBackend(long maximumSize, Duration checkInterval, Ticker ticker, @Nullable Executor maintenance) {
    this(maximumSize, checkInterval, ticker, maintenance, null);
  }

  /**
   * @param scheduler the user's scheduler for the sweep ({@code Settings.scheduler}), never shut
   *     down here; {@code null}: the shared {@code kaju-memory-sweeper}
   */
  MemoryBackend(
      long maximumSize, Duration checkInterval, Ticker ticker, @Nullable Executor maintenance,
      @Nullable ScheduledExecutorService scheduler) {
    this.ticker = ticker;
    if (maintenance == null) {
      ExecutorService shared = MAINTENANCE.acquire();
      maintenanceReleased.set(false);
      // once the last memory cache closed the pool, a late maintenance task runs where it was asked
      maintenance = task -> {
        try {
          shared.execute(task);
        } catch (RejectedExecutionException e) {
          task.run();
        }
      };
    }
    if (scheduler != null) {
      released.set(true); // nothing of ours to release
    }
    // Size-bound only: each entry carries its own expiry time, checked on read and purged by the
    // sweep. Caffeine's variable expiry would cost about 30 ns more per hit (HitBenchmark).
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(maintenance).build();
    this.map = cache.asMap();
    this.sweep = checkInterval.isZero() ? null : scheduleSweep(this, checkInterval, released, scheduler);
  }

  private static ScheduledFuture<?> scheduleSweep(
      MemoryBackend backend, Duration interval, AtomicBoolean released, @Nullable ScheduledExecutorService scheduler) {
    // The task holds the backend weakly so an unclosed, unreachable backend does not leak.
    WeakReference<MemoryBackend> ref = new WeakReference<>(backend);
    long nanos = interval.toNanos();
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Runnable task =
        () -> {
          MemoryBackend b = ref.get();
          if (b == null) {
            ScheduledFuture<?> f = self[0];
            if (f != null) {
              f.cancel(false);
            }
            if (released.compareAndSet(false, true)) {
              SWEEPER.release();
            }
            return;
          }
          b.cleanUp();
        };
    ScheduledExecutorService sweeper = scheduler != null ? scheduler : SWEEPER.acquire();
    self[0] = sweeper.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
    return self[0];
  }

  /** Purges expired entries now (what the background sweep does), and Caffeine's pending work. */
  void cleanUp() {
    long now = ticker.read();
    for (Map.Entry<String, Entry> e : map.entrySet()) {
      if (!e.getValue().live(now)) {
        map.remove(e.getKey(), e.getValue());
      }
    }
    cache.cleanUp();
  }

  /** Entries held, expired or not, as Caffeine counts them (for tests of the sweep). */
  long estimatedSize() {
    return cache.estimatedSize();
  }

  /** The longest TTL kept exactly: about 146 years; longer ones are cut to it. */
  static final long LONGEST_TTL_NANOS = 1L << 62;

  private long expiresAt(@Nullable Duration ttl) {
    if (ttl == null) {
      return NO_EXPIRY;
    }
    // Cut huge TTLs (Duration.toNanos() throws past 292 years) so that expiry times compare by
    // difference with the ticker's reading whatever its sign, as System.nanoTime() requires.
    long nanos = ttl.getSeconds() >= LONGEST_TTL_NANOS / 1_000_000_000L ? LONGEST_TTL_NANOS : Math.min(ttl.toNanos(), LONGEST_TTL_NANOS);
    long at = ticker.read() + nanos;
    return at == NO_EXPIRY ? at - 1 : at;
  }

  private @Nullable Entry live(String key) {
    Entry e = cache.policy().getIfPresentQuietly(key);
    return e != null && e.live(ticker.read()) ? e : null;
  }

  /** Removes {@code e} if it is still the entry of {@code key} (an expired entry met on a read). */
  private void expired(String key, Entry e) {
    map.remove(key, e);
  }

  private static boolean plain(Object value) {
    return !(value instanceof BitArray || value instanceof SetValue || value instanceof SliceValue);
  }

  // ---- values ----

  @Override
  public @Nullable Object get(String key) {
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      return null;
    }
    if (e.expiresAt != NO_EXPIRY && e.expiresAt - ticker.read() <= 0) {
      expired(key, e);
      return null;
    }
    Object v = e.value;
    return plain(v) ? v : null;
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
    Entry entry = new Entry(value, expiresAt(ttl));
    switch (mode) {
      case ALWAYS:
        cache.put(key, entry);
        return true;
      case IF_ABSENT:
        long now = ticker.read();
        return map.compute(key, (k, old) -> old == null || !old.live(now) ? entry : old) == entry;
      case IF_EXISTS:
        long at = ticker.read();
        return map.computeIfPresent(key, (k, old) -> old.live(at) ? entry : null) == entry;
      default:
        throw new AssertionError(mode);
    }
  }

  @Override
  public void setMany(Map<String, Object> values, @Nullable Duration ttl) {
    long at = expiresAt(ttl);
    values.forEach((k, v) -> cache.put(k, new Entry(v, at)));
  }

  @Override
  public @Nullable Object getRaw(String key) {
    return get(key);
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    return set(key, value, ttl, SetMode.ALWAYS);
  }

  // ---- counters ----

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    long[] result = new long[1];
    map.compute(
        key,
        (k, old) -> {
          if (old == null || !old.live(ticker.read())) {
            result[0] = by;
            return new Entry(by, expiresAt(ttl));
          }
          long next = added(k, old.value, by);
          result[0] = next;
          return new Entry(next, old.expiresAt);
        });
    return result[0];
  }

  /**
   * A transaction's writes, one after the other (each atomic; a reader may see a commit half
   * applied). Its increments are checked first, so a commit whose {@code incr} meets a value that
   * is not a counter, or would overflow, fails before it writes anything (unless another thread
   * turns the counter into text between that check and the write).
   */
  @Override
  public void commit(List<Command.Call<?>> writes) {
    Set<String> written = new HashSet<>();
    for (Command.Call<?> call : writes) {
      if (call instanceof Command.Incr) {
        Command.Incr incr = (Command.Incr) call;
        Entry e = written.contains(incr.key()) ? null : live(incr.key());
        if (e != null) {
          try {
            added(incr.key(), e.value, incr.by());
          } catch (IllegalStateException x) {
            throw new IllegalStateException("a transaction's commit failed: " + x.getMessage() + "; nothing was written", x);
          }
        }
      }
      if (call instanceof Command.Set) {
        written.add(((Command.Set) call).key());
      }
    }
    Backend.super.commit(writes);
  }

  /** The counter {@code value} at {@code key} plus {@code by}; an {@code IllegalStateException} when it is no counter or would overflow. */
  private static long added(String key, Object value, long by) {
    try {
      return Math.addExact(asLong(key, value), by);
    } catch (ArithmeticException e) {
      throw new IllegalStateException("incr of '" + key + "' by " + by + " would overflow a long", e);
    }
  }

  private static long asLong(String key, Object value) {
    // Only Long: byte backends store a Long as plain digits that Redis INCR understands, and every
    // other type as tagged bytes it does not; memory keeps the same rule so backends agree.
    if (value instanceof Long) {
      return (Long) value;
    }
    throw new IllegalStateException(
        "value at '" + key + "' is not an integer counter (" + describe(value)
            + "); incr needs a Long value (store 10L, not 10) or no value");
  }

  private static String describe(Object value) {
    if (value instanceof CharSequence) {
      String s = value.toString();
      return "\"" + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "\"";
    }
    if (value instanceof BitArray) {
      return "a bit array";
    }
    if (value instanceof SetValue) {
      return "a set";
    }
    if (value instanceof SliceValue) {
      return "a sliding-window counter";
    }
    return "a " + value.getClass().getName();
  }

  // ---- keys ----

  @Override
  public boolean exists(String key) {
    return live(key) != null;
  }

  @Override
  public boolean delete(String key) {
    Entry e = map.remove(key);
    return e != null && e.live(ticker.read());
  }

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
    long n = 0;
    for (String key : map.keySet()) {
      if (glob.matches(key) && delete(key)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public Iterator<String> scan(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
    return new Filtered<>(it) {
      @Override
      @Nullable String accept(Map.Entry<String, Entry> e) {
        return glob.matches(e.getKey()) && e.getValue().live(ticker.read()) ? e.getKey() : null;
      }
    };
  }

  @Override
  public Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
    return new Filtered<>(it) {
      @Override
      Map.@Nullable Entry<String, Object> accept(Map.Entry<String, Entry> e) {
        Entry entry = e.getValue();
        if (!glob.matches(e.getKey()) || !entry.live(ticker.read()) || !plain(entry.value)) {
          return null;
        }
        return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), entry.value);
      }
    };
  }

  /** An iterator keeping the elements {@link #accept} maps to non-null. */
  private abstract static class Filtered<S, T> implements Iterator<T> {
    private final Iterator<S> source;
    private @Nullable T next;

    Filtered(Iterator<S> source) {
      this.source = source;
    }

    abstract @Nullable T accept(S s);

    @Override
    public boolean hasNext() {
      while (next == null && source.hasNext()) {
        next = accept(source.next());
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T t = next;
      next = null;
      return t;
    }
  }

  @Override
  public boolean expire(String key, Duration ttl) {
    long at = expiresAt(ttl);
    long now = ticker.read();
    return map.computeIfPresent(key, (k, old) -> old.live(now) ? new Entry(old.value, at) : null) != null;
  }

  @Override
  public long getExpire(String key) {
    Entry e = live(key);
    if (e == null) {
      return -2;
    }
    if (e.expiresAt == NO_EXPIRY) {
      return -1;
    }
    long nanos = e.expiresAt - ticker.read();
    return (nanos + 500_000_000L) / 1_000_000_000L;
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  // ---- locks ----

  @Override
  public boolean unlock(String key, String value) {
    boolean[] released = new boolean[1];
    long now = ticker.read();
    map.computeIfPresent(
        key,
        (k, old) -> {
          if (old.live(now) && value.equals(old.value)) {
            released[0] = true;
            return null;
          }
          return old;
        });
    return released[0];
  }

  @Override
  public long getKeysCount() {
    long now = ticker.read();
    long n = 0;
    for (Entry e : map.values()) {
      if (e.live(now)) {
        n++;
      }
    }
    return n;
  }

  @Override
  public long getSize(String key) {
    Entry e = live(key);
    if (e == null) {
      return 0;
    }
    if (plain(e.value)) {
      return sizeOf(e.value, 0);
    }
    // sets, slices and bit arrays change inside compute: measure them there, never while they change
    long[] size = {0};
    map.computeIfPresent(key, (k, current) -> {
      size[0] = current.live(ticker.read()) ? sizeOf(current.value, 0) : 0;
      return current;
    });
    return size[0];
  }

  private static long sizeOf(Object v, int depth) {
    if (v instanceof byte[]) {
      return ((byte[]) v).length;
    }
    if (v instanceof CharSequence) {
      return v.toString().getBytes(StandardCharsets.UTF_8).length;
    }
    if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
      return 8;
    }
    if (v instanceof BitArray) {
      return ((BitArray) v).sizeInBytes();
    }
    if (v instanceof SliceValue) {
      return ((SliceValue) v).size * 8L;
    }
    if (depth > 8) {
      return 16;
    }
    if (v instanceof SetValue) {
      return sizeOf(((SetValue) v).members, depth + 1);
    }
    if (v instanceof Collection) {
      long n = 16;
      for (Object o : (Collection<?>) v) {
        n += o == null ? 0 : sizeOf(o, depth + 1);
      }
      return n;
    }
    if (v instanceof Map) {
      long n = 16;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        n += (e.getKey() == null ? 0 : sizeOf(e.getKey(), depth + 1))
            + (e.getValue() == null ? 0 : sizeOf(e.getValue(), depth + 1));
      }
      return n;
    }
    return 16;
  }

  // ---- building blocks ----

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    long[] count = new long[1];
    long now = ticker.read();
    map.compute(
        key,
        (k, old) -> {
          SliceValue slice;
          if (old != null && old.live(now) && old.value instanceof SliceValue) {
            slice = (SliceValue) old.value;
          } else if (old == null || !old.live(now)) {
            slice = new SliceValue();
          } else {
            throw new IllegalStateException(
                "value at '" + k + "' is not a sliding-window counter (" + describe(old.value) + ")");
          }
          // drop entries older than start (stamps are ascending)
          int drop = 0;
          while (drop < slice.size && slice.stamps[drop] < start) {
            drop++;
          }
          if (drop > 0) {
            System.arraycopy(slice.stamps, drop, slice.stamps, 0, slice.size - drop);
            slice.size -= drop;
          }
          long inWindow = 0;
          for (int i = 0; i < slice.size; i++) {
            if (slice.stamps[i] <= end) {
              inWindow++;
            }
          }
          if (inWindow < maxValue) {
            insertSorted(slice, end);
            inWindow++;
          }
          count[0] = inWindow;
          return new Entry(slice, ttl == null ? (old == null ? NO_EXPIRY : old.expiresAt) : expiresAt(ttl));
        });
    return count[0];
  }

  private static void insertSorted(SliceValue s, long stamp) {
    if (s.size == s.stamps.length) {
      s.stamps = java.util.Arrays.copyOf(s.stamps, s.size * 2);
    }
    int i = s.size;
    while (i > 0 && s.stamps[i - 1] > stamp) {
      s.stamps[i] = s.stamps[i - 1];
      i--;
    }
    s.stamps[i] = stamp;
    s.size++;
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    BitArray.check(size, indexes);
    long[] values = new long[indexes.length];
    long now = ticker.read();
    map.compute(
        key,
        (k, old) -> {
          BitArray bits;
          Entry entry;
          if (old != null && old.live(now) && old.value instanceof BitArray) {
            bits = (BitArray) old.value;
            entry = old;
          } else if (old == null || !old.live(now)) {
            bits = new BitArray();
            entry = new Entry(bits, NO_EXPIRY);
          } else {
            throw new IllegalStateException(
                "value at '" + k + "' is not a bit array (" + describe(old.value) + ")");
          }
          for (int i = 0; i < indexes.length; i++) {
            values[i] = bits.incr(indexes[i], size, by);
          }
          return entry;
        });
    return values;
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    BitArray.check(size, indexes);
    long[] values = new long[indexes.length];
    Entry e = live(key);
    if (e != null && e.value instanceof BitArray) {
      BitArray bits = (BitArray) e.value;
      for (int i = 0; i < indexes.length; i++) {
        values[i] = bits.get(indexes[i], size);
      }
    }
    return values;
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    long[] added = new long[1];
    long now = ticker.read();
    map.compute(
        key,
        (k, old) -> {
          SetValue set;
          if (old != null && old.live(now) && old.value instanceof SetValue) {
            set = (SetValue) old.value;
          } else if (old == null || !old.live(now)) {
            set = new SetValue();
          } else {
            throw new IllegalStateException("value at '" + k + "' is not a set (" + describe(old.value) + ")");
          }
          for (String m : members) {
            if (set.members.add(m)) {
              added[0]++;
            }
          }
          long at = ttl != null ? expiresAt(ttl) : (old != null && old.value == set ? old.expiresAt : NO_EXPIRY);
          return old != null && old.value == set && old.expiresAt == at ? old : new Entry(set, at);
        });
    return added[0];
  }

  @Override
  public long setRemove(String key, String... members) {
    long[] removed = new long[1];
    long now = ticker.read();
    map.computeIfPresent(
        key,
        (k, old) -> {
          if (!old.live(now)) {
            return null;
          }
          if (!(old.value instanceof SetValue)) {
            throw new IllegalStateException("value at '" + k + "' is not a set (" + describe(old.value) + ")");
          }
          SetValue set = (SetValue) old.value;
          for (String m : members) {
            if (set.members.remove(m)) {
              removed[0]++;
            }
          }
          return set.members.isEmpty() ? null : old;
        });
    return removed[0];
  }

  @Override
  public List<String> setPop(String key, int count) {
    List<String> popped = new ArrayList<>();
    long now = ticker.read();
    map.computeIfPresent(
        key,
        (k, old) -> {
          if (!old.live(now)) {
            return null;
          }
          if (!(old.value instanceof SetValue)) {
            throw new IllegalStateException("value at '" + k + "' is not a set (" + describe(old.value) + ")");
          }
          Iterator<String> it = ((SetValue) old.value).members.iterator();
          while (popped.size() < count && it.hasNext()) {
            popped.add(it.next());
            it.remove();
          }
          return ((SetValue) old.value).members.isEmpty() ? null : old;
        });
    return popped;
  }

  @Override
  public void close() {
    if (sweep != null) {
      sweep.cancel(false);
      if (released.compareAndSet(false, true)) {
        SWEEPER.release();
      }
    }
    cache.invalidateAll();
    if (maintenanceReleased.compareAndSet(false, true)) {
      MAINTENANCE.release();
    }
  }

  @Override
  public String toString() {
    return "MemoryBackend{size=" + cache.policy().eviction().map(e -> e.getMaximum()).orElse(-1L) + "}";
  }
}
