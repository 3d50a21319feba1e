package dev.kaju.internal.redis;

import dev.kaju.CacheBackendException;
import dev.kaju.spi.Backend;
import dev.kaju.spi.GlobPattern;
import dev.kaju.spi.ValueCodec;
import io.lettuce.core.FlushMode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The Redis backend: keys are UTF-8, values are the bytes of a {@link ValueCodec}, every command
 * is one Redis command or one Lua script (so each is atomic on the server).
 *
 * <p>Bit arrays start with {@link #BITS_HEADER}, eight bytes no codec output starts with, so that
 * {@code get} can tell a bloom filter from a value; their counters follow it.
 *
 * <p>Failures of Redis itself (down, slow past {@code timeout}, refusing commands) go through
 * {@link #failed}: with {@code suppress=true} a read is a miss and a write is dropped, with a
 * warning at most every 10 s; otherwise they throw {@link CacheBackendException}. Locks never
 * fail open: a suppressed failure of {@code setLock} is "not taken" and of {@code isLocked} is
 * "held". A command on a key of the wrong kind (incr on a string) is the caller's error and
 * always throws {@link IllegalStateException}.
 */
final class RedisBackend implements Backend {
  /** The first bytes of every bit array: 0xF8 is no codec's first byte. */
  static final byte[] BITS_HEADER = {(byte) 0xF8, 'k', 'a', 'j', 'u', 'b', 'i', 't'};

  private static final long BITS_HEADER_BITS = BITS_HEADER.length * 8L;
  /** Redis strings hold at most 512 MB: 2^32 bits. */
  private static final long MAX_BITS = 1L << 32;

  private static final System.Logger LOG = System.getLogger("dev.kaju.redis");

  private final RedisSettings settings;
  private final ValueCodec codec;
  private final RedisLink link;
  private final @Nullable NearCache near;
  private final @Nullable Tracking tracking;
  private final @Nullable ClusterTracking clusterTracking;
  private final FailureLog failures;
  /** Makes sliding-window members unique across processes: a random id and a counter. */
  private final String memberPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
  private final AtomicLong memberCount = new AtomicLong();
  private final RedisResources resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisBackend(RedisSettings settings, ValueCodec codec) {
    this.settings = settings;
    this.codec = codec;
    this.failures = new FailureLog(LOG, Duration.ofSeconds(10), settings::redact);
    this.resources = RedisResources.acquire();
    try {
      NearCache n = settings.clientSide ? new NearCache(settings.clientSidePrefix, settings.clientSideSize) : null;
      this.near = n;
      // standalone: the backend's own connection carries the invalidations
      this.tracking =
          n == null || settings.cluster
              ? null
              : new Tracking(n, n::trackingOn, n::suspend, failures, resources.scheduler, settings.clientSideCheck);
      this.link = new RedisLink(settings, resources.lettuce, tracking);
      if (tracking != null) {
        tracking.start();
      }
      // cluster: one tracking connection per master, beside the routing connections
      this.clusterTracking =
          n != null && settings.cluster ? new ClusterTracking(n, settings, link, failures, resources) : null;
    } catch (RuntimeException | Error e) {
      resources.release();
      throw e;
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static long millis(Duration ttl) {
    long ms = ttl.toMillis();
    return ttl.minusMillis(ms).isZero() ? Math.max(1, ms) : ms + 1; // round sub-millisecond parts up
  }

  /** Runs a command on the connection; a Redis failure gives {@code fallback} or throws. */
  private <T> T call(String command, @Nullable String key, T fallback, Command<T> op) {
    try {
      return op.run(link.sync());
    } catch (RedisCommandExecutionException e) {
      if (dataError(e)) {
        throw e;
      }
      return failed(command, key, fallback, e);
    } catch (RedisException e) {
      return failed(command, key, fallback, e);
    }
  }

  /** {@link #call} for a command that changes {@code key}: the near cache drops it afterwards. */
  private <T> T write(String command, String key, T fallback, Command<T> op) {
    try {
      return call(command, key, fallback, op);
    } finally {
      touched(key);
    }
  }

  private void touched(String key) {
    NearCache n = near;
    if (n != null) {
      n.invalidate(key);
    }
  }

  private void touchedAll() {
    NearCache n = near;
    if (n != null) {
      n.invalidateAll();
    }
  }

  @FunctionalInterface
  private interface Command<T> {
    T run(RedisClusterCommands<byte[], byte[]> redis);
  }

  private static boolean dataError(RedisCommandExecutionException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("WRONGTYPE")
        || m.contains(Scripts.WRONG_KIND)
        || m.contains("not an integer")
        || m.contains("overflow")
        || m.contains("not a valid float");
  }

  private <T> T failed(String command, @Nullable String key, T fallback, RuntimeException e) {
    suspectIfTimedOut(e);
    String what = command + (key == null ? "" : " '" + key + "'") + " on " + settings.address;
    if (!settings.suppress) {
      throw new CacheBackendException(what + " failed: " + settings.redact(e.getMessage()), redacted(e));
    }
    failures.warn(what + " failed, suppressed (a miss or a dropped write): " + e.getMessage(), null);
    return fallback;
  }

  /**
   * {@code e}, or when a message in its cause chain quotes a credential or the secret (Lettuce's
   * messages may name the user), a copy of the chain with the messages redacted and the same stack
   * traces.
   */
  private RuntimeException redacted(RuntimeException e) {
    if (!quotesSecret(e)) {
      return e;
    }
    return (RuntimeException) redactedChain(e, 0);
  }

  private boolean quotesSecret(@Nullable Throwable e) {
    for (int depth = 0; e != null && depth < 20; e = e.getCause(), depth++) {
      String m = e.getMessage();
      if (m != null && !settings.redact(m).equals(m)) {
        return true;
      }
    }
    return false;
  }

  private Throwable redactedChain(Throwable e, int depth) {
    Throwable cause = e.getCause() == null || depth >= 20 ? null : redactedChain(e.getCause(), depth + 1);
    String m = settings.redact(e.getMessage());
    RedisException copy =
        new RedisException(depth == 0 && e instanceof RedisException ? m : e.getClass().getName() + ": " + m, cause);
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  /**
   * A command that timed out may mean a silently cut connection, which would bring no
   * invalidations either: the near cache stops serving until a PING is answered again.
   */
  private void suspectIfTimedOut(RuntimeException e) {
    if (!(e instanceof RedisCommandTimeoutException)) {
      return;
    }
    String why = "a command timed out on " + settings.address;
    if (tracking != null) {
      tracking.suspect(why);
    }
    if (clusterTracking != null) {
      clusterTracking.suspect(why);
    }
  }

  /** Runs a command on the key and turns a wrong-kind error into an {@link IllegalStateException}. */
  private <T> T onKind(String command, String key, String kind, T fallback, Command<T> op) {
    try {
      return write(command, key, fallback, op);
    } catch (RedisCommandExecutionException e) {
      throw new IllegalStateException(
          "value at '" + key + "' is not " + kind + " (Redis: " + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static boolean isBits(byte[] raw) {
    if (raw.length < BITS_HEADER.length) {
      return false;
    }
    for (int i = 0; i < BITS_HEADER.length; i++) {
      if (raw[i] != BITS_HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  private @Nullable Object decode(String key, byte @Nullable [] raw) {
    if (raw == null || isBits(raw)) {
      return null;
    }
    return codec.decode(key, raw);
  }

  private static <T> T await(RedisFuture<T> f, Duration timeout) {
    try {
      return f.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RedisException) {
        throw (RedisException) c;
      }
      throw new RedisException(String.valueOf(c), c);
    } catch (TimeoutException e) {
      RedisCommandTimeoutException t = new RedisCommandTimeoutException("command timed out after " + timeout.toMillis() + " ms");
      t.initCause(e);
      throw t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- values

  @Override
  public @Nullable Object get(String key) {
    NearCache n = near;
    if (n != null && n.serves(key)) {
      NearCache.Entry e = n.hit(key); // the hit path: no list, no Redis
      return e != null ? unwrapNear(e.value) : getMany(List.of(key)).get(0);
    }
    // MGET, not GET: it answers nil for a set or a sliding window instead of WRONGTYPE
    byte[] raw = call("get", key, null, r -> r.mget(bytes(key)).get(0).getValueOrElse(null));
    return decode(key, raw);
  }

  /** What the near cache holds for {@code value}. */
  private static @Nullable Object unwrapNear(@Nullable Object value) {
    return value == NearCache.MISSING ? null : value;
  }

  /** {@code getMany} through the near cache: hits from it, the rest with their TTLs in one pipeline. */
  private List<@Nullable Object> getManyNear(NearCache n, List<String> keys) {
    List<@Nullable Object> values = new ArrayList<>(keys.size());
    List<Integer> missed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      NearCache.Entry e = n.serves(key) ? n.hit(key) : null;
      values.add(e == null ? null : unwrapNear(e.value));
      if (e == null) {
        missed.add(i);
      }
    }
    if (missed.isEmpty()) {
      return values;
    }
    NearCache.Entry[] tokens = new NearCache.Entry[missed.size()];
    byte[][] k = new byte[missed.size()][];
    for (int j = 0; j < k.length; j++) {
      String key = keys.get(missed.get(j));
      k[j] = bytes(key);
      tokens[j] = n.serves(key) ? n.begin(key) : null;
    }
    boolean[] completed = new boolean[k.length];
    try {
      Object[] fetched =
          call(
              "getMany",
              missed.size() == 1 ? keys.get(missed.get(0)) : null,
              null,
              r -> {
                RedisClusterAsyncCommands<byte[], byte[]> async = link.async();
                RedisFuture<List<KeyValue<byte[], byte[]>>> got = async.mget(k);
                List<RedisFuture<Long>> ttls = new ArrayList<>(k.length);
                for (byte[] one : k) {
                  ttls.add(async.pttl(one));
                }
                List<KeyValue<byte[], byte[]>> raw = await(got, settings.timeout);
                long[] pttl = new long[k.length];
                for (int j = 0; j < k.length; j++) {
                  pttl[j] = await(ttls.get(j), settings.timeout);
                }
                return new Object[] {raw, pttl};
              });
      if (fetched == null) {
        return values; // suppressed failure: misses
      }
      @SuppressWarnings("unchecked")
      List<KeyValue<byte[], byte[]>> raw = (List<KeyValue<byte[], byte[]>>) fetched[0];
      long[] pttl = (long[]) fetched[1];
      for (int j = 0; j < k.length; j++) {
        int i = missed.get(j);
        String key = keys.get(i);
        byte[] stored = raw.get(j).getValueOrElse(null);
        Object v = decode(key, stored);
        values.set(i, v);
        if (tokens[j] != null) {
          // a bit array, set or window is not cached: it reads as missing and is not a value
          boolean plainOrMissing = stored == null ? pttl[j] == -2 : v != null;
          if (plainOrMissing) {
            n.complete(key, tokens[j], v, pttl[j]);
            completed[j] = true;
          }
        }
      }
      return values;
    } finally {
      for (int j = 0; j < k.length; j++) {
        if (tokens[j] != null && !completed[j]) {
          n.invalidate(keys.get(missed.get(j)));
        }
      }
    }
  }

  @Override
  public List<@Nullable Object> getMany(List<String> keys) {
    if (keys.isEmpty()) {
      return new ArrayList<>();
    }
    NearCache n = near;
    if (n != null && n.ready()) {
      return getManyNear(n, keys);
    }
    byte[][] k = new byte[keys.size()][];
    for (int i = 0; i < k.length; i++) {
      k[i] = bytes(keys.get(i));
    }
    List<KeyValue<byte[], byte[]>> found = call("getMany", null, null, r -> r.mget(k));
    List<@Nullable Object> values = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      values.add(found == null ? null : decode(keys.get(i), found.get(i).getValueOrElse(null)));
    }
    return values;
  }

  private static SetArgs setArgs(@Nullable Duration ttl, SetMode mode) {
    SetArgs args = new SetArgs();
    if (ttl != null) {
      args.px(millis(ttl));
    }
    if (mode == SetMode.IF_ABSENT) {
      args.nx();
    } else if (mode == SetMode.IF_EXISTS) {
      args.xx();
    }
    return args;
  }

  @Override
  public boolean set(String key, Object value, @Nullable Duration ttl, SetMode mode) {
    byte[] stored = codec.encode(key, value);
    return store(key, stored, ttl, mode);
  }

  private boolean store(String key, byte[] stored, @Nullable Duration ttl, SetMode mode) {
    String ok = write("set", key, null, r -> r.set(bytes(key), stored, setArgs(ttl, mode)));
    return "OK".equals(ok);
  }

  @Override
  public void setMany(Map<String, Object> values, @Nullable Duration ttl) {
    if (values.isEmpty()) {
      return;
    }
    Map<byte[], byte[]> encoded = new LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(bytes(k), codec.encode(k, v)));
    try {
      setManyEncoded(encoded, ttl);
    } finally {
      values.keySet().forEach(this::touched);
    }
  }

  private void setManyEncoded(Map<byte[], byte[]> encoded, @Nullable Duration ttl) {
    call(
        "setMany",
        null,
        null,
        r -> {
          if (ttl == null) {
            return r.mset(encoded);
          }
          // pipelined: every SET goes out before the first answer is awaited
          RedisClusterAsyncCommands<byte[], byte[]> async = link.async();
          SetArgs args = setArgs(ttl, SetMode.ALWAYS);
          List<RedisFuture<String>> futures = new ArrayList<>(encoded.size());
          encoded.forEach((k, v) -> futures.add(async.set(k, v, args)));
          for (RedisFuture<String> f : futures) {
            await(f, settings.timeout);
          }
          return "OK";
        });
  }

  @Override
  public @Nullable Object getRaw(String key) {
    byte[] raw = call("getRaw", key, null, r -> r.mget(bytes(key)).get(0).getValueOrElse(null));
    return raw == null || isBits(raw) ? null : raw;
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    byte[] stored;
    if (value instanceof byte[]) {
      stored = (byte[]) value;
    } else if (value instanceof String) {
      stored = bytes((String) value);
    } else {
      throw new IllegalArgumentException(
          "setRaw on Redis stores bytes: pass a byte[] or a String, not a " + value.getClass().getName());
    }
    return store(key, stored, ttl, SetMode.ALWAYS);
  }

  // ---------------------------------------------------------------- counters

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    try {
      Long v =
          write(
              "incr",
              key,
              0L,
              r -> ttl == null
                  ? r.incrby(bytes(key), by)
                  : Scripts.INCR_EXPIRE.run(
                      r, ScriptOutputType.INTEGER, bytes(key), bytes(Long.toString(by)), bytes(Long.toString(millis(ttl)))));
      return v;
    } catch (RedisCommandExecutionException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("overflow")) {
        throw new IllegalStateException("incr of '" + key + "' by " + by + " would overflow a long", e);
      }
      throw new IllegalStateException(
          "value at '" + key + "' is not an integer counter (Redis: " + firstLine(m)
              + "); incr needs a Long value (store 10L, not 10) or no value",
          e);
    }
  }

  // ---------------------------------------------------------------- keys

  @Override
  public boolean exists(String key) {
    return call("exists", key, 0L, r -> r.exists(bytes(key))) > 0;
  }

  @Override
  public boolean delete(String key) {
    return write("delete", key, 0L, r -> r.unlink(bytes(key))) > 0;
  }

  @Override
  public long deleteMany(List<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    byte[][] k = keys.stream().map(RedisBackend::bytes).toArray(byte[][]::new);
    try {
      return call("deleteMany", null, 0L, r -> r.unlink(k));
    } finally {
      keys.forEach(this::touched);
    }
  }

  @Override
  public long deleteMatch(String pattern) {
    GlobPattern.compile(pattern); // the same errors as every backend for a malformed pattern
    try {
      return deleteScanned("deleteMatch", pattern);
    } finally {
      touchedAll();
    }
  }

  /** SCAN MATCH {@code pattern} COUNT 1000, each batch unlinked as it comes (every master of a cluster). */
  private long deleteScanned(String command, String pattern) {
    return call(
        command,
        pattern,
        0L,
        r -> {
          long n = 0;
          ScanArgs args = ScanArgs.Builder.matches(bytes(pattern)).limit(1000);
          KeyScanCursor<byte[]> cursor = r.scan(args);
          while (true) {
            List<byte[]> keys = cursor.getKeys();
            if (!keys.isEmpty()) {
              n += r.unlink(keys.toArray(new byte[0][]));
            }
            if (cursor.isFinished()) {
              return n;
            }
            cursor = r.scan(cursor, args);
          }
        });
  }

  @Override
  public Iterator<String> scan(String pattern, int batchSize) {
    GlobPattern.compile(pattern);
    return new KeyBatches<String>(pattern, batchSize) {
      @Override
      void fill(List<byte[]> keys, ArrayDeque<String> out) {
        for (byte[] k : keys) {
          out.add(string(k));
        }
      }
    };
  }

  @Override
  public Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize) {
    GlobPattern.compile(pattern);
    return new KeyBatches<Map.Entry<String, Object>>(pattern, batchSize) {
      @Override
      void fill(List<byte[]> keys, ArrayDeque<Map.Entry<String, Object>> out) {
        List<KeyValue<byte[], byte[]>> values =
            call("getMatch", pattern, Collections.emptyList(), r -> r.mget(keys.toArray(new byte[0][])));
        for (KeyValue<byte[], byte[]> kv : values) {
          String key = string(kv.getKey());
          Object v = decode(key, kv.getValueOrElse(null));
          if (v != null) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
          }
        }
      }
    };
  }

  /** Walks SCAN MATCH COUNT lazily, one batch of keys at a time; a suppressed failure ends it. */
  private abstract class KeyBatches<T> implements Iterator<T> {
    private final String pattern;
    private final ScanArgs args;
    private final ArrayDeque<T> ready = new ArrayDeque<>();
    private @Nullable ScanCursor cursor;
    private boolean done;

    KeyBatches(String pattern, int batchSize) {
      this.pattern = pattern;
      this.args = ScanArgs.Builder.matches(bytes(pattern)).limit(Math.max(1, batchSize));
    }

    abstract void fill(List<byte[]> keys, ArrayDeque<T> out);

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !done) {
        ScanCursor at = cursor;
        KeyScanCursor<byte[]> next = call("scan", pattern, null, r -> at == null ? r.scan(args) : r.scan(at, args));
        if (next == null) {
          done = true;
          break;
        }
        cursor = next;
        done = next.isFinished();
        if (!next.getKeys().isEmpty()) {
          fill(next.getKeys(), ready);
        }
      }
      return !ready.isEmpty();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }
  }

  @Override
  public boolean expire(String key, Duration ttl) {
    return write("expire", key, false, r -> r.pexpire(bytes(key), millis(ttl)));
  }

  @Override
  public long getExpire(String key) {
    long ms = call("getExpire", key, -2L, r -> r.pttl(bytes(key)));
    return ms < 0 ? ms : (ms + 500) / 1000;
  }

  @Override
  public String ping(String message) {
    // a health check: it reports a failure even with suppress=true
    try {
      RedisClusterCommands<byte[], byte[]> r = link.sync();
      return "PING".equals(message) ? r.ping() : string(r.echo(bytes(message)));
    } catch (RedisException e) {
      suspectIfTimedOut(e);
      throw new CacheBackendException("ping on " + settings.address + " failed: " + settings.redact(e.getMessage()), redacted(e));
    }
  }

  /**
   * The default route owns the database: {@code FLUSHDB ASYNC} (every master of a cluster). A
   * route with a prefix shares it with other keys, so it unlinks only the keys matching {@code
   * prefix*}, found with SCAN in batches.
   */
  @Override
  public void clear() {
    try {
      if (settings.routePrefix.isEmpty()) {
        call("clear", null, null, r -> r.flushdb(FlushMode.ASYNC));
      } else {
        deleteScanned("clear", ownKeys());
      }
    } finally {
      touchedAll();
    }
  }

  /** The pattern of the keys this backend's route owns: its prefix, escaped, then anything. */
  private String ownKeys() {
    return GlobPattern.escape(settings.routePrefix) + "*";
  }

  // ---------------------------------------------------------------- locks

  /**
   * A lock is taken only when Redis answered {@code OK} to {@code SET NX}: a failure is "not
   * taken" with {@code suppress=true} (so {@code lock()} waits, then throws {@code
   * LockedException}) and throws {@link CacheBackendException} without it. Never fails open.
   */
  @Override
  public boolean setLock(String key, String value, Duration ttl) {
    byte[] stored = codec.encode(key, value);
    String ok;
    try {
      ok = write("setLock", key, UNCONFIRMED, r -> r.set(bytes(key), stored, setArgs(ttl, SetMode.IF_ABSENT)));
    } catch (CacheBackendException e) {
      releaseUnconfirmed(key, stored);
      throw e;
    }
    if (ok == UNCONFIRMED) {
      releaseUnconfirmed(key, stored);
    }
    return "OK".equals(ok);
  }

  /** What a suppressed failure of {@code setLock} answers: compared by identity. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String UNCONFIRMED = new String("unconfirmed");

  /**
   * A {@code SET NX} that timed out may still be applied once Redis answers, leaving a lock nobody
   * was told they hold until its TTL. A compare-and-delete queued behind it on the same connection
   * releases it then; when there is no connection, nothing was queued and nothing is sent.
   */
  private void releaseUnconfirmed(String key, byte[] stored) {
    try {
      link.async().eval(Scripts.UNLOCK.text, ScriptOutputType.INTEGER, new byte[][] {bytes(key)}, stored);
    } catch (RuntimeException e) {
      // not connected: the SET was not sent either
    }
  }

  /**
   * Whether the lock key exists. When Redis cannot answer, {@code suppress=true} answers {@code
   * true} (held, as far as anyone can tell): "free" would let a caller that checks first go ahead
   * as if nobody held it. Without {@code suppress} it throws.
   */
  @Override
  public boolean isLocked(String key) {
    return call("isLocked", key, 1L, r -> r.exists(bytes(key))) > 0;
  }

  @Override
  public boolean unlock(String key, String value) {
    byte[] stored = codec.encode(key, value);
    Long n =
        onKind("unlock", key, "a lock", 0L, r -> Scripts.UNLOCK.run(r, ScriptOutputType.INTEGER, bytes(key), stored));
    return n > 0;
  }

  /**
   * {@code DBSIZE} for the default route (every key of the database, summed over a cluster's
   * masters); for a route with a prefix, the keys matching {@code prefix*} counted with SCAN (a
   * key may count twice while Redis resizes its table during the walk).
   */
  @Override
  public long getKeysCount() {
    if (settings.routePrefix.isEmpty()) {
      return call("getKeysCount", null, 0L, r -> r.dbsize());
    }
    String pattern = ownKeys();
    return call(
        "getKeysCount",
        pattern,
        0L,
        r -> {
          long n = 0;
          ScanArgs args = ScanArgs.Builder.matches(bytes(pattern)).limit(1000);
          KeyScanCursor<byte[]> cursor = r.scan(args);
          while (true) {
            n += cursor.getKeys().size();
            if (cursor.isFinished()) {
              return n;
            }
            cursor = r.scan(cursor, args);
          }
        });
  }

  @Override
  public long getSize(String key) {
    Long n = call("getSize", key, 0L, r -> r.memoryUsage(bytes(key)));
    return n == null ? 0 : n;
  }

  // ---------------------------------------------------------------- building blocks

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    byte[] member = bytes(memberPrefix + memberCount.incrementAndGet());
    Long n =
        onKind(
            "sliceIncr",
            key,
            "a sliding-window counter",
            0L,
            r -> Scripts.SLICE_INCR.run(
                r,
                ScriptOutputType.INTEGER,
                bytes(key),
                bytes(Long.toString(start)),
                bytes(Long.toString(end)),
                bytes(Long.toString(maxValue)),
                member,
                ttl == null ? new byte[0] : bytes(Long.toString(millis(ttl)))));
    return n;
  }

  private static void checkBits(int size, long... indexes) {
    if (size < 1 || size > 63) {
      throw new IllegalArgumentException("bit counter size must be from 1 to 63, was " + size);
    }
    for (long index : indexes) {
      if (index < 0) {
        throw new IllegalArgumentException("bit index must not be negative, was " + index);
      }
      if (index >= (MAX_BITS - BITS_HEADER_BITS) / size) {
        throw new IllegalArgumentException(
            "bit index " + index + " with size " + size + " is past the 2^32-bit limit of a bit array");
      }
    }
  }

  private static byte[][] bitArgs(int fixed, int size, long[] indexes, byte[]... head) {
    byte[][] args = Arrays.copyOf(head, fixed + indexes.length);
    for (int i = 0; i < indexes.length; i++) {
      args[fixed + i] = bytes(Long.toString(BITS_HEADER_BITS + indexes[i] * size));
    }
    return args;
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    checkBits(size, indexes);
    if (indexes.length == 0) {
      return new long[0];
    }
    byte[][] args = bitArgs(3, size, indexes, BITS_HEADER, bytes("u" + size), bytes(Long.toString(by)));
    List<Long> values =
        onKind(
            "incrBits",
            key,
            "a bit array",
            Collections.<Long>emptyList(),
            r -> Scripts.INCR_BITS.run(r, ScriptOutputType.MULTI, bytes(key), args));
    return toLongs(values, indexes.length);
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    checkBits(size, indexes);
    if (indexes.length == 0) {
      return new long[0];
    }
    byte[][] args = bitArgs(2, size, indexes, BITS_HEADER, bytes("u" + size));
    List<Long> values =
        call(
            "getBits",
            key,
            Collections.<Long>emptyList(),
            r -> Scripts.GET_BITS.run(r, ScriptOutputType.MULTI, bytes(key), args));
    return toLongs(values, indexes.length);
  }

  private static long[] toLongs(List<?> values, int n) {
    long[] out = new long[n];
    for (int i = 0; i < Math.min(n, values.size()); i++) {
      Object v = values.get(i);
      out[i] = v == null ? 0 : ((Number) v).longValue();
    }
    return out;
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    if (members.length == 0) {
      return 0;
    }
    byte[][] m = Arrays.stream(members).map(RedisBackend::bytes).toArray(byte[][]::new);
    Long n =
        onKind(
            "setAdd",
            key,
            "a set",
            0L,
            r -> {
              if (ttl == null) {
                return r.sadd(bytes(key), m);
              }
              byte[][] args = new byte[m.length + 1][];
              args[0] = bytes(Long.toString(millis(ttl)));
              System.arraycopy(m, 0, args, 1, m.length);
              return Scripts.SET_ADD.run(r, ScriptOutputType.INTEGER, bytes(key), args);
            });
    return n;
  }

  @Override
  public long setRemove(String key, String... members) {
    if (members.length == 0) {
      return 0;
    }
    byte[][] m = Arrays.stream(members).map(RedisBackend::bytes).toArray(byte[][]::new);
    return onKind("setRemove", key, "a set", 0L, r -> r.srem(bytes(key), m));
  }

  @Override
  public List<String> setPop(String key, int count) {
    if (count <= 0) {
      return new ArrayList<>();
    }
    Set<byte[]> popped = onKind("setPop", key, "a set", Collections.<byte[]>emptySet(), r -> r.spop(bytes(key), count));
    List<String> out = new ArrayList<>(popped.size());
    for (byte[] b : popped) {
      out.add(string(b));
    }
    return out;
  }

  @Override
  public boolean blocking() {
    return true;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (near != null) {
        near.close();
      }
      if (tracking != null) {
        tracking.close();
      }
      if (clusterTracking != null) {
        clusterTracking.close();
      }
      link.close();
    } finally {
      resources.release();
    }
  }

  @Override
  public String toString() {
    return "RedisBackend{" + settings.address + (settings.suppress ? "" : ", suppress=false") + "}";
  }
}
