package dev.kaju.internal;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AsyncCache} view: each command is the {@link DefaultCache} command, run inline when
 * the backend it routes to does no I/O (memory: a completed stage, no executor) and on a shared
 * executor otherwise, so a caller's thread never blocks on a backend.
 */
final class AsyncView implements AsyncCache {
  /** The pool blocking commands run on, shared by every cache, stopped when the last one closes. */
  static final SharedExecutor<ExecutorService> IO = new SharedExecutor<>("async", Executors::newCachedThreadPool);

  private final DefaultCache cache;
  private final Routes routes;
  /** This cache's use of {@link #IO}: taken on the first blocking command, given back on close. */
  private @Nullable ExecutorService io;
  private boolean closed;

  AsyncView(DefaultCache cache, Routes routes) {
    this.cache = cache;
    this.routes = routes;
  }

  private <T> CompletionStage<T> run(@Nullable String routingKey, Supplier<T> command) {
    Route r = routingKey == null ? null : routes.routeOrNull(routingKey);
    if (r != null && r.backend.blocking()) {
      ExecutorService executor = io();
      if (executor != null) {
        return CompletableFuture.supplyAsync(command, executor);
      }
    }
    try {
      return CompletableFuture.completedFuture(command.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletionStage<T> offThread(Supplier<T> command) {
    ExecutorService executor = io();
    return executor != null ? CompletableFuture.supplyAsync(command, executor) : run(null, command);
  }

  private synchronized @Nullable ExecutorService io() {
    if (io == null && !closed) {
      io = IO.acquire();
    }
    return io; // null once closed: the command runs inline and fails, as the cache has no backend left
  }

  /** Gives the shared pool back; called when the cache closes. */
  synchronized void close() {
    closed = true;
    if (io != null) {
      io = null;
      IO.release();
    }
  }

  private CompletionStage<Void> runVoid(@Nullable String routingKey, Runnable command) {
    return run(routingKey, () -> {
      command.run();
      return null;
    });
  }

  /** Routing key of a multi-key command: its first key, or none. */
  private static @Nullable String first(String[] keys) {
    return keys == null || keys.length == 0 ? null : keys[0];
  }

  private static @Nullable String first(Map<String, ?> values) {
    return values == null || values.isEmpty() ? null : values.keySet().iterator().next();
  }

  @Override
  public Cache sync() {
    return cache;
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value) {
    return run(key, () -> cache.set(key, value));
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl) {
    return run(key, () -> cache.set(key, value, ttl));
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl, boolean exist) {
    return run(key, () -> cache.set(key, value, ttl, exist));
  }

  @Override
  public CompletionStage<Boolean> setRaw(String key, Object value, @Nullable Duration ttl) {
    return run(key, () -> cache.setRaw(key, value, ttl));
  }

  @Override
  public CompletionStage<Void> setMany(Map<String, ?> values, @Nullable Duration ttl) {
    return runVoid(first(values), () -> cache.setMany(values, ttl));
  }

  @Override
  public <T> CompletionStage<@Nullable T> get(String key) {
    return run(key, () -> cache.<T>get(key));
  }

  @Override
  public <T> CompletionStage<@Nullable T> get(String key, @Nullable T defaultValue) {
    return run(key, () -> cache.get(key, defaultValue));
  }

  @Override
  public <T> CompletionStage<@Nullable T> getOrSet(
      String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl) {
    return run(key, () -> cache.<T>getOrSet(key, supplier, ttl));
  }

  @Override
  public CompletionStage<@Nullable Object> getRaw(String key) {
    return run(key, () -> cache.getRaw(key));
  }

  @Override
  public CompletionStage<List<@Nullable Object>> getMany(String... keys) {
    return run(first(keys), () -> cache.getMany(keys));
  }

  @Override
  public CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern) {
    return run(pattern, () -> cache.getMatch(pattern).collect(Collectors.toList()));
  }

  @Override
  public CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern, int batchSize) {
    return run(pattern, () -> cache.getMatch(pattern, batchSize).collect(Collectors.toList()));
  }

  @Override
  public CompletionStage<Long> incr(String key) {
    return run(key, () -> cache.incr(key));
  }

  @Override
  public CompletionStage<Long> incr(String key, long by) {
    return run(key, () -> cache.incr(key, by));
  }

  @Override
  public CompletionStage<Long> incr(String key, long by, @Nullable Duration ttl) {
    return run(key, () -> cache.incr(key, by, ttl));
  }

  @Override
  public CompletionStage<Boolean> exists(String key) {
    return run(key, () -> cache.exists(key));
  }

  @Override
  public CompletionStage<Boolean> delete(String key) {
    return run(key, () -> cache.delete(key));
  }

  @Override
  public CompletionStage<Long> deleteMany(String... keys) {
    return run(first(keys), () -> cache.deleteMany(keys));
  }

  @Override
  public CompletionStage<Long> deleteMatch(String pattern) {
    return run(pattern, () -> cache.deleteMatch(pattern));
  }

  @Override
  public CompletionStage<List<String>> scan(String pattern) {
    return run(pattern, () -> cache.scan(pattern).collect(Collectors.toList()));
  }

  @Override
  public CompletionStage<List<String>> scan(String pattern, int batchSize) {
    return run(pattern, () -> cache.scan(pattern, batchSize).collect(Collectors.toList()));
  }

  @Override
  public CompletionStage<Boolean> expire(String key, Duration ttl) {
    return run(key, () -> cache.expire(key, ttl));
  }

  @Override
  public CompletionStage<Long> getExpire(String key) {
    return run(key, () -> cache.getExpire(key));
  }

  @Override
  public CompletionStage<String> ping() {
    return run("", cache::ping);
  }

  @Override
  public CompletionStage<String> ping(String message) {
    return run("", () -> cache.ping(message));
  }

  @Override
  public CompletionStage<Void> clear() {
    return runVoid("", cache::clear);
  }

  @Override
  public CompletionStage<Long> getKeysCount() {
    return run("", cache::getKeysCount);
  }

  @Override
  public CompletionStage<Long> getSize(String key) {
    return run(key, () -> cache.getSize(key));
  }

  @Override
  public CompletionStage<Boolean> isLocked(String key) {
    return run(key, () -> cache.isLocked(key));
  }

  @Override
  public CompletionStage<Boolean> isLocked(String key, Duration wait) {
    // waiting polls: never inline on the caller's thread
    return offThread(() -> cache.isLocked(key, wait));
  }

  @Override
  public CompletionStage<Cache.Lock> lock(String key, Duration ttl) {
    return lock(key, ttl, ttl);
  }

  @Override
  public CompletionStage<Cache.Lock> lock(String key, Duration ttl, Duration wait) {
    if (wait.isZero()) {
      return run(key, () -> cache.lock(key, ttl, wait));
    }
    return offThread(() -> cache.lock(key, ttl, wait));
  }

  @Override
  public CompletionStage<Boolean> setLock(String key, String value, Duration ttl) {
    return run(key, () -> cache.setLock(key, value, ttl));
  }

  @Override
  public CompletionStage<Boolean> unlock(String key, String value) {
    return run(key, () -> cache.unlock(key, value));
  }

  @Override
  public CompletionStage<Long> sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    return run(key, () -> cache.sliceIncr(key, start, end, maxValue, ttl));
  }

  @Override
  public CompletionStage<long[]> incrBits(String key, int size, long by, long... indexes) {
    return run(key, () -> cache.incrBits(key, size, by, indexes));
  }

  @Override
  public CompletionStage<long[]> getBits(String key, int size, long... indexes) {
    return run(key, () -> cache.getBits(key, size, indexes));
  }

  @Override
  public CompletionStage<Long> setAdd(String key, @Nullable Duration ttl, String... members) {
    return run(key, () -> cache.setAdd(key, ttl, members));
  }

  @Override
  public CompletionStage<Long> setRemove(String key, String... members) {
    return run(key, () -> cache.setRemove(key, members));
  }

  @Override
  public CompletionStage<List<String>> setPop(String key, int count) {
    return run(key, () -> cache.setPop(key, count));
  }
}
