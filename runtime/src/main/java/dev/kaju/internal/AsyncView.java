package dev.kaju.internal;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.spi.Backend;
import dev.kaju.spi.UnsignedCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AsyncCache} view. Each command is built once as a typed {@link Command.Call}, with the
 * same argument checks as the synchronous facade, then:
 *
 * <ul>
 *   <li>on a backend that does no I/O (memory) the synchronous command runs
 *       inline and the stage is already complete;
 *   <li>on a {@link Backend#blocking()} backend (Redis) it goes through {@link
 *       Pipeline#execAsync}: the backend's {@code executeAsync}, never the caller's thread, never a
 *       thread per call.
 * </ul>
 *
 * Scans ({@code getMatch}, {@code scan}) walk a lazy cursor; on a blocking backend the walk runs on
 * a small shared pool of {@code kaju-async-N} threads. Waiting for a lock retries on a shared
 * scheduler instead of holding a thread.
 */
final class AsyncView implements AsyncCache {
  /** Threads for the scans of blocking backends: a fixed few, shared by every cache. */
  static final SharedExecutor<ExecutorService> IO =
      new SharedExecutor<>("async", threads -> Executors.newFixedThreadPool(2, threads));

  private final DefaultCache cache;
  private final Routes routes;
  private final Pipeline pipeline;
  private final Locks locks;
  /** This cache's use of {@link #IO}: taken on the first scan of a blocking backend, given back on close. */
  private @Nullable ExecutorService io;
  private boolean closed;

  AsyncView(DefaultCache cache, Routes routes, Pipeline pipeline, Locks locks) {
    this.cache = cache;
    this.routes = routes;
    this.pipeline = pipeline;
    this.locks = locks;
  }

  /** Gives the shared pool back; called when the cache closes. */
  synchronized void close() {
    closed = true;
    if (io != null) {
      io = null;
      IO.release();
    }
  }

  private synchronized @Nullable ExecutorService io() {
    if (io == null && !closed) {
      io = IO.acquire();
    }
    return io; // null once closed: the command runs inline and fails, as the cache has no backend left
  }

  // ---------------------------------------------------------------- dispatch

  /**
   * Runs one call on its route: inline through {@code sync} when the backend does no I/O, else
   * through the asynchronous pipeline. Argument errors become a failed stage.
   */
  private <T> CompletionStage<T> run(Supplier<Route> route, Supplier<Command.Call<?>> call, Class<T> type, Supplier<T> sync) {
    try {
      Route r = route.get();
      if (!r.backend.blocking()) {
        return CompletableFuture.completedFuture(sync.get());
      }
      return pipeline.execAsync(r, call.get(), type);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletionStage<T> inline(Supplier<T> sync) {
    try {
      return CompletableFuture.completedFuture(sync.get());
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Supplier<Route> routeOf(String key) {
    return () -> routes.route(Args.key(key));
  }

  @Override
  public Cache sync() {
    return cache;
  }

  // ---------------------------------------------------------------- values

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value) {
    return set(key, value, (Duration) null);
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl) {
    return set(key, value, ttl, Backend.SetMode.ALWAYS, () -> cache.set(key, value, ttl));
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl, boolean exist) {
    Backend.SetMode mode = exist ? Backend.SetMode.IF_EXISTS : Backend.SetMode.IF_ABSENT;
    return set(key, value, ttl, mode, () -> cache.set(key, value, ttl, exist));
  }

  private CompletionStage<Boolean> set(
      String key, @Nullable Object value, @Nullable Duration ttl, Backend.SetMode mode, Supplier<Boolean> sync) {
    return run(routeOf(key), () -> new Command.Set(key, NullValue.wrap(value), Args.ttl(ttl), mode), Boolean.class, sync);
  }

  @Override
  public CompletionStage<Boolean> setRaw(String key, Object value, @Nullable Duration ttl) {
    return run(routeOf(key), () -> new Command.SetRaw(key, java.util.Objects.requireNonNull(value, "value"), Args.ttl(ttl)),
        Boolean.class, () -> cache.setRaw(key, value, ttl));
  }

  @Override
  public CompletionStage<Void> setMany(Map<String, ?> values, @Nullable Duration ttl) {
    try {
      java.util.Objects.requireNonNull(values, "values");
      Args.ttl(ttl);
      Map<Route, Map<String, Object>> groups = new LinkedHashMap<>();
      values.forEach((k, v) -> groups.computeIfAbsent(routes.route(Args.key(k)), x -> new LinkedHashMap<>()).put(k, NullValue.wrap(v)));
      List<CompletableFuture<?>> parts = new ArrayList<>();
      groups.forEach((r, group) -> parts.add(r.backend.blocking()
          ? pipeline.execAsync(r, new Command.SetMany(group, ttl)).toCompletableFuture()
          : inline(() -> pipeline.exec(r, new Command.SetMany(group, ttl))).toCompletableFuture()));
      return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public <T> CompletionStage<@Nullable T> get(String key) {
    return get(key, null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletionStage<@Nullable T> get(String key, @Nullable T defaultValue) {
    try {
      Route r = routes.route(Args.key(key));
      if (!r.backend.blocking()) {
        return CompletableFuture.completedFuture(cache.get(key, defaultValue));
      }
      if (Further.active()) {
        return delete(key).thenApply(deleted -> defaultValue);
      }
      return pipeline.execAsync(r, new Command.Get(key)).thenApply(v -> v == null ? defaultValue : (T) NullValue.unwrap(v));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** For generated code: {@link DefaultCache#lookup} without blocking, {@code miss} on a miss. */
  CompletionStage<@Nullable Object> lookup(String key, Object miss, String strategy, @Nullable Duration ttl) {
    try {
      Route r = routes.route(Args.key(key));
      if (!r.backend.blocking()) {
        return CompletableFuture.completedFuture(cache.lookup(key, miss, strategy, ttl));
      }
      if (Further.active()) {
        return delete(key).thenApply(deleted -> miss);
      }
      return pipeline.execAsync(r, new Command.Get(key), new Controls.Origin(strategy, ttl))
          .thenApply(v -> v == null || v instanceof UnsignedCounter ? miss : NullValue.unwrap(v));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletionStage<@Nullable T> getOrSet(String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl) {
    try {
      Route r = routes.route(Args.key(key));
      java.util.Objects.requireNonNull(supplier, "supplier");
      Args.ttl(ttl);
      if (!r.backend.blocking()) {
        return CompletableFuture.completedFuture(cache.getOrSet(key, supplier, ttl));
      }
      return pipeline.execAsync(r, new Command.Get(key)).thenCompose(v -> {
        if (v != null) {
          return CompletableFuture.completedFuture((T) NullValue.unwrap(v));
        }
        T value = supplier.get();
        return set(key, value, ttl).thenApply(written -> value);
      });
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<@Nullable Object> getRaw(String key) {
    try {
      Route r = routes.route(Args.key(key));
      return r.backend.blocking() ? pipeline.execAsync(r, new Command.GetRaw(key)) : inline(() -> cache.getRaw(key));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<List<@Nullable Object>> getMany(String... keys) {
    try {
      java.util.Objects.requireNonNull(keys, "keys");
      Object[] out = new Object[keys.length];
      Map<Route, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < keys.length; i++) {
        groups.computeIfAbsent(routes.route(Args.key(keys[i])), x -> new ArrayList<>()).add(i);
      }
      List<CompletableFuture<?>> parts = new ArrayList<>();
      for (Map.Entry<Route, List<Integer>> g : groups.entrySet()) {
        List<Integer> positions = g.getValue();
        List<String> groupKeys = new ArrayList<>(positions.size());
        for (int p : positions) {
          groupKeys.add(keys[p]);
        }
        Route r = g.getKey();
        CompletionStage<List> values = r.backend.blocking()
            ? pipeline.execAsync(r, new Command.GetMany(groupKeys), List.class)
            : inline(() -> pipeline.exec(r, new Command.GetMany(groupKeys), List.class));
        parts.add(values.thenAccept(vs -> {
          for (int j = 0; j < positions.size(); j++) {
            out[positions.get(j)] = NullValue.unwrap(vs.get(j));
          }
        }).toCompletableFuture());
      }
      return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
          .thenApply(v -> Collections.unmodifiableList(Arrays.asList(out)));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern) {
    return getMatch(pattern, DefaultCache.DEFAULT_BATCH);
  }

  @Override
  public CompletionStage<List<Map.Entry<String, @Nullable Object>>> getMatch(String pattern, int batchSize) {
    return walk(pattern, () -> cache.getMatch(pattern, batchSize).toList());
  }

  /** A scan: inline on a backend without I/O, else on the shared pool (a cursor walk blocks). */
  private <T> CompletionStage<T> walk(String pattern, Supplier<T> sync) {
    try {
      Route r = routes.route(Args.pattern(pattern));
      if (!r.backend.blocking()) {
        return inline(sync);
      }
      java.util.concurrent.Executor executor = r.executor != null ? r.executor : io();
      return executor == null ? inline(sync) : CompletableFuture.supplyAsync(sync, executor);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---------------------------------------------------------------- counters and keys

  @Override
  public CompletionStage<Long> incr(String key) {
    return incr(key, 1, (Duration) null);
  }

  @Override
  public CompletionStage<Long> incr(String key, long by) {
    return incr(key, by, (Duration) null);
  }

  @Override
  public CompletionStage<Long> incr(String key, long by, @Nullable Duration ttl) {
    return run(routeOf(key), () -> new Command.Incr(key, by, Args.ttl(ttl)), Long.class, () -> cache.incr(key, by, ttl));
  }

  @Override
  public CompletionStage<Boolean> exists(String key) {
    return run(routeOf(key), () -> new Command.Exists(key), Boolean.class, () -> cache.exists(key));
  }

  @Override
  public CompletionStage<Boolean> delete(String key) {
    CompletionStage<Boolean> deleted = run(routeOf(key), () -> new Command.Delete(key), Boolean.class, () -> cache.delete(key));
    if (!cache.tags().any() || !blocking(key)) {
      return deleted; // on memory the synchronous delete left the tags already
    }
    return deleted.thenCompose(d -> leaveTags(key).thenApply(x -> d));
  }

  /** tag-08 without blocking: the key leaves the sets of its registered tags. */
  private CompletableFuture<Void> leaveTags(String key) {
    List<CompletableFuture<?>> removals = new ArrayList<>();
    for (String tag : cache.tags().tagsOf(key)) {
      removals.add(setRemove(Tags.setKey(tag), key).toCompletableFuture());
    }
    return CompletableFuture.allOf(removals.toArray(new CompletableFuture<?>[0]));
  }

  private boolean blocking(String key) {
    Route r = routes.routeOrNull(Args.key(key));
    return r != null && r.backend.blocking();
  }

  @Override
  public CompletionStage<Boolean> set(String key, @Nullable Object value, @Nullable Duration ttl, java.util.Collection<String> tags) {
    List<String> checked;
    try {
      checked = DefaultCache.tagList(tags);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return set(key, value, ttl).thenCompose(written -> {
      if (!written) {
        return CompletableFuture.completedFuture(false);
      }
      List<CompletableFuture<?>> adds = new ArrayList<>();
      for (String tag : checked) {
        adds.add(setAdd(Tags.setKey(tag), ttl, key).toCompletableFuture());
      }
      return CompletableFuture.allOf(adds.toArray(new CompletableFuture<?>[0])).thenApply(x -> true);
    });
  }

  @Override
  public CompletionStage<Long> deleteTags(String... tags) {
    List<String> checked;
    try {
      checked = DefaultCache.tagList(java.util.Arrays.asList(java.util.Objects.requireNonNull(tags, "tags")));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
    for (String tag : checked) {
      total = total.thenCompose(sum -> deleteTag(tag, sum));
    }
    return total;
  }

  /** Pops one batch of {@code tag}'s members and deletes them, then the next, until a batch is short. */
  private CompletableFuture<Long> deleteTag(String tag, long sum) {
    return setPop(Tags.setKey(tag), Tags.BATCH).toCompletableFuture().thenCompose(members -> {
      CompletableFuture<Long> deleted = members.isEmpty()
          ? CompletableFuture.completedFuture(0L)
          : deleteMany(members.toArray(new String[0])).toCompletableFuture();
      return deleted.thenCompose(n -> members.size() == Tags.BATCH ? deleteTag(tag, sum + n) : CompletableFuture.completedFuture(sum + n));
    });
  }

  @Override
  public CompletionStage<Long> deleteMany(String... keys) {
    try {
      java.util.Objects.requireNonNull(keys, "keys");
      Map<Route, List<String>> groups = new LinkedHashMap<>();
      for (String k : keys) {
        groups.computeIfAbsent(routes.route(Args.key(k)), x -> new ArrayList<>()).add(k);
      }
      CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
      for (Map.Entry<Route, List<String>> g : groups.entrySet()) {
        Route r = g.getKey();
        CompletionStage<Long> n = r.backend.blocking()
            ? pipeline.execAsync(r, new Command.DeleteMany(g.getValue()), Long.class)
            : inline(() -> pipeline.exec(r, new Command.DeleteMany(g.getValue()), Long.class));
        total = total.thenCombine(n, Long::sum);
      }
      return total;
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Long> deleteMatch(String pattern) {
    return run(() -> routes.route(Args.pattern(pattern)), () -> new Command.DeleteMatch(pattern), Long.class,
        () -> cache.deleteMatch(pattern));
  }

  @Override
  public CompletionStage<List<String>> scan(String pattern) {
    return scan(pattern, DefaultCache.DEFAULT_BATCH);
  }

  @Override
  public CompletionStage<List<String>> scan(String pattern, int batchSize) {
    return walk(pattern, () -> cache.scan(pattern, batchSize).toList());
  }

  @Override
  public CompletionStage<Boolean> expire(String key, Duration ttl) {
    return run(routeOf(key), () -> new Command.Expire(key, Args.requiredTtl(ttl, "ttl")), Boolean.class,
        () -> cache.expire(key, ttl));
  }

  @Override
  public CompletionStage<Long> getExpire(String key) {
    return run(routeOf(key), () -> new Command.GetExpire(key), Long.class, () -> cache.getExpire(key));
  }

  @Override
  public CompletionStage<String> ping() {
    return ping("PING");
  }

  @Override
  public CompletionStage<String> ping(String message) {
    return run(routes::fallback, () -> new Command.Ping(java.util.Objects.requireNonNull(message, "message")), String.class,
        () -> cache.ping(message));
  }

  @Override
  public CompletionStage<Void> clear() {
    try {
      List<CompletableFuture<?>> parts = new ArrayList<>();
      for (Route r : routes.configured()) {
        Command.Clear call = new Command.Clear();
        parts.add((r.backend.blocking() ? pipeline.execAsync(r, call) : inline(() -> pipeline.exec(r, call))).toCompletableFuture());
      }
      return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Long> getKeysCount() {
    try {
      CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
      for (Route r : routes.configured()) {
        Command.GetKeysCount call = new Command.GetKeysCount();
        CompletionStage<Long> n = r.backend.blocking()
            ? pipeline.execAsync(r, call, Long.class)
            : inline(() -> pipeline.exec(r, call, Long.class));
        total = total.thenCombine(n, Long::sum);
      }
      return total;
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Long> getSize(String key) {
    return run(routeOf(key), () -> new Command.GetSize(key), Long.class, () -> cache.getSize(key));
  }

  // ---------------------------------------------------------------- locks

  @Override
  public CompletionStage<Boolean> isLocked(String key) {
    return run(routeOf(key), () -> new Command.IsLocked(key), Boolean.class, () -> cache.isLocked(key));
  }

  @Override
  public CompletionStage<Boolean> isLocked(String key, Duration wait) {
    try {
      Args.key(key);
      return locks.isLockedAsync(key, Args.waitNanos(wait), this);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Cache.Lock> lock(String key, Duration ttl) {
    return lock(key, ttl, ttl);
  }

  @Override
  public CompletionStage<Cache.Lock> lock(String key, Duration ttl, Duration wait) {
    try {
      Route r = routes.route(Args.key(key));
      Args.requiredTtl(ttl, "ttl");
      return locks.lockAsync(r, key, ttl, Args.waitNanos(wait), this);
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<Boolean> setLock(String key, String value, Duration ttl) {
    return run(routeOf(key), () -> new Command.SetLock(key, java.util.Objects.requireNonNull(value, "value"),
        Args.requiredTtl(ttl, "ttl")), Boolean.class, () -> cache.setLock(key, value, ttl));
  }

  @Override
  public CompletionStage<Boolean> unlock(String key, String value) {
    return run(routeOf(key), () -> new Command.Unlock(key, java.util.Objects.requireNonNull(value, "value")),
        Boolean.class, () -> cache.unlock(key, value));
  }

  // ---------------------------------------------------------------- building blocks

  @Override
  public CompletionStage<Long> sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    return run(routeOf(key), () -> {
      Args.slice(start, end, maxValue);
      return new Command.SliceIncr(key, start, end, maxValue, Args.ttl(ttl));
    }, Long.class, () -> cache.sliceIncr(key, start, end, maxValue, ttl));
  }

  @Override
  public CompletionStage<long[]> incrBits(String key, int size, long by, long... indexes) {
    return run(routeOf(key), () -> {
      Args.bits(size, indexes);
      return new Command.IncrBits(key, size, by, indexes);
    }, long[].class, () -> cache.incrBits(key, size, by, indexes));
  }

  @Override
  public CompletionStage<long[]> getBits(String key, int size, long... indexes) {
    return run(routeOf(key), () -> {
      Args.bits(size, indexes);
      return new Command.GetBits(key, size, indexes);
    }, long[].class, () -> cache.getBits(key, size, indexes));
  }

  @Override
  public CompletionStage<Long> setAdd(String key, @Nullable Duration ttl, String... members) {
    return run(routeOf(key), () -> new Command.SetAdd(key, Args.ttl(ttl), Arrays.asList(Args.members(members))),
        Long.class, () -> cache.setAdd(key, ttl, members));
  }

  @Override
  public CompletionStage<Long> setRemove(String key, String... members) {
    return run(routeOf(key), () -> new Command.SetRemove(key, Arrays.asList(Args.members(members))), Long.class,
        () -> cache.setRemove(key, members));
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<List<String>> setPop(String key, int count) {
    return run(routeOf(key), () -> new Command.SetPop(key, Args.popCount(count)), List.class, () -> cache.setPop(key, count))
        .thenApply(list -> (List<String>) list);
  }
}
