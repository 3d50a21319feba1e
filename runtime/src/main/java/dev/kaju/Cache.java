package dev.kaju;

import dev.kaju.internal.DefaultCache;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A cache: one or more backends chosen by key prefix, and the commands of cashews' "Basic API".
 *
 * <pre>{@code
 * Cache cache = Cache.create().setup("mem://?size=10000");
 * cache.set("user:1", user, Duration.ofMinutes(10));
 * User u = cache.get("user:1");
 * try (Cache.Lock lock = cache.lock("job", Duration.ofSeconds(30))) {
 *   // one holder at a time, across every process sharing the backend
 * }
 * }</pre>
 *
 * Every command has an asynchronous twin on {@link #async()}. TTLs are a {@link Duration} or text
 * ({@code "1d2h3m50s"}, {@code "600"}, {@code "PT10M"}); to store without expiry use the overload
 * without a TTL (or a {@code null} {@code Duration}).
 * Patterns are Redis glob patterns ({@code *}, {@code ?}, {@code [abc]}); {@code *} also matches
 * {@code :}. Keys and patterns must not be {@code null}; values may be.
 */
public interface Cache extends AutoCloseable {

  /** A new cache, not yet set up: call {@link #setup(String)} before any command. */
  static Cache create() {
    return new DefaultCache();
  }

  // ---- setup ----

  /**
   * Adds (or replaces) the default backend, e.g. {@code mem://?size=1000}.
   *
   * @return this cache, so calls chain
   * @throws IllegalArgumentException for a malformed URL, an unknown scheme (naming the artifact to
   *     add), an unknown option (listing the valid ones) or a bad option value
   */
  Cache setup(String url);

  /** Adds (or replaces) the backend for {@code settings.prefix()}, with options from both arguments. */
  Cache setup(String url, Settings settings);

  /** The asynchronous view of this cache: the same commands, returning {@code CompletionStage}. */
  AsyncCache async();

  // ---- values ----

  /** Stores {@code value} without expiry (clearing an earlier TTL, as Redis does). */
  boolean set(String key, @Nullable Object value);

  /** Stores {@code value} for {@code ttl} ({@code null}: without expiry). */
  boolean set(String key, @Nullable Object value, @Nullable Duration ttl);

  default boolean set(String key, @Nullable Object value, String ttl) {
    return set(key, value, Kaju.ttl(ttl));
  }

  /**
   * Stores only if the key exists ({@code exist = true}, Redis {@code XX}) or is absent
   * ({@code false}, {@code NX}); returns whether it was written.
   */
  boolean set(String key, @Nullable Object value, @Nullable Duration ttl, boolean exist);

  /**
   * Stores {@code value} for {@code ttl} and adds the key to each tag: {@link #deleteTags} deletes
   * it with the tag. A tag's members live in a set at {@code _tag:<tag>} that takes the key's TTL
   * (set up a backend with prefix {@code "_tag:"} to keep tags elsewhere).
   */
  boolean set(String key, @Nullable Object value, @Nullable Duration ttl, Collection<String> tags);

  /**
   * Deletes every key added to these tags, popping each tag's members in batches (no scan of the
   * keyspace); returns how many keys were deleted.
   */
  long deleteTags(String... tags);

  /**
   * Ties a tag template to a key template (cashews' {@code register_tag}): {@code
   * registerTag("user:{id}", "user:{id}:profile")}. Needed only for {@link #getKeyTags} and for a
   * deleted key to leave its tags' sets; {@code set(..., tags)} and {@code deleteTags} work without.
   */
  Cache registerTag(String tag, String keyTemplate);

  /** The registered tags of {@code key}, rendered from what the key template's placeholders matched. */
  List<String> getKeyTags(String key);

  /** Stores {@code value} as the backend's raw representation (bytes on Redis and disk). */
  boolean setRaw(String key, Object value, @Nullable Duration ttl);

  /** Stores every pair without expiry. */
  default void setMany(Map<String, ?> values) {
    setMany(values, (Duration) null);
  }

  /** Stores every pair with one TTL. */
  void setMany(Map<String, ?> values, @Nullable Duration ttl);

  default void setMany(Map<String, ?> values, String ttl) {
    setMany(values, Kaju.ttl(ttl));
  }

  /** The value at {@code key}, or {@code null} when missing (or stored as {@code null}). */
  <T> @Nullable T get(String key);

  /** The value at {@code key}, or {@code defaultValue} (the same object) when missing. */
  <T> @Nullable T get(String key, @Nullable T defaultValue);

  /**
   * The value at {@code key}; on a miss, calls {@code supplier} once, stores its result (even
   * {@code null}) for {@code ttl} and returns it.
   */
  <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl);

  /** As {@link #getOrSet(String, Supplier, Duration)}, storing without expiry. */
  default <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
    return getOrSet(key, supplier, (Duration) null);
  }

  default <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, String ttl) {
    return getOrSet(key, supplier, Kaju.ttl(ttl));
  }

  /** The stored representation at {@code key}, without decoding. */
  @Nullable Object getRaw(String key);

  /** The values of {@code keys} in the order asked, {@code null} for each missing key. */
  List<@Nullable Object> getMany(String... keys);

  /** Key/value pairs whose key matches {@code pattern}, read lazily in batches of 100. */
  Stream<Map.Entry<String, @Nullable Object>> getMatch(String pattern);

  Stream<Map.Entry<String, @Nullable Object>> getMatch(String pattern, int batchSize);

  // ---- counters ----

  /** Adds 1 to the integer at {@code key} (a missing key starts from 0); returns the new value. */
  long incr(String key);

  long incr(String key, long by);

  /**
   * Adds {@code by}; {@code ttl} is applied when the key is created by this call.
   *
   * @throws IllegalStateException when the stored value is not an integer (it is left unchanged)
   */
  long incr(String key, long by, @Nullable Duration ttl);

  default long incr(String key, long by, String ttl) {
    return incr(key, by, Kaju.ttl(ttl));
  }

  // ---- keys ----

  boolean exists(String key);

  /** Deletes {@code key}; returns whether it existed. */
  boolean delete(String key);

  /** Deletes the given keys that exist; returns how many were deleted. */
  long deleteMany(String... keys);

  /** Deletes every key matching {@code pattern}; returns how many were deleted. */
  long deleteMatch(String pattern);

  /** Keys matching {@code pattern}, read lazily in batches of 100. */
  Stream<String> scan(String pattern);

  Stream<String> scan(String pattern, int batchSize);

  /** Sets the TTL of an existing key; returns {@code false} when it is missing. */
  boolean expire(String key, Duration ttl);

  default boolean expire(String key, String ttl) {
    return expire(key, Kaju.ttl(ttl));
  }

  /** Seconds left (rounded); {@code -1} when the key has no TTL, {@code -2} when it is missing. */
  long getExpire(String key);

  /** {@code "PONG"} from the default backend. */
  String ping();

  /** Echoes {@code message} ({@code "PONG"} for {@code "PING"}). */
  String ping(String message);

  /** Empties every backend. */
  void clear();

  /** Number of live keys over every backend. */
  long getKeysCount();

  /** Approximate size in bytes of the value at {@code key}; {@code 0} when missing. */
  long getSize(String key);

  // ---- locks ----

  boolean isLocked(String key);

  /** Waits up to {@code wait} for the lock to be released; returns whether it is still held. */
  boolean isLocked(String key, Duration wait);

  /**
   * Takes the lock on {@code key} for at most {@code ttl}, waiting up to {@code ttl} for the
   * current holder; release it with {@code close()} (try-with-resources).
   *
   * @throws LockedException when the lock is still held by someone else after waiting
   */
  Lock lock(String key, Duration ttl);

  default Lock lock(String key, String ttl) {
    return lock(key, Kaju.ttl(ttl));
  }

  /** As {@link #lock(String, Duration)}, waiting up to {@code wait} ({@code Duration.ZERO}: fail at once). */
  Lock lock(String key, Duration ttl, Duration wait);

  /** Takes the lock with {@code value} if it is free ({@code SET NX}); returns whether it was taken. */
  boolean setLock(String key, String value, Duration ttl);

  default boolean setLock(String key, String value, String ttl) {
    return setLock(key, value, Kaju.ttl(ttl));
  }

  /** Releases the lock only if it holds {@code value}; returns whether it was released. */
  boolean unlock(String key, String value);

  // ---- building blocks of the strategies ----

  /** Sliding-window counter; see {@link dev.kaju.spi.Backend#sliceIncr}. */
  long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl);

  /** Adds {@code by} to {@code size}-bit saturating counters (bloom filters); returns the new values. */
  long[] incrBits(String key, int size, long by, long... indexes);

  /** Reads {@code size}-bit counters; zeros for a missing key. */
  long[] getBits(String key, int size, long... indexes);

  /** Adds members to a set; {@code ttl} applies to the whole set. Returns how many were new. */
  long setAdd(String key, @Nullable Duration ttl, String... members);

  /** Removes members from a set; returns how many were removed. */
  long setRemove(String key, String... members);

  /** Removes and returns up to {@code count} members of a set. */
  List<String> setPop(String key, int count);

  // ---- strategies ----

  /**
   * The exceptions {@code @Failover} methods without their own {@code exceptions} fall back on
   * (cashews' {@code set_default_fail_exceptions}), e.g. {@code List.of(IOException.class,
   * TimeoutException.class)}; read on each failure, so a change applies to
   * classes already built. The default is {@code Exception}: every checked and unchecked exception,
   * no {@code Error}.
   */
  Cache setDefaultFailExceptions(Collection<? extends Class<? extends Throwable>> types);

  /** The exceptions {@code @Failover} falls back on when a method lists none; see {@link #setDefaultFailExceptions}. */
  List<Class<? extends Throwable>> defaultFailExceptions();

  // ---- control ----

  /** Disables commands on every backend (no commands: all of them). A disabled read is a miss, a disabled write is skipped. */
  Cache disable(Command... commands);

  /** Enables commands on every backend (no commands: all of them). */
  Cache enable(Command... commands);

  /** Whether any of {@code commands} (no commands: any command) is disabled for the default backend. */
  boolean isDisabled(Command... commands);

  /** Whether any of {@code commands} (none: any) is disabled for the backend {@code key} routes to. */
  boolean isDisabled(String key, Command... commands);

  /** Disables commands (none: all) on the current thread until the scope closes. */
  Scope disabling(Command... commands);

  /** Calls {@code callback} after each of {@code commands} (none: all), from any thread, until the scope closes. */
  Scope callback(Callback callback, Command... commands);

  /** Records what happens per key on the current thread until closed. */
  Detect detect();

  /** Closes every backend. */
  @Override
  void close();

  /** A scope opened by the cache; closing it twice is harmless. */
  /**
   * Opens a transaction on this thread with the default timeout of 10 seconds (see {@link
   * Transaction}): close it with {@code try}-with-resources after {@link Transaction#commit()}.
   */
  Transaction transaction(TransactionMode mode);

  /**
   * Opens a transaction on this thread; {@code timeout} bounds its life and its lock waits, past
   * which it rolls back with a {@link TransactionTimeoutException}.
   */
  Transaction transaction(TransactionMode mode, Duration timeout);

  /** Runs {@code body} in a transaction: committed when it returns, rolled back when it throws (and the exception propagates). */
  default void transaction(TransactionMode mode, Runnable body) {
    transaction(mode, Duration.ofSeconds(10), body);
  }

  /** {@link #transaction(TransactionMode, Runnable)} with a timeout. */
  default void transaction(TransactionMode mode, Duration timeout, Runnable body) {
    java.util.Objects.requireNonNull(body, "body");
    transaction(mode, timeout, () -> {
      body.run();
      return null;
    });
  }

  /** {@link #transaction(TransactionMode, Runnable)} for a body that returns a result. */
  default <T> T transaction(TransactionMode mode, Supplier<T> body) {
    return transaction(mode, Duration.ofSeconds(10), body);
  }

  /** {@link #transaction(TransactionMode, Supplier)} with a timeout. */
  default <T> T transaction(TransactionMode mode, Duration timeout, Supplier<T> body) {
    java.util.Objects.requireNonNull(body, "body");
    T result;
    try (Transaction tx = transaction(mode, timeout)) {
      result = body.get();
      tx.commit();
    }
    return result;
  }

  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** A held lock; {@code close()} releases it if it is still ours. */
  interface Lock extends Scope {
    String key();

    /** The random value that identifies this holder. */
    String value();
  }
}
