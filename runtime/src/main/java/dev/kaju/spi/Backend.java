package dev.kaju.spi;

import dev.kaju.Command;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A storage backend: the one command set every backend implements (memory, Redis, disk).
 *
 * <p>The {@code Cache} facade routes each command to a backend, applies middlewares, callbacks,
 * disabling and detection around it, and adapts it to the sync and async views. A backend only
 * stores. Contracts shared by every backend (tested by the contract suite in the
 * {@code kaju-runtime} test-jar):
 *
 * <ul>
 *   <li>Values are never {@code null} here; a missing key reads as {@code null}.
 *   <li>A {@code null} TTL means "no expiry"; a non-null TTL is always positive (the facade checks).
 *   <li>Patterns are Redis glob patterns (see {@link GlobPattern}), anchored at both ends.
 *   <li>Bit arrays, sets and sliding-window counters are not plain values: {@link #get} and
 *       {@link #getMatch} report them as missing.
 * </ul>
 */
public interface Backend extends AutoCloseable {

  /** How {@link #set} treats an existing key (Redis {@code SET}, {@code SET XX}, {@code SET NX}). */
  enum SetMode {
    /** Always write. */
    ALWAYS,
    /** Write only when the key exists ({@code XX}). */
    IF_EXISTS,
    /** Write only when the key is absent ({@code NX}). */
    IF_ABSENT
  }

  /** The plain value at {@code key}, or {@code null} when missing, expired or not a plain value. */
  @Nullable Object get(String key);

  /** The values of {@code keys}, in the same order, {@code null} for each missing key. */
  List<@Nullable Object> getMany(List<String> keys);

  /** Stores {@code value}, replacing any earlier TTL; returns whether it was written. */
  boolean set(String key, Object value, @Nullable Duration ttl, SetMode mode);

  /** Stores every pair with one shared TTL. */
  void setMany(Map<String, Object> values, @Nullable Duration ttl);

  /** The stored representation of the value at {@code key}, without decoding. */
  @Nullable Object getRaw(String key);

  /** Stores {@code value} as the stored representation, without encoding. */
  boolean setRaw(String key, Object value, @Nullable Duration ttl);

  /**
   * Adds {@code by} to the integer at {@code key} (a missing key counts as 0) and returns the new
   * value. {@code ttl} applies only when the key is created. A value that is not an integer fails
   * with {@link IllegalStateException} and is left unchanged.
   */
  long incr(String key, long by, @Nullable Duration ttl);

  boolean exists(String key);

  /** Deletes {@code key}; returns whether it existed. */
  boolean delete(String key);

  /** Deletes the keys that exist; returns how many were deleted. */
  long deleteMany(List<String> keys);

  /** Deletes every key matching {@code pattern}; returns how many were deleted. */
  long deleteMatch(String pattern);

  /** Keys matching {@code pattern}, fetched lazily in batches of about {@code batchSize}. */
  Iterator<String> scan(String pattern, int batchSize);

  /** Plain key/value pairs matching {@code pattern}, fetched lazily in batches. */
  Iterator<Map.Entry<String, Object>> getMatch(String pattern, int batchSize);

  /** Sets the TTL of an existing key; returns {@code false} when the key is missing. */
  boolean expire(String key, Duration ttl);

  /** Seconds left, rounded to the nearest second; {@code -1} without TTL, {@code -2} when missing. */
  long getExpire(String key);

  /** {@code "PONG"} for {@code "PING"}, otherwise echoes {@code message}; a remote backend asks its server. */
  /**
   * Applies a committing transaction's writes, in order ({@code SET}, {@code DELETE}, {@code
   * DELETE_MANY}, {@code DELETE_MATCH}, {@code INCR}, {@code EXPIRE} calls), then releases its locks
   * ({@code UNLOCK} calls, last). The default runs them
   * one after the other; a backend that can makes them one step that no other command interleaves
   * with (Redis: one script).
   */
  default void commit(List<Command.Call<?>> writes) {
    for (Command.Call<?> call : writes) {
      call.apply(this);
    }
  }

  default String ping(String message) {
    return "PING".equals(message) ? "PONG" : message;
  }

  /** Removes every key of this backend. */
  void clear();

  /** Takes the lock ({@code SET NX} with a TTL); returns whether it was taken. */
  default boolean setLock(String key, String value, Duration ttl) {
    return set(key, value, ttl, SetMode.IF_ABSENT);
  }

  /** Releases the lock only when it holds {@code value} (compare-and-delete). */
  boolean unlock(String key, String value);

  /** Whether the lock key exists. */
  default boolean isLocked(String key) {
    return exists(key);
  }

  /** Number of live keys. */
  long getKeysCount();

  /** Approximate size in bytes of the value at {@code key}; {@code 0} when missing. */
  long getSize(String key);

  /**
   * Sliding-window counter: drops entries older than {@code start}, counts the entries in
   * {@code [start, end]}, records {@code end} when that count is below {@code maxValue}, and
   * returns the count after adding. {@code ttl} applies to the whole key.
   */
  long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl);

  /**
   * Adds {@code by} to each {@code size}-bit counter at {@code indexes}, saturating at 0 and
   * {@code 2^size - 1}; returns the new counter values.
   */
  long[] incrBits(String key, int size, long by, long... indexes);

  /** The {@code size}-bit counters at {@code indexes}; zeros for a missing key. */
  long[] getBits(String key, int size, long... indexes);

  /** Adds members to the set at {@code key}; the TTL applies to the whole set. Returns how many were new. */
  long setAdd(String key, @Nullable Duration ttl, String... members);

  /** Removes members; an emptied set is deleted. Returns how many were removed. */
  long setRemove(String key, String... members);

  /** Removes and returns up to {@code count} members. */
  List<String> setPop(String key, int count);

  /**
   * Whether the synchronous commands may block the calling thread on I/O (a network round trip).
   * The async paths (the {@code cache.async()} view, generated methods returning a {@code
   * CompletionStage}) go through {@link #executeAsync} for a blocking backend, and run the
   * synchronous command inline for one that is not (memory).
   */
  default boolean blocking() {
    return false;
  }

  /**
   * Runs {@code call} without blocking the calling thread on I/O, and completes the stage with its
   * result (or its exception) later, on a thread of the backend's.
   *
   * <p>The default runs the call inline and returns a completed stage: right for a backend that
   * does no I/O. A {@link #blocking()} backend overrides it with its client's asynchronous API
   * (Redis: Lettuce's async commands, no thread per call) and, for commands without one, a small
   * bounded executor of its own: never a thread per call, and never the caller's thread.
   */
  default <R> CompletionStage<R> executeAsync(Command.Call<R> call) {
    try {
      return CompletableFuture.completedFuture(call.apply(this));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Releases the backend's resources. */
  @Override
  void close();
}
