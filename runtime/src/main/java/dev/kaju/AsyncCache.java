package dev.kaju;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The asynchronous view of a {@link Cache}: the same commands with the same meaning, returning
 * {@link CompletionStage}. A command on the memory backend completes before it returns, without
 * touching an executor; a command on a backend doing I/O runs without blocking the caller's
 * thread. Failures complete the stage exceptionally.
 *
 * <p>{@code getMatch} and {@code scan} complete with every match in a list; use the synchronous
 * {@code Stream} for lazy iteration over large key spaces.
 */
public interface AsyncCache {

  /** The synchronous cache this is a view of. */
  Cache sync();

  CompletionStage<Boolean> set(String key, @Nullable Object value);

  CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl);

  default CompletionStage<Boolean> set(String key, @Nullable Object value, String ttl) {
    return set(key, value, Kaju.ttl(ttl));
  }

  CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl, boolean exist);

  /** {@link Cache#set(String, Object, Duration, java.util.Collection)}. */
  CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl, java.util.Collection<String> tags);

  /** {@link Cache#deleteTags}. */
  CompletionStage<Long> deleteTags(String... tags);

  CompletionStage<Boolean> setRaw(String key, Object value, @Nullable Duration ttl);

  default CompletionStage<Void> setMany(Map<String, ?> values) {
    return setMany(values, (Duration) null);
  }

  CompletionStage<Void> setMany(Map<String, ?> values, @Nullable Duration ttl);

  default CompletionStage<Void> setMany(Map<String, ?> values, String ttl) {
    return setMany(values, Kaju.ttl(ttl));
  }

  <T> CompletionStage<@Nullable T> get(String key);

  <T> CompletionStage<@Nullable T> get(String key, @Nullable T defaultValue);

  <T> CompletionStage<@Nullable T> getOrSet(
      String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl);

  default <T> CompletionStage<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier) {
    return getOrSet(key, supplier, (Duration) null);
  }

  default <T> CompletionStage<@Nullable T> getOrSet(
      String key, Supplier<? extends @Nullable T> supplier, String ttl) {
    return getOrSet(key, supplier, Kaju.ttl(ttl));
  }

  CompletionStage<@Nullable Object> getRaw(String key);

  CompletionStage<List<@Nullable Object>> getMany(String... keys);

  CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern);

  CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern, int batchSize);

  CompletionStage<Long> incr(String key);

  CompletionStage<Long> incr(String key, long by);

  CompletionStage<Long> incr(String key, long by, @Nullable Duration ttl);

  default CompletionStage<Long> incr(String key, long by, String ttl) {
    return incr(key, by, Kaju.ttl(ttl));
  }

  CompletionStage<Boolean> exists(String key);

  CompletionStage<Boolean> delete(String key);

  CompletionStage<Long> deleteMany(String... keys);

  CompletionStage<Long> deleteMatch(String pattern);

  CompletionStage<List<String>> scan(String pattern);

  CompletionStage<List<String>> scan(String pattern, int batchSize);

  CompletionStage<Boolean> expire(String key, Duration ttl);

  default CompletionStage<Boolean> expire(String key, String ttl) {
    return expire(key, Kaju.ttl(ttl));
  }

  CompletionStage<Long> getExpire(String key);

  CompletionStage<String> ping();

  CompletionStage<String> ping(String message);

  CompletionStage<Void> clear();

  CompletionStage<Long> getKeysCount();

  CompletionStage<Long> getSize(String key);

  CompletionStage<Boolean> isLocked(String key);

  CompletionStage<Boolean> isLocked(String key, Duration wait);

  CompletionStage<Cache.Lock> lock(String key, Duration ttl);

  default CompletionStage<Cache.Lock> lock(String key, String ttl) {
    return lock(key, Kaju.ttl(ttl));
  }

  CompletionStage<Cache.Lock> lock(String key, Duration ttl, Duration wait);

  CompletionStage<Boolean> setLock(String key, String value, Duration ttl);

  default CompletionStage<Boolean> setLock(String key, String value, String ttl) {
    return setLock(key, value, Kaju.ttl(ttl));
  }

  CompletionStage<Boolean> unlock(String key, String value);

  CompletionStage<Long> sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl);

  CompletionStage<long[]> incrBits(String key, int size, long by, long... indexes);

  CompletionStage<long[]> getBits(String key, int size, long... indexes);

  CompletionStage<Long> setAdd(String key, @Nullable Duration ttl, String... members);

  CompletionStage<Long> setRemove(String key, String... members);

  CompletionStage<List<String>> setPop(String key, int count);
}
