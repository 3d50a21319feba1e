package dev.kaju.internal;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import dev.kaju.Callback;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.Settings;
import dev.kaju.Transaction;
import dev.kaju.TransactionMode;
import dev.kaju.spi.Backend;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.support.SiteAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Cache} implementation: checks each command's arguments, routes it by key prefix to a
 * backend ({@link Routes}) and runs it.
 *
 * <p>Fast path: when the backend has no middleware, no command is disabled and no callback or
 * scope (detect, disabling) is open anywhere, a command goes straight to the backend with no
 * allocation of ours. Otherwise it takes the slow path through {@link Pipeline#exec}: disabled
 * check, middleware chain, then callbacks and detectors ({@link Controls}). Waiting for locks is
 * {@link Locks}.
 */
public final class DefaultCache implements Cache, SiteAccess {
  static final int DEFAULT_BATCH = 100;

  private final Routes routes = new Routes();
  private final Controls controls = new Controls();
  private final Pipeline pipeline = new Pipeline(controls);
  private final Locks locks = new Locks(this, routes, controls);
  private final AsyncView async = new AsyncView(this, routes, pipeline, locks);
  private volatile List<Class<? extends Throwable>> failExceptions = List.of(Exception.class);
  private final Tags tags = new Tags();

  /**
   * Threads for work generated methods do not wait for (background recomputations): up to four
   * {@code kaju-refresh-N} daemons shared by every cache, idle ones ending after a minute.
   */
  static final SharedExecutor<ThreadPoolExecutor> REFRESH = new SharedExecutor<>("refresh", threads -> {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  });

  /** This cache's use of {@link #REFRESH}, taken on first use and given back on close. */
  private @Nullable ThreadPoolExecutor refresh;
  private boolean closed;

  public DefaultCache() {}

  // ---------------------------------------------------------------- setup

  @Override
  public Cache setup(String url) {
    return setup(url, Settings.defaults());
  }

  @Override
  public Cache setup(String url, Settings settings) {
    Objects.requireNonNull(settings, "settings");
    routes.setup(url, settings);
    return this;
  }

  @Override
  public AsyncCache async() {
    return async;
  }

  // ---------------------------------------------------------------- arguments and dispatch

  /**
   * True when {@link Pipeline#exec} would only call the route's backend, so the caller may call it
   * directly: one volatile read of the hooks flag, the route's disabled mask and middleware count.
   */
  private boolean plain(Route r) {
    return !controls.hooks() && r.disabled == 0 && r.middlewares.length == 0;
  }

  // ---------------------------------------------------------------- values

  @Override
  public boolean set(String key, @Nullable Object value) {
    return set(key, value, (Duration) null);
  }

  @Override
  public boolean set(String key, @Nullable Object value, @Nullable Duration ttl) {
    return doSet(key, value, ttl, Backend.SetMode.ALWAYS);
  }

  @Override
  public boolean set(String key, @Nullable Object value, @Nullable Duration ttl, boolean exist) {
    return doSet(key, value, ttl, exist ? Backend.SetMode.IF_EXISTS : Backend.SetMode.IF_ABSENT);
  }

  @Override
  public boolean set(String key, @Nullable Object value, @Nullable Duration ttl, Collection<String> tags) {
    List<String> checked = tagList(tags);
    boolean written = set(key, value, ttl);
    if (written) { // tag-21: only a written key joins its tags
      for (String tag : checked) {
        setAdd(Tags.setKey(tag), ttl, key);
      }
    }
    return written;
  }

  /** {@code tags}, checked: no null, no empty tag. */
  static List<String> tagList(Collection<String> tags) {
    List<String> copy = List.copyOf(Objects.requireNonNull(tags, "tags"));
    for (String tag : copy) {
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("a tag must not be empty");
      }
    }
    return copy;
  }

  @Override
  public long deleteTags(String... tags) {
    long deleted = 0;
    for (String tag : tagList(java.util.Arrays.asList(Objects.requireNonNull(tags, "tags")))) {
      List<String> members;
      do {
        members = setPop(Tags.setKey(tag), Tags.BATCH);
        if (!members.isEmpty()) {
          deleted += deleteMany(members.toArray(new String[0]));
        }
      } while (members.size() == Tags.BATCH);
    }
    return deleted;
  }

  @Override
  public Cache registerTag(String tag, String keyTemplate) {
    tags.register(tag, keyTemplate);
    return this;
  }

  @Override
  public List<String> getKeyTags(String key) {
    return tags.tagsOf(Args.key(key));
  }

  /** tag-08: a deleted key leaves the sets of its registered tags. */
  private void leaveTags(String... keys) {
    if (!tags.any()) {
      return;
    }
    for (String key : keys) {
      for (String tag : tags.tagsOf(key)) {
        setRemove(Tags.setKey(tag), key);
      }
    }
  }

  /** {@link #getKeyTags} for the async view. */
  Tags tags() {
    return tags;
  }

  private boolean doSet(String key, @Nullable Object value, @Nullable Duration ttl, Backend.SetMode mode) {
    Route r = routes.route(Args.key(key));
    Object stored = NullValue.wrap(value);
    Args.ttl(ttl);
    if (plain(r)) {
      return r.backend.set(key, stored, ttl, mode);
    }
    return pipeline.exec(r, new Command.Set(key, stored, ttl, mode), Boolean.class);
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    Route r = routes.route(Args.key(key));
    Objects.requireNonNull(value, "value");
    Args.ttl(ttl);
    return pipeline.exec(r, new Command.SetRaw(key, value, ttl), Boolean.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setMany(Map<String, ?> values, @Nullable Duration ttl) {
    Objects.requireNonNull(values, "values");
    Args.ttl(ttl);
    Map<Route, Map<String, Object>> groups = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> groups.computeIfAbsent(routes.route(Args.key(k)), x -> new LinkedHashMap<>()).put(k, NullValue.wrap(v)));
    groups.forEach((r, group) -> pipeline.exec(r, new Command.SetMany(group, ttl)));
  }

  @Override
  public <T> @Nullable T get(String key) {
    return get(key, null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(String key, @Nullable T defaultValue) {
    Route r = routes.route(Args.key(key));
    if (Further.active()) {
      pipeline.exec(r, new Command.Delete(key));
      return defaultValue;
    }
    Object v = plain(r) ? r.backend.get(key) : pipeline.get(r, key);
    if (v == null) {
      return defaultValue;
    }
    return (T) NullValue.unwrap(v);
  }

  /**
   * Used by generated code (through {@code CachedSite}): a {@code GET} returning {@code miss} on a
   * miss, which {@code detect} reports with the strategy and TTL of the cached method.
   */
  @Override
  public @Nullable Object lookup(String key, Object miss, String strategy, @Nullable Duration ttl) {
    return lookup(routes.route(Args.key(key)), key, miss, strategy, ttl);
  }

  private @Nullable Object lookup(Route r, String key, Object miss, String strategy, @Nullable Duration ttl) {
    if (Further.active()) {
      pipeline.exec(r, new Command.Delete(key));
      return miss;
    }
    Object v = plain(r) ? r.backend.get(key) : pipeline.lookup(r, key, strategy, ttl);
    // a counter read without a signature is never a generated method's value: every value they store is signed
    return v == null || v instanceof UnsignedCounter ? miss : NullValue.unwrap(v);
  }

  @Override
  public CompletionStage<@Nullable Object> lookupAsync(String key, Object miss, String strategy, @Nullable Duration ttl) {
    return async.lookup(key, miss, strategy, ttl);
  }

  @Override
  public @Nullable Object lookupNow(String key, Object miss, Object pending, String strategy, @Nullable Duration ttl) {
    Route r = routes.route(Args.key(key));
    return r.backend.blocking() ? pending : lookup(r, key, miss, strategy, ttl);
  }

  @Override
  public Scope attribute(String strategy, @Nullable Duration ttl) {
    return controls.attribute(strategy, ttl);
  }

  @Override
  public Clock clock(String key) {
    Route r = routes.routeOrNull(Args.key(key));
    return r == null ? Clock.systemUTC() : r.clock;
  }

  @Override
  public Executor background(String key) {
    Route r = routes.routeOrNull(Args.key(key));
    if (r != null && r.executor != null) {
      return r.executor;
    }
    synchronized (this) {
      if (refresh == null) {
        if (closed) {
          throw new IllegalStateException("the cache is closed");
        }
        refresh = REFRESH.acquire();
      }
      return refresh;
    }
  }

  @Override
  public ScheduledExecutorService scheduler(String key) {
    return locks.scheduler(routes.routeOrNull(Args.key(key)));
  }

  @Override
  public boolean blocking(String key) {
    Route r = routes.routeOrNull(Args.key(key));
    return r != null && r.backend.blocking();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl) {
    Route r = routes.route(Args.key(key));
    Objects.requireNonNull(supplier, "supplier");
    Args.ttl(ttl);
    Object v = plain(r) ? r.backend.get(key) : pipeline.get(r, key);
    if (v != null) {
      return (T) NullValue.unwrap(v);
    }
    T value = supplier.get();
    doSet(key, value, ttl, Backend.SetMode.ALWAYS);
    return value;
  }

  @Override
  public @Nullable Object getRaw(String key) {
    Route r = routes.route(Args.key(key));
    return pipeline.exec(r, new Command.GetRaw(key));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<@Nullable Object> getMany(String... keys) {
    Objects.requireNonNull(keys, "keys");
    if (Further.active()) {
      deleteMany(keys);
      return java.util.Arrays.asList(new Object[keys.length]);
    }
    Object[] out = new Object[keys.length];
    Map<Route, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      groups.computeIfAbsent(routes.route(Args.key(keys[i])), x -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Route, List<Integer>> g : groups.entrySet()) {
      List<Integer> positions = g.getValue();
      List<String> groupKeys = new ArrayList<>(positions.size());
      for (int p : positions) {
        groupKeys.add(keys[p]);
      }
      List<Object> values = pipeline.exec(g.getKey(), new Command.GetMany(groupKeys), List.class);
      for (int j = 0; j < positions.size(); j++) {
        out[positions.get(j)] = NullValue.unwrap(values.get(j));
      }
    }
    return java.util.Collections.unmodifiableList(Arrays.asList(out));
  }

  @Override
  public Stream<Map.Entry<String, @Nullable Object>> getMatch(String pattern) {
    return getMatch(pattern, DEFAULT_BATCH);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Stream<Map.Entry<String, @Nullable Object>> getMatch(String pattern, int batchSize) {
    Route r = routes.route(Args.pattern(pattern));
    Args.batch(batchSize);
    if (Further.active()) {
      deleteMatch(pattern);
      return Stream.empty();
    }
    Iterator<Map.Entry<String, Object>> it =
        pipeline.exec(r, new Command.GetMatch(pattern, batchSize), Iterator.class);
    return stream(it).map(e -> {
      Object v = e.getValue();
      return v == NullValue.INSTANCE || v instanceof UnsignedCounter
          ? new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), NullValue.unwrap(v))
          : e;
    });
  }

  private static <T> Stream<T> stream(Iterator<T> it) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  // ---------------------------------------------------------------- counters

  @Override
  public long incr(String key) {
    return incr(key, 1, (Duration) null);
  }

  @Override
  public long incr(String key, long by) {
    return incr(key, by, (Duration) null);
  }

  @Override
  public long incr(String key, long by, @Nullable Duration ttl) {
    Route r = routes.route(Args.key(key));
    Args.ttl(ttl);
    if (plain(r)) {
      return r.backend.incr(key, by, ttl);
    }
    return pipeline.exec(r, new Command.Incr(key, by, ttl), Long.class);
  }

  // ---------------------------------------------------------------- keys

  @Override
  public boolean exists(String key) {
    Route r = routes.route(Args.key(key));
    return plain(r) ? r.backend.exists(key) : pipeline.exec(r, new Command.Exists(key), Boolean.class);
  }

  @Override
  public boolean delete(String key) {
    Route r = routes.route(Args.key(key));
    boolean deleted = plain(r) ? r.backend.delete(key) : pipeline.exec(r, new Command.Delete(key), Boolean.class);
    leaveTags(key);
    return deleted;
  }

  @Override
  public long deleteMany(String... keys) {
    Objects.requireNonNull(keys, "keys");
    Map<Route, List<String>> groups = new LinkedHashMap<>();
    for (String k : keys) {
      groups.computeIfAbsent(routes.route(Args.key(k)), x -> new ArrayList<>()).add(k);
    }
    long n = 0;
    for (Map.Entry<Route, List<String>> g : groups.entrySet()) {
      n += pipeline.exec(g.getKey(), new Command.DeleteMany(g.getValue()), Long.class);
    }
    leaveTags(keys);
    return n;
  }

  @Override
  public long deleteMatch(String pattern) {
    Route r = routes.route(Args.pattern(pattern));
    return pipeline.exec(r, new Command.DeleteMatch(pattern), Long.class);
  }

  @Override
  public Stream<String> scan(String pattern) {
    return scan(pattern, DEFAULT_BATCH);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Stream<String> scan(String pattern, int batchSize) {
    Route r = routes.route(Args.pattern(pattern));
    Args.batch(batchSize);
    return stream(pipeline.exec(r, new Command.Scan(pattern, batchSize), Iterator.class));
  }

  @Override
  public boolean expire(String key, Duration ttl) {
    Route r = routes.route(Args.key(key));
    return pipeline.exec(r, new Command.Expire(key, Args.requiredTtl(ttl, "ttl")), Boolean.class);
  }

  @Override
  public long getExpire(String key) {
    Route r = routes.route(Args.key(key));
    return pipeline.exec(r, new Command.GetExpire(key), Long.class);
  }

  @Override
  public String ping() {
    return ping("PING");
  }

  @Override
  public String pingRoute(String key) {
    Object result = pipeline.exec(routes.route(Args.key(key)), new Command.Ping("PING"));
    return result == null ? "" : Pipeline.as(String.class, result, Command.PING);
  }

  @Override
  public CompletionStage<String> pingRouteAsync(String key) {
    Route r;
    try {
      r = routes.route(Args.key(key));
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    if (!r.backend.blocking()) {
      try {
        return java.util.concurrent.CompletableFuture.completedFuture(pingRoute(key));
      } catch (RuntimeException e) {
        return java.util.concurrent.CompletableFuture.failedFuture(e);
      }
    }
    return pipeline.execAsync(r, new Command.Ping("PING"), String.class);
  }

  @Override
  public String ping(String message) {
    Objects.requireNonNull(message, "message");
    Object result = pipeline.exec(routes.fallback(), new Command.Ping(message));
    return result == null ? "" : Pipeline.as(String.class, result, Command.PING);
  }

  @Override
  public void clear() {
    for (Route r : routes.configured()) {
      pipeline.exec(r, new Command.Clear());
    }
  }

  @Override
  public long getKeysCount() {
    long n = 0;
    for (Route r : routes.configured()) {
      n += pipeline.exec(r, new Command.GetKeysCount(), Long.class);
    }
    return n;
  }

  @Override
  public long getSize(String key) {
    Route r = routes.route(Args.key(key));
    return pipeline.exec(r, new Command.GetSize(key), Long.class);
  }

  // ---------------------------------------------------------------- locks

  @Override
  public boolean isLocked(String key) {
    Route r = routes.route(Args.key(key));
    return pipeline.exec(r, new Command.IsLocked(key), Boolean.class);
  }

  @Override
  public boolean isLocked(String key, Duration wait) {
    Objects.requireNonNull(wait, "wait");
    return locks.isLocked(key, wait);
  }

  @Override
  public Lock lock(String key, Duration ttl) {
    return lock(key, ttl, ttl);
  }

  @Override
  public Lock lock(String key, Duration ttl, Duration wait) {
    Route r = routes.route(Args.key(key));
    Args.requiredTtl(ttl, "ttl");
    Objects.requireNonNull(wait, "wait");
    return locks.lock(r, key, ttl, wait);
  }

  @Override
  public boolean setLock(String key, String value, Duration ttl) {
    Route r = routes.route(Args.key(key));
    Objects.requireNonNull(value, "value");
    return pipeline.exec(r, new Command.SetLock(key, value, Args.requiredTtl(ttl, "ttl")), Boolean.class);
  }

  @Override
  public boolean unlock(String key, String value) {
    Route r = routes.route(Args.key(key));
    Objects.requireNonNull(value, "value");
    return pipeline.exec(r, new Command.Unlock(key, value), Boolean.class);
  }

  // ---------------------------------------------------------------- building blocks

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    Route r = routes.route(Args.key(key));
    Args.slice(start, end, maxValue);
    Args.ttl(ttl);
    return pipeline.exec(r, new Command.SliceIncr(key, start, end, maxValue, ttl), Long.class);
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    Route r = routes.route(Args.key(key));
    Args.bits(size, indexes);
    return pipeline.exec(r, new Command.IncrBits(key, size, by, indexes), long[].class);
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    Route r = routes.route(Args.key(key));
    Args.bits(size, indexes);
    return pipeline.exec(r, new Command.GetBits(key, size, indexes), long[].class);
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    Route r = routes.route(Args.key(key));
    Args.ttl(ttl);
    Args.members(members);
    return pipeline.exec(r, new Command.SetAdd(key, ttl, Arrays.asList(members)), Long.class);
  }

  @Override
  public long setRemove(String key, String... members) {
    Route r = routes.route(Args.key(key));
    Args.members(members);
    return pipeline.exec(r, new Command.SetRemove(key, Arrays.asList(members)), Long.class);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> setPop(String key, int count) {
    Route r = routes.route(Args.key(key));
    Args.popCount(count);
    return pipeline.exec(r, new Command.SetPop(key, count), List.class);
  }

  // ---------------------------------------------------------------- control

  @Override
  public Cache disable(Command... commands) {
    routes.disable(Controls.mask(commands));
    return this;
  }

  @Override
  public Cache enable(Command... commands) {
    routes.enable(Controls.mask(commands));
    return this;
  }

  @Override
  public boolean isDisabled(Command... commands) {
    return isDisabled("", commands);
  }

  @Override
  public boolean isDisabled(String key, Command... commands) {
    long m = Controls.mask(commands);
    return controls.isDisabled(routes.routeOrNull(Args.key(key)), m);
  }

  @Override
  public Scope disabling(Command... commands) {
    return controls.disabling(Controls.mask(commands));
  }

  @Override
  public Scope callback(Callback callback, Command... commands) {
    return controls.callback(Objects.requireNonNull(callback, "callback"), Controls.mask(commands));
  }

  @Override
  public Cache setDefaultFailExceptions(Collection<? extends Class<? extends Throwable>> types) {
    List<Class<? extends Throwable>> copy = List.copyOf(types); // no nulls
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one exception type is needed; List.of(Exception.class) is the default");
    }
    failExceptions = copy;
    return this;
  }

  @Override
  public List<Class<? extends Throwable>> defaultFailExceptions() {
    return failExceptions;
  }

  @Override
  public Transaction transaction(TransactionMode mode) {
    return transaction(mode, Duration.ofSeconds(10));
  }

  @Override
  public Transaction transaction(TransactionMode mode, Duration timeout) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(timeout, "timeout");
    Tx open = controls.hooks() ? controls.transaction() : null;
    if (open != null) {
      return open.join(); // a transaction inside another joins it
    }
    return new Tx(pipeline, routes, controls, mode, timeout).begin();
  }

  @Override
  public void detach(Transaction tx) {
    if (tx instanceof Tx) {
      ((Tx) tx).detach();
    }
  }

  @Override
  public Detect detect() {
    return controls.detect();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (refresh != null) {
        refresh = null;
        REFRESH.release();
      }
    }
    Route[] closing = routes.removeAll();
    async.close();
    locks.close();
    Routes.close(closing);
  }

  @Override
  public String toString() {
    return "Cache[" + routes + "]";
  }
}
