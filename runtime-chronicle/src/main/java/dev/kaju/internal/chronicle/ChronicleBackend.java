package dev.kaju.internal.chronicle;

import dev.kaju.spi.Backend;
import dev.kaju.spi.BitCounters;
import dev.kaju.spi.GlobPattern;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapAbsentEntry;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;
import org.jspecify.annotations.Nullable;

/**
 * The disk backend: every command on one Chronicle Map of {@code key -> stored bytes} (see
 * {@link Stored}), persisted to files that other processes may map at the same time.
 *
 * <p>Read-modify-write commands (incr, set NX/XX, unlock, the structures) run under the entry's
 * update lock ({@link #update}); Chronicle's locks live in the mapped file, so they hold across
 * processes. Expired entries are invisible to reads, removed when a write meets them, by the
 * background purge every {@code check_interval}, and first when the map is full. Past {@code
 * entries} keys the backend evicts: expired ones it meets, then the least recently used of a
 * sample.
 */
final class ChronicleBackend implements Backend {
  private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");
  /** A read refreshes an entry's last-use time at most this often (each refresh is a write). */
  private static final long TOUCH_EVERY_MILLIS = 1_000;

  private static final ScheduledExecutorService PURGER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kaju-disk-purge");
            t.setDaemon(true);
            return t;
          });

  private final DiskStore store;
  private final ChronicleMap<String, byte[]> map;
  private final ValueCodec codec;
  private final Clock clock;
  private final long entries;
  /** How many entries one eviction removes below {@code entries}, so writes do not evict one by one. */
  private final long evictBatch;
  private final @Nullable ScheduledFuture<?> purge;
  private final Object evicting = new Object();
  private volatile boolean closed;

  ChronicleBackend(DiskStore store, ValueCodec codec, Clock clock, Duration checkInterval) {
    this.store = store;
    this.map = store.map;
    this.codec = codec;
    this.clock = clock;
    this.entries = store.params.entries();
    this.evictBatch = Math.max(1, Math.min(1_000, entries / 100));
    this.purge = checkInterval.isZero() ? null : schedulePurge(this, checkInterval);
  }

  private static ScheduledFuture<?> schedulePurge(ChronicleBackend backend, Duration interval) {
    // The task holds the backend weakly so an unclosed, unreachable backend does not leak.
    WeakReference<ChronicleBackend> ref = new WeakReference<>(backend);
    long nanos = interval.toNanos();
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Runnable task =
        () -> {
          ChronicleBackend b = ref.get();
          if (b == null || b.closed || b.store.closed) {
            ScheduledFuture<?> f = self[0];
            if (f != null) {
              f.cancel(false);
            }
            return;
          }
          try {
            b.purgeExpired();
          } catch (RuntimeException e) {
            if (!b.closed && !b.store.closed) { // closing under a running purge is expected to fail it
              System.getLogger("dev.kaju").log(System.Logger.Level.WARNING, "disk cache purge failed", e);
            }
          }
        };
    self[0] = PURGER.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
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
   * Runs {@code mutation} under the update lock of {@code key}'s entry, atomic across threads and
   * processes sharing the file. {@code mayInsert}: make room first when the map is full.
   */
  private <R> R update(String key, boolean mayInsert, Mutation<R> mutation) {
    if (mayInsert) {
      ensureRoom();
    }
    for (int attempt = 0; ; attempt++) {
      try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(key)) {
        c.updateLock().lock();
        MapEntry<String, byte[]> entry = c.entry();
        byte[] stored = entry == null ? null : entry.value().getUsing(null);
        long now = now();
        byte[] live = stored != null && Stored.live(stored, now) ? stored : null;
        Slot slot = new Slot();
        R result = mutation.apply(live, now, slot);
        if (slot.delete || (slot.next == null && entry != null && live == null)) {
          if (entry != null) {
            entry.doRemove(); // also drops an expired or foreign entry the mutation left alone
          }
        } else if (slot.next != null) {
          Data<byte[]> data = c.wrapValueAsData(slot.next);
          if (entry != null) {
            entry.doReplaceValue(data);
          } else {
            MapAbsentEntry<String, byte[]> absent = c.absentEntry();
            if (absent == null) {
              throw new IllegalStateException("no entry and no absent entry for '" + key + "'");
            }
            absent.doInsert(data);
          }
        }
        return result;
      } catch (IllegalStateException e) {
        if (attempt < 3 && full(e)) {
          evict(evictBatch * 4 * (attempt + 1));
          continue;
        }
        throw e;
      } catch (IllegalArgumentException e) {
        if (tooLarge(e)) {
          throw new IllegalArgumentException(
              "the value for '" + key + "' is too large for this disk cache (" + e.getMessage()
                  + "); raise average_value_size, or keep large values elsewhere",
              e);
        }
        throw e;
      }
    }
  }

  private static boolean full(IllegalStateException e) {
    String m = e.getMessage();
    return m != null && m.contains("extra segment tier");
  }

  private static boolean tooLarge(IllegalArgumentException e) {
    String m = e.getMessage();
    return m != null && (m.contains("too large") || m.contains("is maximum"));
  }

  /** The live stored bytes at {@code key}, or {@code null}. */
  private byte @Nullable [] read(String key) {
    byte[] stored = map.get(key);
    if (stored == null) {
      return null;
    }
    long now = now();
    if (!Stored.live(stored, now)) {
      return null;
    }
    if (now - Stored.touchedAt(stored) >= TOUCH_EVERY_MILLIS) {
      touch(key, stored, now);
    }
    return stored;
  }

  /** Records a read for eviction, unless the entry changed meanwhile. */
  private void touch(String key, byte[] seen, long now) {
    try (ExternalMapQueryContext<String, byte[], ?> c = map.queryContext(key)) {
      c.updateLock().lock();
      MapEntry<String, byte[]> entry = c.entry();
      if (entry != null) {
        byte[] current = entry.value().getUsing(null);
        if (Arrays.equals(current, seen)) {
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
        c.forEachSegmentEntryWhile(
            e -> {
              byte[] v = e.value().getUsing(null);
              if (!Stored.live(v, now)) {
                e.doRemove();
                removed[0]++;
              } else {
                stamps.add(new long[] {Stored.touchedAt(v), keys.size()});
                keys.add(e.key().getUsing(null));
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
                // evict only what was sampled: a value written or read since stays
                if (live != null && Stored.touchedAt(live) == touchedAt) {
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

  /** Removes every expired entry (what the background purge does). */
  void purgeExpired() {
    long now = now();
    for (int i = 0; i < map.segments() && !closed && !store.closed; i++) {
      try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
        c.forEachSegmentEntry(
            e -> {
              if (!Stored.live(e.value().getUsing(null), now)) {
                e.doRemove();
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
    byte[] stored = read(key);
    if (stored == null || Stored.type(stored) != Stored.PLAIN) {
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
    return update(
        key,
        mode != SetMode.IF_EXISTS,
        (live, now, slot) -> {
          if ((mode == SetMode.IF_ABSENT && live != null) || (mode == SetMode.IF_EXISTS && live == null)) {
            return false;
          }
          slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
          return true;
        });
  }

  @Override
  public void setMany(Map<String, Object> values, @Nullable Duration ttl) {
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(k, codec.encode(k, v)));
    encoded.forEach(
        (k, payload) ->
            update(
                k,
                true,
                (live, now, slot) -> {
                  slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
                  return null;
                }));
  }

  @Override
  public @Nullable Object getRaw(String key) {
    byte[] stored = read(key);
    return stored == null || Stored.type(stored) != Stored.PLAIN ? null : Stored.payload(stored);
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
    return update(
        key,
        true,
        (live, now, slot) -> {
          slot.put(Stored.of(Stored.PLAIN, expiresAt(ttl, now), now, payload));
          return true;
        });
  }

  // ---------------------------------------------------------------- counters

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    return update(
        key,
        true,
        (live, now, slot) -> {
          long next;
          long at;
          if (live == null) {
            next = by;
            at = expiresAt(ttl, now);
          } else {
            try {
              next = Math.addExact(counter(key, live), by);
            } catch (ArithmeticException e) {
              throw new IllegalStateException("incr of '" + key + "' by " + by + " would overflow a long", e);
            }
            at = Stored.expiresAt(live);
          }
          // a Long's codec form: plain digits, never signed, so get() reads it back as a Long
          slot.put(Stored.of(Stored.PLAIN, at, now, Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
          return next;
        });
  }

  private long counter(String key, byte[] live) {
    if (Stored.type(live) == Stored.PLAIN) {
      String text = new String(live, Stored.HEADER, Stored.payloadLength(live), StandardCharsets.ISO_8859_1);
      if (DIGITS.matcher(text).matches()) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          // 19 digits past Long.MAX_VALUE: not a counter
        }
      }
    }
    throw new IllegalStateException(
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
    byte[] stored = map.get(key);
    return stored != null && Stored.live(stored, now());
  }

  @Override
  public boolean delete(String key) {
    return update(
        key,
        false,
        (live, now, slot) -> {
          slot.delete();
          return live != null;
        });
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
    long now = now();
    long[] deleted = new long[1];
    for (int i = 0; i < map.segments(); i++) {
      try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
        c.forEachSegmentEntry(
            e -> {
              String key = e.key().getUsing(null);
              if (glob.matches(key)) {
                if (Stored.live(e.value().getUsing(null), now)) {
                  deleted[0]++;
                }
                e.doRemove();
              }
            });
      }
    }
    return deleted[0];
  }

  @Override
  public Iterator<String> scan(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    return new SegmentIterator<String>() {
      @Override
      void collect(MapEntry<String, byte[]> e, long now, List<String> out) {
        String key = e.key().getUsing(null);
        if (glob.matches(key) && Stored.live(e.value().getUsing(null), now)) {
          out.add(key);
        }
      }
    };
  }

  @Override
  public Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize) {
    GlobPattern glob = GlobPattern.compile(pattern);
    Iterator<Map.Entry<String, byte[]>> raw =
        new SegmentIterator<Map.Entry<String, byte[]>>() {
          @Override
          void collect(MapEntry<String, byte[]> e, long now, List<Map.Entry<String, byte[]>> out) {
            String key = e.key().getUsing(null);
            if (glob.matches(key)) {
              byte[] v = e.value().getUsing(null);
              if (Stored.live(v, now) && Stored.type(v) == Stored.PLAIN) {
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
   * copied out), so a scan over a large map holds no lock between batches.
   */
  private abstract class SegmentIterator<T> implements Iterator<T> {
    private final List<T> batch = new ArrayList<>();
    private int position;
    private int segment;

    abstract void collect(MapEntry<String, byte[]> e, long now, List<T> out);

    @Override
    public boolean hasNext() {
      while (position == batch.size() && segment < map.segments()) {
        batch.clear();
        position = 0;
        long now = now();
        try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(segment++)) {
          c.forEachSegmentEntry(e -> collect(e, now, batch));
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
    return update(
        key,
        false,
        (live, now, slot) -> {
          if (live == null) {
            return false;
          }
          slot.put(Stored.withExpiry(live, expiresAt(ttl, now), now));
          return true;
        });
  }

  @Override
  public long getExpire(String key) {
    byte[] stored = map.get(key);
    long now = now();
    if (stored == null || !Stored.live(stored, now)) {
      return -2;
    }
    long at = Stored.expiresAt(stored);
    if (at == Stored.NO_EXPIRY) {
      return -1;
    }
    return (at - now + 500) / 1_000;
  }

  @Override
  public void clear() {
    map.clear();
  }

  // ---------------------------------------------------------------- locks

  @Override
  public boolean unlock(String key, String value) {
    return update(
        key,
        false,
        (live, now, slot) -> {
          if (live != null
              && Stored.type(live) == Stored.PLAIN
              && value.equals(codec.decode(key, Stored.payload(live)))) {
            slot.delete();
            return true;
          }
          return false;
        });
  }

  @Override
  public long getKeysCount() {
    long now = now();
    long[] n = new long[1];
    for (int i = 0; i < map.segments(); i++) {
      try (MapSegmentContext<String, byte[], ?> c = map.segmentContext(i)) {
        c.forEachSegmentEntry(
            e -> {
              if (Stored.live(e.value().getUsing(null), now)) {
                n[0]++;
              }
            });
      }
    }
    return n[0];
  }

  @Override
  public long getSize(String key) {
    byte[] stored = map.get(key);
    return stored == null || !Stored.live(stored, now()) ? 0 : Stored.payloadLength(stored);
  }

  // ---------------------------------------------------------------- building blocks

  private static IllegalStateException notA(String key, String what, byte[] live) {
    return new IllegalStateException(
        "value at '" + key + "' is not " + what + " (" + Stored.describe(Stored.type(live)) + ")");
  }

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    return update(
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
        });
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    BitCounters.check(size, indexes);
    return update(
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
        });
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    BitCounters.check(size, indexes);
    long[] values = new long[indexes.length];
    byte[] stored = read(key);
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
    return update(
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
        });
  }

  @Override
  public long setRemove(String key, String... members) {
    return update(
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
        });
  }

  @Override
  public List<String> setPop(String key, int count) {
    return update(
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
        });
  }

  @Override
  public boolean blocking() {
    return false; // local memory-mapped file: fast, as the memory backend
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (purge != null) {
      purge.cancel(false);
    }
    store.release();
  }

  @Override
  public String toString() {
    return "ChronicleBackend{" + store.directory + ", entries=" + entries + "}";
  }
}
