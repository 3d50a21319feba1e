package dev.kaju.internal;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import dev.kaju.Callback;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.LockedException;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import dev.kaju.internal.setup.Options;
import dev.kaju.internal.setup.SetupUrl;
import dev.kaju.spi.Backend;
import dev.kaju.spi.BackendConfig;
import dev.kaju.spi.BackendFactory;
import dev.kaju.spi.UnsignedCounter;
import dev.kaju.support.SiteAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Cache} implementation: routes each command by key prefix to a backend and runs it.
 *
 * <p>Fast path: when the backend has no middleware, no command is disabled and no callback or
 * scope (detect, disabling) is open anywhere, a command goes straight to the backend with no
 * allocation of ours. Otherwise it takes the slow path through {@link #exec}: disabled check,
 * middleware chain, then callbacks and detectors.
 */
public final class DefaultCache implements Cache, SiteAccess {
  static final int DEFAULT_BATCH = 100;
  private static final long ALL = (1L << Command.values().length) - 1;
  private static final Route[] NONE = new Route[0];

  private final Object setupLock = new Object();
  private volatile Route[] routes = NONE;
  private final AsyncView async = new AsyncView(this);

  private final CopyOnWriteArrayList<CallbackScope> callbacks = new CopyOnWriteArrayList<>();
  private final AtomicInteger threadScopes = new AtomicInteger();
  /** True when a callback or a thread scope is open: every command takes the slow path. */
  private volatile boolean hooks;
  private final Object hooksLock = new Object();

  private final ThreadLocal<ThreadState> local = ThreadLocal.withInitial(ThreadState::new);
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofSeconds(10));

  /** One backend and the keys it serves. */
  static final class Route {
    final String prefix;
    final Backend backend;
    final String name;
    final Middleware[] middlewares;
    volatile long disabled;

    Route(String prefix, Backend backend, String name, Middleware[] middlewares) {
      this.prefix = prefix;
      this.backend = backend;
      this.name = name;
      this.middlewares = middlewares;
    }
  }

  private static final class ThreadState {
    long disabled;
    final List<DetectScope> detects = new ArrayList<>(2);
    /** The strategy and TTL of the generated call being looked up, for detect. */
    @Nullable String strategy;
    @Nullable Duration strategyTtl;
  }

  public DefaultCache() {}

  // ---------------------------------------------------------------- setup

  @Override
  public Cache setup(String url) {
    return setup(url, Settings.defaults());
  }

  @Override
  public Cache setup(String url, Settings settings) {
    Objects.requireNonNull(settings, "settings");
    SetupUrl u = SetupUrl.parse(url);
    boolean noScheme = u.scheme().isEmpty(); // "://": a disabled memory backend, as cashews
    String scheme = noScheme ? "mem" : u.scheme();
    BackendFactory factory = Options.factory(scheme, url);
    Map<String, Object> options = Options.resolve(scheme, factory, u.params(), settings.options());
    boolean enabled = noScheme ? false : (Boolean) options.get("enable") && !(Boolean) options.get("disable");
    BackendConfig config =
        new BackendConfig(scheme, u.address(), u.host(), u.port(), u.path(), u.userInfo(), options, settings.ticker(), settings.clock())
            .withPrefix(settings.prefix());
    Backend backend = factory.create(config);
    String prefix = settings.prefix();
    String name = noScheme ? "://" : u.redacted();
    Route route = new Route(prefix, backend, prefix.isEmpty() ? name : name + " [prefix " + prefix + "]",
        settings.middlewares().toArray(new Middleware[0]));
    if (!enabled) {
      route.disabled = ALL;
    }
    Backend replaced = null;
    synchronized (setupLock) {
      List<Route> next = new ArrayList<>();
      for (Route r : routes) {
        if (r.prefix.equals(prefix)) {
          replaced = r.backend;
        } else {
          next.add(r);
        }
      }
      next.add(route);
      next.sort(Comparator.comparingInt((Route r) -> r.prefix.length()).reversed());
      routes = next.toArray(NONE);
    }
    if (replaced != null) {
      replaced.close();
    }
    return this;
  }

  @Override
  public AsyncCache async() {
    return async;
  }

  Route route(String key) {
    Route[] rs = routes;
    for (Route r : rs) {
      if (key.startsWith(r.prefix)) {
        return r;
      }
    }
    throw notConfigured(key, rs);
  }

  @Nullable Route routeOrNull(String key) {
    for (Route r : routes) {
      if (key.startsWith(r.prefix)) {
        return r;
      }
    }
    return null;
  }

  private static IllegalStateException notConfigured(String key, Route[] rs) {
    if (rs.length == 0) {
      return new IllegalStateException(
          "cache is not set up: call cache.setup(\"mem://\") (or redis://, disk://) before using it");
    }
    StringBuilder prefixes = new StringBuilder();
    for (Route r : rs) {
      prefixes.append(prefixes.length() == 0 ? "" : ", ").append('"').append(r.prefix).append('"');
    }
    return new IllegalStateException(
        "no backend for key '" + key + "': backends are set up for prefixes " + prefixes
            + "; set up a default backend with cache.setup(url)");
  }

  // ---------------------------------------------------------------- dispatch

  private boolean plain(Route r) {
    return !hooks && r.disabled == 0 && r.middlewares.length == 0;
  }

  private @Nullable Object exec(Route r, Command.Call<?> call) {
    if (disabled(r, call.command())) {
      return call.disabled();
    }
    Object result = r.middlewares.length == 0 ? call.apply(r.backend) : new Chain(r, 0).proceed(call);
    if (hooks) {
      after(r, call, result);
    }
    return result;
  }

  /** The rest of a route's middleware chain, from middleware {@code i}; past the last, the backend. */
  private static final class Chain implements Middleware.Chain {
    private final Route route;
    private final int i;

    Chain(Route route, int i) {
      this.route = route;
      this.i = i;
    }

    @Override
    public @Nullable Object proceed(Command.Call<?> call) {
      Objects.requireNonNull(call, "call");
      if (i == route.middlewares.length) {
        return call.apply(route.backend);
      }
      return route.middlewares[i].handle(call, new Chain(route, i + 1));
    }

    @Override
    public Backend backend() {
      return route.backend;
    }
  }

  private boolean disabled(Route r, Command c) {
    long bit = 1L << c.ordinal();
    if ((r.disabled & bit) != 0) {
      return true;
    }
    return threadScopes.get() > 0 && (local.get().disabled & bit) != 0;
  }

  /**
   * Recomputes {@link #hooks} after a callback or scope opened or closed. Under a lock: two updates
   * racing unlocked could write their answers in the wrong order (one computed before the other's
   * change), leaving {@code hooks} false while a callback is open, so its calls were skipped. Every
   * change precedes its own locked update, so the last update sees every change.
   */
  private void updateHooks() {
    synchronized (hooksLock) {
      hooks = !callbacks.isEmpty() || threadScopes.get() > 0;
    }
  }

  @SuppressWarnings("unchecked")
  private void after(Route r, Command.Call<?> call, @Nullable Object result) {
    List<DetectScope> detects = threadScopes.get() > 0 ? local.get().detects : List.of();
    if (callbacks.isEmpty() && detects.isEmpty()) {
      return;
    }
    Command c = call.command();
    boolean lazy = c == Command.SCAN || c == Command.GET_MATCH;
    Object shown = lazy ? null : unwrapResult(result);
    if (call instanceof Command.GetMany || call instanceof Command.DeleteMany) {
      List<String> keys = call instanceof Command.GetMany ? ((Command.GetMany) call).keys() : ((Command.DeleteMany) call).keys();
      for (int i = 0; i < keys.size(); i++) {
        Object each = c == Command.GET_MANY ? ((List<Object>) shown).get(i) : shown;
        notify(r, c, keys.get(i), each, c == Command.GET_MANY && ((List<Object>) result).get(i) != null, detects);
      }
    } else if (call instanceof Command.SetMany) {
      for (String key : ((Command.SetMany) call).values().keySet()) {
        notify(r, c, key, null, false, detects);
      }
    } else {
      String key = call.key();
      String subject = key != null ? key : call.pattern() != null ? call.pattern() : "";
      notify(r, c, subject, shown, c.isRead() && !lazy && result != null, detects);
    }
  }

  private static @Nullable Object unwrapResult(@Nullable Object result) {
    if (result instanceof List) {
      List<?> list = (List<?>) result;
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(NullValue.unwrap(o));
      }
      return out;
    }
    return NullValue.unwrap(result);
  }

  private void notify(Route r, Command c, String key, @Nullable Object result, boolean hit, List<DetectScope> detects) {
    for (CallbackScope cb : callbacks) {
      if ((cb.mask & (1L << c.ordinal())) != 0) {
        try {
          cb.callback.onResult(c, key, result);
        } catch (RuntimeException | Error e) {
          log.warn("a callback failed on " + c + " '" + key + "'; the command's result stands", e);
        }
      }
    }
    if (!detects.isEmpty()) {
      ThreadState state = local.get();
      Detect.Call call = new Detect.Call(key, c, r.name, hit, state.strategy, state.strategyTtl);
      for (DetectScope d : detects) {
        d.record(call);
      }
    }
  }

  private static String key(String key) {
    return Objects.requireNonNull(key, "key");
  }

  private static String pattern(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("pattern is empty; use \"*\" to match every key");
    }
    return pattern;
  }

  private static @Nullable Duration ttl(@Nullable Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl + "; pass null to store without expiry");
    }
    return ttl;
  }

  private static Duration requiredTtl(Duration ttl, String what) {
    Objects.requireNonNull(ttl, what);
    return Objects.requireNonNull(ttl(ttl));
  }

  private static <T> T as(Class<T> type, @Nullable Object result, Command c) {
    if (type.isInstance(result)) {
      return type.cast(result);
    }
    throw new IllegalStateException(
        "a middleware returned " + (result == null ? "null" : "a " + result.getClass().getName()) + " for " + c
            + "; it must return a " + type.getSimpleName());
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

  private boolean doSet(String key, @Nullable Object value, @Nullable Duration ttl, Backend.SetMode mode) {
    Route r = route(key(key));
    Object stored = NullValue.wrap(value);
    ttl(ttl);
    if (plain(r)) {
      return r.backend.set(key, stored, ttl, mode);
    }
    return as(Boolean.class, exec(r, new Command.Set(key, stored, ttl, mode)), Command.SET);
  }

  @Override
  public boolean setRaw(String key, Object value, @Nullable Duration ttl) {
    Route r = route(key(key));
    Objects.requireNonNull(value, "value");
    ttl(ttl);
    return as(Boolean.class, exec(r, new Command.SetRaw(key, value, ttl)), Command.SET_RAW);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void setMany(Map<String, ?> values, @Nullable Duration ttl) {
    Objects.requireNonNull(values, "values");
    ttl(ttl);
    Map<Route, Map<String, Object>> groups = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> groups.computeIfAbsent(route(key(k)), x -> new LinkedHashMap<>()).put(k, NullValue.wrap(v)));
    groups.forEach((r, group) -> exec(r, new Command.SetMany(group, ttl)));
  }

  @Override
  public <T> @Nullable T get(String key) {
    return get(key, null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(String key, @Nullable T defaultValue) {
    Route r = route(key(key));
    Object v = plain(r) ? r.backend.get(key) : exec(r, new Command.Get(key));
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
    Route r = route(key(key));
    Object v;
    if (plain(r)) {
      v = r.backend.get(key);
    } else if (threadScopes.get() > 0 && !local.get().detects.isEmpty()) {
      ThreadState state = local.get();
      state.strategy = strategy;
      state.strategyTtl = ttl;
      try {
        v = exec(r, new Command.Get(key));
      } finally {
        state.strategy = null;
        state.strategyTtl = null;
      }
    } else {
      v = exec(r, new Command.Get(key));
    }
    // a counter read without a signature is never a generated method's value: every value they store is signed
    return v == null || v instanceof UnsignedCounter ? miss : NullValue.unwrap(v);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T getOrSet(String key, Supplier<? extends @Nullable T> supplier, @Nullable Duration ttl) {
    Route r = route(key(key));
    Objects.requireNonNull(supplier, "supplier");
    ttl(ttl);
    Object v = plain(r) ? r.backend.get(key) : exec(r, new Command.Get(key));
    if (v != null) {
      return (T) NullValue.unwrap(v);
    }
    T value = supplier.get();
    doSet(key, value, ttl, Backend.SetMode.ALWAYS);
    return value;
  }

  @Override
  public @Nullable Object getRaw(String key) {
    Route r = route(key(key));
    return exec(r, new Command.GetRaw(key));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<@Nullable Object> getMany(String... keys) {
    Objects.requireNonNull(keys, "keys");
    Object[] out = new Object[keys.length];
    Map<Route, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      groups.computeIfAbsent(route(key(keys[i])), x -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Route, List<Integer>> g : groups.entrySet()) {
      List<Integer> positions = g.getValue();
      List<String> groupKeys = new ArrayList<>(positions.size());
      for (int p : positions) {
        groupKeys.add(keys[p]);
      }
      List<Object> values = as(List.class, exec(g.getKey(), new Command.GetMany(groupKeys)), Command.GET_MANY);
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
    Route r = route(pattern(pattern));
    batch(batchSize);
    Iterator<Map.Entry<String, Object>> it =
        as(Iterator.class, exec(r, new Command.GetMatch(pattern, batchSize)), Command.GET_MATCH);
    return stream(it).map(e -> {
      Object v = e.getValue();
      return v == NullValue.INSTANCE || v instanceof UnsignedCounter
          ? new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), NullValue.unwrap(v))
          : e;
    });
  }

  private static void batch(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
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
    Route r = route(key(key));
    ttl(ttl);
    if (plain(r)) {
      return r.backend.incr(key, by, ttl);
    }
    return as(Long.class, exec(r, new Command.Incr(key, by, ttl)), Command.INCR);
  }

  // ---------------------------------------------------------------- keys

  @Override
  public boolean exists(String key) {
    Route r = route(key(key));
    return plain(r) ? r.backend.exists(key) : as(Boolean.class, exec(r, new Command.Exists(key)), Command.EXISTS);
  }

  @Override
  public boolean delete(String key) {
    Route r = route(key(key));
    return plain(r) ? r.backend.delete(key) : as(Boolean.class, exec(r, new Command.Delete(key)), Command.DELETE);
  }

  @Override
  public long deleteMany(String... keys) {
    Objects.requireNonNull(keys, "keys");
    Map<Route, List<String>> groups = new LinkedHashMap<>();
    for (String k : keys) {
      groups.computeIfAbsent(route(key(k)), x -> new ArrayList<>()).add(k);
    }
    long n = 0;
    for (Map.Entry<Route, List<String>> g : groups.entrySet()) {
      n += as(Long.class, exec(g.getKey(), new Command.DeleteMany(g.getValue())), Command.DELETE_MANY);
    }
    return n;
  }

  @Override
  public long deleteMatch(String pattern) {
    Route r = route(pattern(pattern));
    return as(Long.class, exec(r, new Command.DeleteMatch(pattern)), Command.DELETE_MATCH);
  }

  @Override
  public Stream<String> scan(String pattern) {
    return scan(pattern, DEFAULT_BATCH);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Stream<String> scan(String pattern, int batchSize) {
    Route r = route(pattern(pattern));
    batch(batchSize);
    return stream(as(Iterator.class, exec(r, new Command.Scan(pattern, batchSize)), Command.SCAN));
  }

  @Override
  public boolean expire(String key, Duration ttl) {
    Route r = route(key(key));
    return as(Boolean.class, exec(r, new Command.Expire(key, requiredTtl(ttl, "ttl"))), Command.EXPIRE);
  }

  @Override
  public long getExpire(String key) {
    Route r = route(key(key));
    return as(Long.class, exec(r, new Command.GetExpire(key)), Command.GET_EXPIRE);
  }

  @Override
  public String ping() {
    return ping("PING");
  }

  @Override
  public String ping(String message) {
    Objects.requireNonNull(message, "message");
    Route r = routeOrNull("");
    if (r == null) {
      Route[] rs = routes;
      if (rs.length == 0) {
        throw notConfigured("", rs);
      }
      r = rs[rs.length - 1];
    }
    Object result = exec(r, new Command.Ping(message));
    return result == null ? "" : as(String.class, result, Command.PING);
  }

  @Override
  public void clear() {
    for (Route r : configured()) {
      exec(r, new Command.Clear());
    }
  }

  @Override
  public long getKeysCount() {
    long n = 0;
    for (Route r : configured()) {
      n += as(Long.class, exec(r, new Command.GetKeysCount()), Command.GET_KEYS_COUNT);
    }
    return n;
  }

  private Route[] configured() {
    Route[] rs = routes;
    if (rs.length == 0) {
      throw notConfigured("", rs);
    }
    return rs;
  }

  @Override
  public long getSize(String key) {
    Route r = route(key(key));
    return as(Long.class, exec(r, new Command.GetSize(key)), Command.GET_SIZE);
  }

  // ---------------------------------------------------------------- locks

  @Override
  public boolean isLocked(String key) {
    Route r = route(key(key));
    return as(Boolean.class, exec(r, new Command.IsLocked(key)), Command.IS_LOCKED);
  }

  @Override
  public boolean isLocked(String key, Duration wait) {
    Objects.requireNonNull(wait, "wait");
    long deadline = System.nanoTime() + wait.toNanos();
    long step = TimeUnit.MILLISECONDS.toNanos(10);
    while (isLocked(key)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      if (!sleep(Math.min(step, left))) {
        return isLocked(key);
      }
      step = Math.min(step * 2, TimeUnit.MILLISECONDS.toNanos(100));
    }
    return false;
  }

  private static boolean sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Lock lock(String key, Duration ttl) {
    return lock(key, ttl, ttl);
  }

  @Override
  public Lock lock(String key, Duration ttl, Duration wait) {
    Route r = route(key(key));
    requiredTtl(ttl, "ttl");
    Objects.requireNonNull(wait, "wait");
    if (disabled(r, Command.SET_LOCK)) {
      // a lock is never reported held unless the backend confirmed it
      throw new LockedException(
          "cannot lock '" + key + "': SET_LOCK is disabled on this cache, so no backend can confirm the lock");
    }
    String value = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + wait.toNanos();
    long step = TimeUnit.MILLISECONDS.toNanos(5);
    while (true) {
      boolean taken;
      try {
        taken = setLock(key, value, ttl);
      } catch (RuntimeException | Error e) {
        releaseQuietly(r, key, value, e); // a middleware may throw after the lock was taken
        throw e;
      }
      if (taken) {
        return new HeldLock(key, value, false);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new LockedException(
            "key '" + key + "' is already locked, or the backend did not confirm the lock"
                + (wait.isZero() ? "" : " (waited " + wait + ")"));
      }
      if (!sleep(Math.min(step, left))) {
        throw new LockedException("interrupted while waiting for the lock on '" + key + "'");
      }
      step = Math.min(step * 2, TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  private void releaseQuietly(Route r, String key, String value, Throwable cause) {
    try {
      r.backend.unlock(key, value);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public boolean setLock(String key, String value, Duration ttl) {
    Route r = route(key(key));
    Objects.requireNonNull(value, "value");
    return as(Boolean.class, exec(r, new Command.SetLock(key, value, requiredTtl(ttl, "ttl"))), Command.SET_LOCK);
  }

  @Override
  public boolean unlock(String key, String value) {
    Route r = route(key(key));
    Objects.requireNonNull(value, "value");
    return as(Boolean.class, exec(r, new Command.Unlock(key, value)), Command.UNLOCK);
  }

  /** A lock taken by {@link #lock}; closing releases it through the commands, or directly if they fail. */
  private final class HeldLock implements Lock {
    private final String key;
    private final String value;
    private final AtomicBoolean closed;

    HeldLock(String key, String value, boolean noop) {
      this.key = key;
      this.value = value;
      this.closed = new AtomicBoolean(noop);
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public String value() {
      return value;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        unlock(key, value);
      } catch (RuntimeException | Error e) {
        Route r = routeOrNull(key);
        if (r != null) {
          releaseQuietly(r, key, value, e); // never leave the lock held because a middleware threw
        }
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- building blocks

  @Override
  public long sliceIncr(String key, long start, long end, long maxValue, @Nullable Duration ttl) {
    Route r = route(key(key));
    if (start > end) {
      throw new IllegalArgumentException("sliceIncr window start " + start + " is after its end " + end);
    }
    if (maxValue < 1) {
      throw new IllegalArgumentException("sliceIncr maxValue must be positive, was " + maxValue);
    }
    ttl(ttl);
    return as(Long.class, exec(r, new Command.SliceIncr(key, start, end, maxValue, ttl)), Command.SLICE_INCR);
  }

  @Override
  public long[] incrBits(String key, int size, long by, long... indexes) {
    Route r = route(key(key));
    checkBits(size, indexes);
    return as(long[].class, exec(r, new Command.IncrBits(key, size, by, indexes)), Command.INCR_BITS);
  }

  @Override
  public long[] getBits(String key, int size, long... indexes) {
    Route r = route(key(key));
    checkBits(size, indexes);
    return as(long[].class, exec(r, new Command.GetBits(key, size, indexes)), Command.GET_BITS);
  }

  private static void checkBits(int size, long[] indexes) {
    Objects.requireNonNull(indexes, "indexes");
    if (size < 1 || size > 63) {
      throw new IllegalArgumentException("bit counter size must be from 1 to 63, was " + size);
    }
    for (long i : indexes) {
      if (i < 0) {
        throw new IllegalArgumentException("bit index must not be negative, was " + i);
      }
    }
  }

  @Override
  public long setAdd(String key, @Nullable Duration ttl, String... members) {
    Route r = route(key(key));
    ttl(ttl);
    members(members);
    return as(Long.class, exec(r, new Command.SetAdd(key, ttl, Arrays.asList(members))), Command.SET_ADD);
  }

  @Override
  public long setRemove(String key, String... members) {
    Route r = route(key(key));
    members(members);
    return as(Long.class, exec(r, new Command.SetRemove(key, Arrays.asList(members))), Command.SET_REMOVE);
  }

  private static void members(String[] members) {
    Objects.requireNonNull(members, "members");
    for (int i = 0; i < members.length; i++) {
      Objects.requireNonNull(members[i], "members[" + i + "]");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> setPop(String key, int count) {
    Route r = route(key(key));
    if (count < 1) {
      throw new IllegalArgumentException("setPop count must be positive, was " + count);
    }
    return as(List.class, exec(r, new Command.SetPop(key, count)), Command.SET_POP);
  }

  // ---------------------------------------------------------------- control

  private static long mask(Command... commands) {
    Objects.requireNonNull(commands, "commands");
    if (commands.length == 0) {
      return ALL;
    }
    long m = 0;
    for (Command c : commands) {
      m |= 1L << Objects.requireNonNull(c, "command").ordinal();
    }
    return m;
  }

  @Override
  public Cache disable(Command... commands) {
    long m = mask(commands);
    synchronized (setupLock) {
      for (Route r : routes) {
        r.disabled |= m;
      }
    }
    return this;
  }

  @Override
  public Cache enable(Command... commands) {
    long m = mask(commands);
    synchronized (setupLock) {
      for (Route r : routes) {
        r.disabled &= ~m;
      }
    }
    return this;
  }

  @Override
  public boolean isDisabled(Command... commands) {
    return isDisabled("", commands);
  }

  @Override
  public boolean isDisabled(String key, Command... commands) {
    long m = mask(commands);
    Route r = routeOrNull(key(key));
    long d = (r == null ? 0 : r.disabled) | (threadScopes.get() > 0 ? local.get().disabled : 0);
    return (d & m) != 0;
  }

  @Override
  public Scope disabling(Command... commands) {
    long m = mask(commands);
    ThreadState state = local.get();
    long previous = state.disabled;
    state.disabled |= m;
    threadScopes.incrementAndGet();
    updateHooks();
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        state.disabled = previous;
        threadScopes.decrementAndGet();
        updateHooks();
      }
    };
  }

  @Override
  public Scope callback(Callback callback, Command... commands) {
    CallbackScope scope = new CallbackScope(Objects.requireNonNull(callback, "callback"), mask(commands));
    callbacks.add(scope);
    updateHooks();
    return scope;
  }

  private final class CallbackScope implements Scope {
    final Callback callback;
    final long mask;

    CallbackScope(Callback callback, long mask) {
      this.callback = callback;
      this.mask = mask;
    }

    @Override
    public void close() {
      if (callbacks.remove(this)) {
        updateHooks();
      }
    }
  }

  @Override
  public Detect detect() {
    ThreadState state = local.get();
    DetectScope d = new DetectScope(state);
    state.detects.add(d);
    threadScopes.incrementAndGet();
    updateHooks();
    return d;
  }

  private final class DetectScope implements Detect {
    private final ThreadState state;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    DetectScope(ThreadState state) {
      this.state = state;
    }

    void record(Call call) {
      calls.add(call);
    }

    @Override
    public Map<String, List<Call>> calls() {
      Map<String, List<Call>> byKey = new LinkedHashMap<>();
      for (Call c : calls) {
        byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
      return byKey;
    }

    @Override
    public List<Call> list() {
      return List.copyOf(calls);
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        state.detects.remove(this);
        threadScopes.decrementAndGet();
        updateHooks();
      }
    }
  }

  @Override
  public void close() {
    Route[] closing;
    synchronized (setupLock) {
      closing = routes;
      routes = NONE;
    }
    async.close();
    RuntimeException failure = null;
    for (Route r : closing) {
      try {
        r.backend.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Cache[");
    for (Route r : routes) {
      sb.append(sb.length() == 6 ? "" : ", ").append(r.name);
    }
    return sb.append(']').toString();
  }
}
