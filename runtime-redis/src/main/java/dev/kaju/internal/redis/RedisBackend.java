package dev.kaju.internal.redis;

import dev.kaju.CacheBackendException;
import dev.kaju.Command;
import dev.kaju.spi.Backend;
import dev.kaju.spi.GlobPattern;
import dev.kaju.spi.KeyBytes;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
 *
 * <p>Each command is written once, as an {@link Op}: what it sends through Lettuce's async API
 * and what the answer (or the failure) means. The synchronous methods send it and wait on the
 * caller's thread; {@link #executeAsync} sends it and returns at once, completing the stage on a
 * Lettuce computation thread when Redis answers. The commands that walk a SCAN cursor run
 * synchronously, and on {@link RedisResources#blocking} for the async path.
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

  /** A key or pattern as Redis sees it: UTF-8, lossless even for a lone surrogate ({@link KeyBytes}). */
  private static byte[] bytes(String s) {
    return KeyBytes.encode(s);
  }

  private static String string(byte[] b) {
    return KeyBytes.decode(b);
  }

  private static long millis(Duration ttl) {
    long ms = ttl.toMillis();
    return ttl.minusMillis(ms).isZero() ? Math.max(1, ms) : ms + 1; // round sub-millisecond parts up
  }

  /** What a command sends: one Redis command, or a few pipelined ones answered as one stage. */
  @FunctionalInterface
  private interface Send<R> {
    CompletionStage<R> to(RedisClusterAsyncCommands<byte[], byte[]> redis);
  }

  /** What Redis's answer means; {@code error} is null when Redis answered {@code answer}. */
  @FunctionalInterface
  private interface Done<R, T> {
    T apply(@Nullable R answer, @Nullable RuntimeException error);
  }

  /**
   * One command, written once for both paths: what it sends and what the answer or the failure
   * means. {@link #sync} waits for the answer and runs {@code done} on the caller's thread; {@link
   * #async} runs {@code done} on a Lettuce computation thread when the answer arrives. An op
   * without {@code send} ({@link #answered}) needs no Redis: a near-cache hit, no keys at all.
   */
  private static final class Op<R, T> {
    final @Nullable Send<R> send;
    final Done<R, T> done;

    Op(@Nullable Send<R> send, Done<R, T> done) {
      this.send = send;
      this.done = done;
    }

    /** This op with {@code then} applied to its result. */
    <U> Op<R, U> map(Function<T, U> then) {
      Done<R, T> first = done;
      return new Op<>(send, (a, e) -> then.apply(first.apply(a, e)));
    }
  }

  /** An op answered without Redis. */
  private static <T> Op<Void, T> answered(T value) {
    return new Op<>(null, (a, e) -> value);
  }

  /**
   * The usual op: a failure is {@link #recover recovered} (the fallback or an exception), and the
   * answer, or the fallback, goes through {@code answer}.
   */
  private <R, T> Op<R, T> op(String command, @Nullable String key, @Nullable R fallback, Send<R> send, Function<@Nullable R, T> answer) {
    return new Op<>(send, (a, e) -> answer.apply(e == null ? a : recover(command, key, fallback, e)));
  }

  /** {@code op} on a command that changes {@code key}: the near cache drops the key once Redis answered. */
  private <R, T> Op<R, T> changes(String key, Op<R, T> op) {
    if (near == null) {
      return op;
    }
    return new Op<>(op.send, (a, e) -> {
      try {
        return op.done.apply(a, e);
      } finally {
        touched(key);
      }
    });
  }

  /** {@code op} on a key that must hold {@code kind}: a wrong-kind error becomes an {@link IllegalStateException}. */
  private static <R, T> Op<R, T> ofKind(String key, String kind, Op<R, T> op) {
    return new Op<>(op.send, (a, e) -> {
      try {
        return op.done.apply(a, e);
      } catch (RedisCommandExecutionException x) {
        throw new IllegalStateException(
            "value at '" + key + "' is not " + kind + " (Redis: " + firstLine(x.getMessage()) + ")", x);
      }
    });
  }

  /** Sends {@code op} and waits for the answer on this thread. */
  private <R, T> T sync(Op<R, T> op) {
    Send<R> send = op.send;
    if (send == null) {
      return op.done.apply(null, null);
    }
    R answer = null;
    RuntimeException error = null;
    try {
      answer = await(send.to(link.async()), settings.timeout);
    } catch (RuntimeException e) {
      error = e;
    }
    return op.done.apply(answer, error);
  }

  /**
   * Sends {@code op} and returns at once; the stage completes on a Lettuce computation thread, so
   * neither the caller's thread nor an event loop runs what is chained to it (an op answered
   * without Redis is complete at once).
   */
  private <R, T> CompletableFuture<T> async(Op<R, T> op) {
    Send<R> send = op.send;
    if (send == null) {
      return CompletableFuture.completedFuture(op.done.apply(null, null));
    }
    CompletionStage<R> sent;
    try {
      sent = send.to(link.async());
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e); // not connected: recovered like any other failure
    }
    return sent.toCompletableFuture().handleAsync((a, e) -> op.done.apply(a, e == null ? null : failure(e)), resources.completions);
  }

  /** The failure a stage completed with, without the {@link CompletionException} around it. */
  private static RuntimeException failure(Throwable e) {
    Throwable c = e;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof RuntimeException) {
      return (RuntimeException) c;
    }
    if (c instanceof Error) {
      throw (Error) c;
    }
    return new RedisException(String.valueOf(c), c);
  }

  /** Waits for {@code f} a little past {@code timeout} (Lettuce fails a command at {@code timeout}). */
  private static <T> T await(CompletionStage<T> f, Duration timeout) {
    try {
      return f.toCompletableFuture().get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(e);
    } catch (TimeoutException e) {
      RedisCommandTimeoutException t = new RedisCommandTimeoutException("command timed out after " + timeout.toMillis() + " ms");
      t.initCause(e);
      throw t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisException("interrupted", e);
    }
  }

  /**
   * What a failed command answers: a wrong-kind error is the caller's and is rethrown; a failure of
   * Redis gives {@code fallback} or throws ({@link #failed}); anything else is rethrown.
   */
  private <R> R recover(String command, @Nullable String key, R fallback, RuntimeException e) {
    if (e instanceof RedisCommandExecutionException && dataError((RedisCommandExecutionException) e)) {
      throw e;
    }
    if (e instanceof RedisException) {
      return failed(command, key, fallback, e);
    }
    throw e;
  }

  /**
   * Runs a command on the synchronous API; a Redis failure gives {@code fallback} or throws. Only
   * for the commands that walk a SCAN cursor (several round trips); every other command is an
   * {@link Op}.
   */
  private <T> T call(String command, @Nullable String key, T fallback, Walk<T> op) {
    try {
      return op.run(link.sync());
    } catch (RuntimeException e) {
      return recover(command, key, fallback, e);
    }
  }

  @FunctionalInterface
  private interface Walk<T> {
    T run(RedisClusterCommands<byte[], byte[]> redis);
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

  /** The value of an MGET of one key, or null. */
  private static byte @Nullable [] first(@Nullable List<KeyValue<byte[], byte[]>> found) {
    return found == null || found.isEmpty() ? null : found.get(0).getValueOrElse(null);
  }

  // ---------------------------------------------------------------- the async path

  /**
   * Runs {@code call} without blocking the caller: every command with a one-round-trip form goes
   * through Lettuce's async API (no thread per call); the ones that walk a SCAN cursor ({@code
   * scan}, {@code getMatch}, {@code deleteMatch}, and {@code clear}/{@code getKeysCount} on a route
   * with a prefix) run synchronously on {@link RedisResources#blocking}. A near-cache hit is a
   * completed stage. Failures follow the synchronous path exactly: the same fallbacks, warnings and
   * exceptions, as a failed stage.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletionStage<R> executeAsync(Command.Call<R> call) {
    try {
      Op<?, ?> op = op(call);
      return op != null ? (CompletionStage<R>) async(op) : onBlocking(call);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e); // argument errors, a value the codec refused
    }
  }

  /** The op of {@code call}, or null for a command that walks a cursor. */
  private @Nullable Op<?, ?> op(Command.Call<?> call) {
    if (call instanceof Command.Get) {
      return getOp(((Command.Get) call).key());
    } else if (call instanceof Command.GetMany) {
      return getManyOp(((Command.GetMany) call).keys());
    } else if (call instanceof Command.Set) {
      Command.Set c = (Command.Set) call;
      return setOp(c.key(), c.value(), c.ttl(), c.mode());
    } else if (call instanceof Command.SetMany) {
      Command.SetMany c = (Command.SetMany) call;
      return setManyOp(c.values(), c.ttl()).map(ignored -> (Void) null);
    } else if (call instanceof Command.GetRaw) {
      return getRawOp(((Command.GetRaw) call).key());
    } else if (call instanceof Command.SetRaw) {
      Command.SetRaw c = (Command.SetRaw) call;
      return setRawOp(c.key(), c.value(), c.ttl());
    } else if (call instanceof Command.Incr) {
      Command.Incr c = (Command.Incr) call;
      return incrOp(c.key(), c.by(), c.ttl());
    } else if (call instanceof Command.Exists) {
      return existsOp(((Command.Exists) call).key());
    } else if (call instanceof Command.Delete) {
      return deleteOp(((Command.Delete) call).key());
    } else if (call instanceof Command.DeleteMany) {
      return deleteManyOp(((Command.DeleteMany) call).keys());
    } else if (call instanceof Command.Expire) {
      Command.Expire c = (Command.Expire) call;
      return expireOp(c.key(), c.ttl());
    } else if (call instanceof Command.GetExpire) {
      return getExpireOp(((Command.GetExpire) call).key());
    } else if (call instanceof Command.Ping) {
      return pingOp(((Command.Ping) call).message());
    } else if (call instanceof Command.Clear) {
      return settings.routePrefix.isEmpty() ? flushOp().map(ignored -> (Void) null) : null;
    } else if (call instanceof Command.IsLocked) {
      return isLockedOp(((Command.IsLocked) call).key());
    } else if (call instanceof Command.SetLock) {
      Command.SetLock c = (Command.SetLock) call;
      return setLockOp(c.key(), c.value(), c.ttl());
    } else if (call instanceof Command.Unlock) {
      Command.Unlock c = (Command.Unlock) call;
      return unlockOp(c.key(), c.value());
    } else if (call instanceof Command.GetKeysCount) {
      return settings.routePrefix.isEmpty() ? dbSizeOp() : null;
    } else if (call instanceof Command.GetSize) {
      return getSizeOp(((Command.GetSize) call).key());
    } else if (call instanceof Command.SliceIncr) {
      Command.SliceIncr c = (Command.SliceIncr) call;
      return sliceIncrOp(c.key(), c.start(), c.end(), c.maxValue(), c.ttl());
    } else if (call instanceof Command.IncrBits) {
      Command.IncrBits c = (Command.IncrBits) call;
      return incrBitsOp(c.key(), c.size(), c.by(), c.indexes());
    } else if (call instanceof Command.GetBits) {
      Command.GetBits c = (Command.GetBits) call;
      return getBitsOp(c.key(), c.size(), c.indexes());
    } else if (call instanceof Command.SetAdd) {
      Command.SetAdd c = (Command.SetAdd) call;
      return setAddOp(c.key(), c.ttl(), c.members().toArray(new String[0]));
    } else if (call instanceof Command.SetRemove) {
      Command.SetRemove c = (Command.SetRemove) call;
      return setRemoveOp(c.key(), c.members().toArray(new String[0]));
    } else if (call instanceof Command.SetPop) {
      Command.SetPop c = (Command.SetPop) call;
      return setPopOp(c.key(), c.count());
    }
    return null; // Scan, GetMatch, DeleteMatch, and Clear, GetKeysCount on a prefixed route
  }

  /** The synchronous command on the shared bounded executor: never the caller's thread, never a thread of its own. */
  private <R> CompletionStage<R> onBlocking(Command.Call<R> call) {
    return CompletableFuture.supplyAsync(() -> call.apply(this), resources.blocking);
  }

  // ---------------------------------------------------------------- values

  @Override
  public @Nullable Object get(String key) {
    NearCache n = near;
    if (n != null && n.serves(key)) {
      NearCache.Entry e = n.hit(key); // the hit path: no op, no list, no Redis
      if (e != null) {
        return unwrapNear(e.value);
      }
    }
    return sync(getOp(key));
  }

  /**
   * A read of one key: from the near cache when it holds the key, else through it (see {@link
   * #getManyNear}), else an MGET.
   */
  private Op<?, @Nullable Object> getOp(String key) {
    NearCache n = near;
    if (n != null && n.serves(key)) {
      NearCache.Entry e = n.hit(key);
      return e != null ? answered(unwrapNear(e.value)) : getManyNear(n, List.of(key)).map(values -> values.get(0));
    }
    // MGET, not GET: it answers nil for a set or a sliding window instead of WRONGTYPE
    return op("get", key, null, r -> r.mget(bytes(key)), found -> decode(key, first(found)));
  }

  /** What the near cache holds for {@code value}. */
  private static @Nullable Object unwrapNear(@Nullable Object value) {
    return value == NearCache.MISSING ? null : value;
  }

  /**
   * {@code getMany} through the near cache: hits from it, the rest with their TTLs in one pipeline
   * (MGET and a PTTL per key). Each key read from Redis holds a loading token from before the read
   * until the answer, which is kept only if the token survived (see {@link NearCache}).
   */
  private Op<?, List<@Nullable Object>> getManyNear(NearCache n, List<String> keys) {
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
      return answered(values);
    }
    NearCache.Entry[] tokens = new NearCache.Entry[missed.size()];
    byte[][] k = new byte[missed.size()][];
    for (int j = 0; j < k.length; j++) {
      String key = keys.get(missed.get(j));
      k[j] = bytes(key);
      tokens[j] = n.serves(key) ? n.begin(key) : null;
    }
    String failedKey = missed.size() == 1 ? keys.get(missed.get(0)) : null;
    Send<Object[]> send =
        r -> {
          RedisFuture<List<KeyValue<byte[], byte[]>>> got = r.mget(k);
          CompletableFuture<?>[] all = new CompletableFuture<?>[k.length + 1];
          all[0] = got.toCompletableFuture();
          List<RedisFuture<Long>> ttls = new ArrayList<>(k.length);
          for (int j = 0; j < k.length; j++) {
            RedisFuture<Long> ttl = r.pttl(k[j]);
            ttls.add(ttl);
            all[j + 1] = ttl.toCompletableFuture();
          }
          return CompletableFuture.allOf(all).thenApply(ignored -> {
            long[] pttl = new long[k.length];
            for (int j = 0; j < k.length; j++) {
              pttl[j] = ttls.get(j).toCompletableFuture().join();
            }
            return new Object[] {got.toCompletableFuture().join(), pttl};
          });
        };
    return new Op<>(send, (answer, error) -> {
      boolean[] completed = new boolean[k.length];
      try {
        Object[] fetched = error == null ? answer : recover("getMany", failedKey, null, error);
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
    });
  }

  @Override
  public List<@Nullable Object> getMany(List<String> keys) {
    return sync(getManyOp(keys));
  }

  private Op<?, List<@Nullable Object>> getManyOp(List<String> keys) {
    if (keys.isEmpty()) {
      return answered(new ArrayList<>());
    }
    NearCache n = near;
    if (n != null && n.ready()) {
      return getManyNear(n, keys);
    }
    byte[][] k = new byte[keys.size()][];
    for (int i = 0; i < k.length; i++) {
      k[i] = bytes(keys.get(i));
    }
    return op(
        "getMany",
        null,
        null,
        r -> r.mget(k),
        found -> {
          List<@Nullable Object> values = new ArrayList<>(keys.size());
          for (int i = 0; i < keys.size(); i++) {
            values.add(found == null ? null : decode(keys.get(i), found.get(i).getValueOrElse(null)));
          }
          return values;
        });
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
    return sync(setOp(key, value, ttl, mode));
  }

  private Op<?, Boolean> setOp(String key, Object value, @Nullable Duration ttl, SetMode mode) {
    return storeOp(key, codec.encode(key, value), ttl, mode);
  }

  private Op<?, Boolean> storeOp(String key, byte[] stored, @Nullable Duration ttl, SetMode mode) {
    return changes(key, op("set", key, null, r -> r.set(bytes(key), stored, setArgs(ttl, mode)), "OK"::equals));
  }

  @Override
  public void setMany(Map<String, Object> values, @Nullable Duration ttl) {
    sync(setManyOp(values, ttl));
  }

  /** {@code MSET}, or with a TTL one {@code SET PX} per key, pipelined: every SET goes out before the first answer. */
  private Op<?, ?> setManyOp(Map<String, Object> values, @Nullable Duration ttl) {
    if (values.isEmpty()) {
      return answered(null);
    }
    Map<byte[], byte[]> encoded = new LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(bytes(k), codec.encode(k, v)));
    List<String> keys = List.copyOf(values.keySet());
    Send<String> send =
        r -> {
          if (ttl == null) {
            return r.mset(encoded);
          }
          SetArgs args = setArgs(ttl, SetMode.ALWAYS);
          List<CompletableFuture<String>> futures = new ArrayList<>(encoded.size());
          encoded.forEach((k, v) -> futures.add(r.set(k, v, args).toCompletableFuture()));
          return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> "OK");
        };
    return new Op<String, Object>(send, (a, e) -> {
      try {
        return e == null ? a : recover("setMany", null, null, e);
      } finally {
        keys.forEach(this::touched);
      }
    });
  }

  @Override
  public @Nullable Object getRaw(String key) {
    return sync(getRawOp(key));
  }

  private Op<?, @Nullable Object> getRawOp(String key) {
    return op("getRaw", key, null, r -> r.mget(bytes(key)), found -> {
      byte[] raw = first(found);
      return raw == null || isBits(raw) ? null : raw;
    });
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    return sync(setRawOp(key, value, ttl));
  }

  private Op<?, Boolean> setRawOp(String key, Object value, @Nullable Duration ttl) {
    byte[] stored;
    if (value instanceof byte[]) {
      stored = (byte[]) value;
    } else if (value instanceof String) {
      stored = bytes((String) value);
    } else {
      throw new IllegalArgumentException(
          "setRaw on Redis stores bytes: pass a byte[] or a String, not a " + value.getClass().getName());
    }
    return storeOp(key, stored, ttl, SetMode.ALWAYS);
  }

  // ---------------------------------------------------------------- counters

  /**
   * A transaction's writes as one script ({@link Scripts#COMMIT}), which no other command
   * interleaves with; its pattern deletes go first, as {@code deleteMatch} (a scan with Kaju's
   * glob rules, not inside the script). On a Cluster, whose scripts cannot span slots, the writes
   * go one by one.
   */
  @Override
  public void commit(List<Command.Call<?>> writes) {
    if (settings.cluster) {
      Backend.super.commit(writes);
      return;
    }
    List<byte[]> keys = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<byte[]> args = new ArrayList<>();
    for (Command.Call<?> call : writes) {
      if (call instanceof Command.DeleteMatch) {
        deleteMatch(((Command.DeleteMatch) call).pattern());
      } else if (call instanceof Command.Set) {
        Command.Set set = (Command.Set) call;
        if (set.mode() != SetMode.ALWAYS) {
          throw new IllegalArgumentException("a transaction commits plain SETs, not " + set.mode());
        }
        names.add(set.key());
        args.add(bytes("S"));
        args.add(codec.encode(set.key(), set.value()));
        args.add(bytes(set.ttl() == null ? "" : Long.toString(millis(set.ttl()))));
      } else if (call instanceof Command.Delete) {
        names.add(((Command.Delete) call).key());
        args.add(bytes("D"));
      } else if (call instanceof Command.DeleteMany) {
        for (String key : ((Command.DeleteMany) call).keys()) {
          names.add(key);
          args.add(bytes("D"));
        }
      } else if (call instanceof Command.Incr) {
        Command.Incr incr = (Command.Incr) call;
        names.add(incr.key());
        args.add(bytes("I"));
        args.add(bytes(Long.toString(incr.by())));
        args.add(bytes(incr.ttl() == null ? "" : Long.toString(millis(incr.ttl()))));
      } else if (call instanceof Command.Expire) {
        Command.Expire expire = (Command.Expire) call;
        names.add(expire.key());
        args.add(bytes("E"));
        args.add(bytes(Long.toString(millis(expire.ttl()))));
      } else if (call instanceof Command.Unlock) { // compare-and-delete, as unlock(): the value as setLock stored it
        Command.Unlock unlock = (Command.Unlock) call;
        names.add(unlock.key());
        args.add(bytes("U"));
        args.add(codec.encode(unlock.key(), unlock.value()));
      } else {
        throw new IllegalArgumentException("a transaction commits SET, DELETE, DELETE_MATCH, INCR and EXPIRE, not " + call.command());
      }
    }
    if (names.isEmpty()) {
      return;
    }
    for (String name : names) {
      keys.add(bytes(name));
    }
    byte[][] k = keys.toArray(new byte[0][]);
    byte[][] a = args.toArray(new byte[0][]);
    Op<Long, Long> op = op("transaction", null, 0L, r -> Scripts.COMMIT.<Long>send(r, ScriptOutputType.INTEGER, k, a), n -> n);
    sync(new Op<>(op.send, (answer, error) -> {
      try {
        return op.done.apply(answer, error);
      } catch (RedisCommandExecutionException x) {
        String m = String.valueOf(x.getMessage());
        throw new IllegalStateException(
            "a transaction's commit found a key that is not an integer counter for its incr (Redis: " + firstLine(m)
                + "); nothing was written",
            x);
      } finally {
        names.forEach(this::touched);
      }
    }));
  }

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    return sync(incrOp(key, by, ttl));
  }

  private Op<?, Long> incrOp(String key, long by, @Nullable Duration ttl) {
    Op<Long, Long> op =
        changes(
            key,
            op(
                "incr",
                key,
                0L,
                r -> ttl == null
                    ? r.incrby(bytes(key), by)
                    : Scripts.INCR_EXPIRE.send(
                        r, ScriptOutputType.INTEGER, bytes(key), bytes(Long.toString(by)), bytes(Long.toString(millis(ttl)))),
                v -> v));
    return new Op<>(op.send, (a, e) -> {
      try {
        return op.done.apply(a, e);
      } catch (RedisCommandExecutionException x) {
        String m = String.valueOf(x.getMessage());
        if (m.contains("overflow")) {
          throw new IllegalStateException("incr of '" + key + "' by " + by + " would overflow a long", x);
        }
        throw new IllegalStateException(
            "value at '" + key + "' is not an integer counter (Redis: " + firstLine(m)
                + "); incr needs a Long value (store 10L, not 10) or no value",
            x);
      }
    });
  }

  // ---------------------------------------------------------------- keys

  @Override
  public boolean exists(String key) {
    return sync(existsOp(key));
  }

  private Op<?, Boolean> existsOp(String key) {
    return op("exists", key, 0L, r -> r.exists(bytes(key)), n -> n > 0);
  }

  @Override
  public boolean delete(String key) {
    return sync(deleteOp(key));
  }

  private Op<?, Boolean> deleteOp(String key) {
    return changes(key, op("delete", key, 0L, r -> r.unlink(bytes(key)), n -> n > 0));
  }

  @Override
  public long deleteMany(List<String> keys) {
    return sync(deleteManyOp(keys));
  }

  private Op<?, Long> deleteManyOp(List<String> keys) {
    if (keys.isEmpty()) {
      return answered(0L);
    }
    byte[][] k = keys.stream().map(RedisBackend::bytes).toArray(byte[][]::new);
    Op<Long, Long> op = op("deleteMany", null, 0L, r -> r.unlink(k), n -> n);
    return new Op<>(op.send, (a, e) -> {
      try {
        return op.done.apply(a, e);
      } finally {
        keys.forEach(this::touched);
      }
    });
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
      boolean fill(List<byte[]> keys, ArrayDeque<String> out) {
        for (byte[] k : keys) {
          out.add(string(k));
        }
        return true;
      }
    };
  }

  @Override
  public Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize) {
    GlobPattern.compile(pattern);
    return new KeyBatches<Map.Entry<String, Object>>(pattern, batchSize) {
      @Override
      boolean fill(List<byte[]> keys, ArrayDeque<Map.Entry<String, Object>> out) {
        List<KeyValue<byte[], byte[]>> values =
            call("getMatch", pattern, null, r -> r.mget(keys.toArray(new byte[0][])));
        if (values == null) {
          return false; // a suppressed failure ends the walk, as for SCAN: never skip a batch and go on
        }
        for (KeyValue<byte[], byte[]> kv : values) {
          String key = string(kv.getKey());
          Object v = decode(key, kv.getValueOrElse(null));
          if (v != null) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(key, v));
          }
        }
        return true;
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

    /** Turns one batch of keys into results; {@code false} ends the walk (a suppressed failure). */
    abstract boolean fill(List<byte[]> keys, ArrayDeque<T> out);

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
        if (!next.getKeys().isEmpty() && !fill(next.getKeys(), ready)) {
          done = true;
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
    return sync(expireOp(key, ttl));
  }

  private Op<?, Boolean> expireOp(String key, Duration ttl) {
    return changes(key, op("expire", key, false, r -> r.pexpire(bytes(key), millis(ttl)), ok -> ok));
  }

  @Override
  public long getExpire(String key) {
    return sync(getExpireOp(key));
  }

  private Op<?, Long> getExpireOp(String key) {
    return op("getExpire", key, -2L, r -> r.pttl(bytes(key)), ms -> ms < 0 ? ms : (ms + 500) / 1000);
  }

  @Override
  public String ping(String message) {
    return sync(pingOp(message));
  }

  /** A health check: it reports a failure even with suppress=true. */
  private Op<?, String> pingOp(String message) {
    boolean ping = "PING".equals(message);
    Send<String> send = ping ? r -> r.ping() : r -> r.echo(bytes(message)).thenApply(RedisBackend::string);
    return new Op<>(send, (answer, e) -> {
      if (e instanceof RedisException) {
        suspectIfTimedOut(e);
        throw new CacheBackendException("ping on " + settings.address + " failed: " + settings.redact(e.getMessage()), redacted(e));
      } else if (e != null) {
        throw e;
      }
      return answer;
    });
  }

  /**
   * The default route owns the database: {@code FLUSHDB ASYNC} (every master of a cluster). A
   * route with a prefix shares it with other keys, so it unlinks only the keys matching {@code
   * prefix*}, found with SCAN in batches.
   */
  @Override
  public void clear() {
    if (settings.routePrefix.isEmpty()) {
      sync(flushOp());
      return;
    }
    try {
      deleteScanned("clear", ownKeys());
    } finally {
      touchedAll();
    }
  }

  private Op<?, ?> flushOp() {
    Op<String, String> op = op("clear", null, null, r -> r.flushdb(FlushMode.ASYNC), ok -> ok);
    return new Op<>(op.send, (a, e) -> {
      try {
        return op.done.apply(a, e);
      } finally {
        touchedAll();
      }
    });
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
    return sync(setLockOp(key, value, ttl));
  }

  private Op<?, Boolean> setLockOp(String key, String value, Duration ttl) {
    byte[] stored = codec.encode(key, value);
    Send<String> send = r -> r.set(bytes(key), stored, setArgs(ttl, SetMode.IF_ABSENT));
    return new Op<>(send, (answer, e) -> {
      String ok;
      try {
        ok = e == null ? answer : recover("setLock", key, UNCONFIRMED, e);
      } catch (CacheBackendException x) {
        releaseUnconfirmed(key, stored);
        throw x;
      } finally {
        touched(key);
      }
      if (ok == UNCONFIRMED) {
        releaseUnconfirmed(key, stored);
      }
      return "OK".equals(ok);
    });
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
    return sync(isLockedOp(key));
  }

  private Op<?, Boolean> isLockedOp(String key) {
    return op("isLocked", key, 1L, r -> r.exists(bytes(key)), n -> n > 0);
  }

  @Override
  public boolean unlock(String key, String value) {
    return sync(unlockOp(key, value));
  }

  private Op<?, Boolean> unlockOp(String key, String value) {
    byte[] stored = codec.encode(key, value);
    return ofKind(
        key,
        "a lock",
        changes(
            key,
            op(
                "unlock",
                key,
                0L,
                r -> Scripts.UNLOCK.<Long>send(r, ScriptOutputType.INTEGER, bytes(key), stored),
                n -> n > 0)));
  }

  /**
   * {@code DBSIZE} for the default route (every key of the database, summed over a cluster's
   * masters); for a route with a prefix, the keys matching {@code prefix*} counted with SCAN (a
   * key may count twice while Redis resizes its table during the walk).
   */
  @Override
  public long getKeysCount() {
    if (settings.routePrefix.isEmpty()) {
      return sync(dbSizeOp());
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

  private Op<?, Long> dbSizeOp() {
    return op("getKeysCount", null, 0L, r -> r.dbsize(), n -> n);
  }

  @Override
  public long getSize(String key) {
    return sync(getSizeOp(key));
  }

  private Op<?, Long> getSizeOp(String key) {
    return op("getSize", key, 0L, r -> r.memoryUsage(bytes(key)), n -> n == null ? 0L : n);
  }

  // ---------------------------------------------------------------- building blocks

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    return sync(sliceIncrOp(key, start, end, maxValue, ttl));
  }

  private Op<?, Long> sliceIncrOp(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    byte[] member = bytes(memberPrefix + memberCount.incrementAndGet());
    return ofKind(
        key,
        "a sliding-window counter",
        changes(
            key,
            op(
                "sliceIncr",
                key,
                0L,
                r -> Scripts.SLICE_INCR.<Long>send(
                    r,
                    ScriptOutputType.INTEGER,
                    bytes(key),
                    bytes(Long.toString(start)),
                    bytes(Long.toString(end)),
                    bytes(Long.toString(maxValue)),
                    member,
                    ttl == null ? new byte[0] : bytes(Long.toString(millis(ttl)))),
                n -> n)));
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
    return sync(incrBitsOp(key, size, by, indexes));
  }

  private Op<?, long[]> incrBitsOp(String key, int size, long by, long[] indexes) {
    checkBits(size, indexes);
    if (indexes.length == 0) {
      return answered(new long[0]);
    }
    byte[][] args = bitArgs(3, size, indexes, BITS_HEADER, bytes("u" + size), bytes(Long.toString(by)));
    return ofKind(
        key,
        "a bit array",
        changes(
            key,
            op(
                "incrBits",
                key,
                Collections.<Long>emptyList(),
                r -> Scripts.INCR_BITS.<List<Long>>send(r, ScriptOutputType.MULTI, bytes(key), args),
                values -> toLongs(values, indexes.length))));
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    return sync(getBitsOp(key, size, indexes));
  }

  private Op<?, long[]> getBitsOp(String key, int size, long[] indexes) {
    checkBits(size, indexes);
    if (indexes.length == 0) {
      return answered(new long[0]);
    }
    byte[][] args = bitArgs(2, size, indexes, BITS_HEADER, bytes("u" + size));
    return op(
        "getBits",
        key,
        Collections.<Long>emptyList(),
        r -> Scripts.GET_BITS.<List<Long>>send(r, ScriptOutputType.MULTI, bytes(key), args),
        values -> toLongs(values, indexes.length));
  }

  private static long[] toLongs(@Nullable List<?> values, int n) {
    long[] out = new long[n];
    if (values == null) {
      return out;
    }
    for (int i = 0; i < Math.min(n, values.size()); i++) {
      Object v = values.get(i);
      out[i] = v == null ? 0 : ((Number) v).longValue();
    }
    return out;
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    return sync(setAddOp(key, ttl, members));
  }

  private Op<?, Long> setAddOp(String key, @Nullable Duration ttl, String[] members) {
    if (members.length == 0) {
      return answered(0L);
    }
    byte[][] m = Arrays.stream(members).map(RedisBackend::bytes).toArray(byte[][]::new);
    Send<Long> send =
        r -> {
          if (ttl == null) {
            return r.sadd(bytes(key), m);
          }
          byte[][] args = new byte[m.length + 1][];
          args[0] = bytes(Long.toString(millis(ttl)));
          System.arraycopy(m, 0, args, 1, m.length);
          return Scripts.SET_ADD.send(r, ScriptOutputType.INTEGER, bytes(key), args);
        };
    return ofKind(key, "a set", changes(key, op("setAdd", key, 0L, send, n -> n)));
  }

  @Override
  public long setRemove(String key, String... members) {
    return sync(setRemoveOp(key, members));
  }

  private Op<?, Long> setRemoveOp(String key, String[] members) {
    if (members.length == 0) {
      return answered(0L);
    }
    byte[][] m = Arrays.stream(members).map(RedisBackend::bytes).toArray(byte[][]::new);
    return ofKind(key, "a set", changes(key, op("setRemove", key, 0L, r -> r.srem(bytes(key), m), n -> n)));
  }

  @Override
  public List<String> setPop(String key, int count) {
    return sync(setPopOp(key, count));
  }

  private Op<?, List<String>> setPopOp(String key, int count) {
    if (count <= 0) {
      return answered(new ArrayList<>());
    }
    return ofKind(
        key,
        "a set",
        changes(
            key,
            op(
                "setPop",
                key,
                Collections.<byte[]>emptySet(),
                r -> r.spop(bytes(key), count),
                popped -> {
                  List<String> out = new ArrayList<>(popped.size());
                  for (byte[] b : popped) {
                    out.add(string(b));
                  }
                  return out;
                })));
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
