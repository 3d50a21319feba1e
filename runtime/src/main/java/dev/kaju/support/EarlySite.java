package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.KeyContext;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Early} (cashews' {@code early}). A result is stored
 * as a {@link Stamped} whose time is its early expiry ({@code earlyTtl} after it was computed, by
 * {@code Settings.clock}); the entry itself lives {@code ttl}. Before the early expiry the call is a
 * hit; after it the call still returns the stored result at once, and one recomputation runs in
 * the background ({@code SiteAccess.background}): one per key in this process, and one across
 * processes by the lock {@code <key>:lock} taken with {@code SET NX} for {@code earlyTtl} (cashews'
 * {@code early-05}), released after. A failed recomputation is logged and the old result stays.
 *
 * <pre>{@code
 * String key = "early:com.example.Items.items:page:" + KeyParts.exact(page);
 * return itemsEarly.call(key, () -> delegate.items(page));
 * }</pre>
 *
 * On a miss the method runs in the caller, concurrent callers of one key in this process sharing
 * one call (cashews' {@code protected=True}). A stored value of another shape is a miss, logged at
 * most once a minute, and is overwritten.
 *
 * @param <T> the method's result type (boxed)
 */
public final class EarlySite<T> implements Step<T> {
  /** The strategy name {@code detect} reports. */
  private static final String STRATEGY = "early";
  private static final Object MISS = CachedSite.MISS;

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final Duration ttl;
  private final Duration earlyTtl;
  private final @Nullable Class<?> type;
  private final boolean inner;
  private final Flights<T> flights = new Flights<>();
  /** The keys this process is recomputing in the background. */
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final RateLimitedLog log;

  private EarlySite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = Sites.positive(b.ttl, "the ttl of an @Early step", b.name);
    this.earlyTtl = b.earlyTtl != null ? b.earlyTtl : ttl.dividedBy(3);
    this.type = b.type;
    this.inner = b.inner;
    this.log = new RateLimitedLog(b.logger, Duration.ofMinutes(1));
  }

  /** Starts the description of an {@code @Early} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    return call(key, next, Sites.NO_TAGS);
  }

  /**
   * As {@link #call(String, CachedSite.Loader)}, adding the stored key to {@code tags}
   * ({@code @Early(tags = ...)}, rendered for this call), also when the background recomputation
   * stores it, so {@code cache.deleteTags} removes it.
   */
  public T call(String key, CachedSite.Loader<T> next, String... tags) {
    Stamped stored = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
    if (stored == null) {
      return flights.call(key, inner, () -> {
        // stored while we were arriving (a caller that missed just before another's store)?
        Stamped again = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
        return again != null ? served(again.value()) : compute(key, next, tags);
      });
    }
    if (!fresh(key, stored)) {
      refresh(key, () -> refreshNow(key, next, tags));
    }
    return served(stored.value());
  }

  private T compute(String key, CachedSite.Loader<T> next, String[] tags) throws Throwable {
    Served.take();
    T value = next.load();
    if (Served.take()) { // an inner step answered from the store: pass it on, never store it as fresh
      if (inner) {
        Served.mark();
      }
      return value;
    }
    Sites.store(cache, access, STRATEGY, log, name, key, stamp(key, value), ttl, tags);
    return value;
  }

  /**
   * Starts {@code work} on the background executor unless this process is recomputing {@code key}
   * already; {@code work} ends by calling {@link #finish} or {@link #release}. It runs inside the
   * caller's {@code KeyContext}, so inner steps render their keys as the caller would.
   */
  private void refresh(String key, Runnable work) {
    if (!refreshing.add(key)) {
      return;
    }
    try {
      Executor background = access.background(key);
      Runnable inContext = Sites.inCallersContext(work);
      background.execute(() -> {
        try {
          inContext.run();
        } catch (Throwable t) { // work reports its own failures; this is the last guard
          finish(key, t);
        }
      });
    } catch (RuntimeException e) { // a closed cache, a saturated executor
      finish(key, e);
    }
  }

  /** The background recomputation of a synchronous method: on a thread of the background executor. */
  private void refreshNow(String key, CachedSite.Loader<T> next, String[] tags) {
    String token = UUID.randomUUID().toString();
    String lock = key + ":lock";
    if (!cache.setLock(lock, token, earlyTtl)) {
      finish(key, null); // another process recomputes it
      return;
    }
    try {
      if (recomputedMeanwhile(key)) {
        release(key, lock, token, null);
        return;
      }
      Served.take();
      T value = next.load();
      if (!Served.take()) {
        Sites.store(cache, access, STRATEGY, log, name, key, stamp(key, value), ttl, tags);
      }
      release(key, lock, token, null);
    } catch (Throwable t) {
      release(key, lock, token, t);
    }
  }

  /** Whether the stored result is fresh again (a recomputation finished just before the lock was taken). */
  private boolean recomputedMeanwhile(String key) {
    Stamped now = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
    return now != null && fresh(key, now);
  }

  private void release(String key, @Nullable String lock, @Nullable String token, @Nullable Throwable failure) {
    try {
      if (lock != null && token != null) {
        cache.unlock(lock, token);
      }
    } catch (RuntimeException e) {
      log.warn(name + ": releasing '" + lock + "' failed; it expires with its TTL: " + e, e);
    } finally {
      finish(key, failure);
    }
  }

  private void finish(String key, @Nullable Throwable failure) {
    refreshing.remove(key);
    if (failure != null) {
      log.warn(name + ": the background recomputation of key '" + key + "' failed; the old result stays: " + failure,
          failure);
      if (failure instanceof VirtualMachineError) {
        throw (VirtualMachineError) failure;
      }
    }
  }

  /**
   * The same for a method returning a {@code CompletionStage}: on memory the lookup and the store
   * run inline, on a backend doing I/O asynchronously, so the caller's thread never waits for it.
   * The background recomputation takes the lock and stores on the background executor.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next) {
    return callAsync(key, next, Sites.NO_TAGS);
  }

  /** As {@link #callAsync(String, CachedSite.AsyncLoader)}, adding the stored key to {@code tags}. */
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next, String... tags) {
    Object now = access.lookupNow(key, MISS, Sites.PENDING, STRATEGY, ttl);
    if (now != Sites.PENDING) {
      return decideAsync(key, now, next, tags);
    }
    return Sites.afterLookup(access, key, STRATEGY, ttl, inner, stored -> decideAsync(key, stored, next, tags));
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<T> decideAsync(
      String key, @Nullable Object found, CachedSite.AsyncLoader<T> next, String[] tags) {
    Stamped stored = checked(key, found);
    if (stored == null) {
      return flights.callAsync(key, inner, () -> computeAsync(key, next, tags));
    }
    if (!fresh(key, stored)) {
      refresh(key, () -> refreshAsync(key, next, tags));
    }
    return inner ? Served.completed((T) stored.value()) : CompletableFuture.completedFuture((T) stored.value());
  }

  private CompletableFuture<T> computeAsync(String key, CachedSite.AsyncLoader<T> next, String[] tags) {
    CompletionStage<T> stage = Sites.start(name, next);
    Served.Future<T> out = new Served.Future<>();
    stage.whenComplete((value, error) -> {
      if (error != null) {
        out.completeExceptionally(Sites.unwrap(error));
      } else if (Served.from(stage)) {
        out.completeServed(value);
      } else {
        try {
          Sites.storeAsync(cache, access, STRATEGY, log, name, key, stamp(key, value), ttl, tags);
        } catch (Throwable t) {
          log.warn(name + ": storing key '" + key + "' failed: " + t, t);
        } finally {
          out.complete(value);
        }
      }
    });
    return out;
  }

  /**
   * The background recomputation of an asynchronous method, on a thread of the background
   * executor; the result is stored and the lock released back on that executor, never on the
   * thread that completed the method's future.
   */
  private void refreshAsync(String key, CachedSite.AsyncLoader<T> next, String[] tags) {
    String token = UUID.randomUUID().toString();
    String lock = key + ":lock";
    if (!cache.setLock(lock, token, earlyTtl)) {
      finish(key, null);
      return;
    }
    Executor background;
    try {
      background = access.background(key);
      if (recomputedMeanwhile(key)) {
        release(key, lock, token, null);
        return;
      }
    } catch (Throwable t) {
      release(key, lock, token, t);
      return;
    }
    CompletionStage<T> stage = Sites.start(name, next);
    stage.whenCompleteAsync((value, error) -> {
      if (error != null) {
        release(key, lock, token, Sites.unwrap(error));
        return;
      }
      try {
        if (!Served.from(stage)) {
          Sites.store(cache, access, STRATEGY, log, name, key, stamp(key, value), ttl, tags);
        }
        release(key, lock, token, null);
      } catch (Throwable t) {
        release(key, lock, token, t);
      }
    }, background);
  }

  private Stamped stamp(String key, @Nullable T value) {
    return new Stamped(access.clock(key).millis() + earlyTtl.toMillis(), value);
  }

  private boolean fresh(String key, Stamped stamped) {
    return access.clock(key).millis() < stamped.at();
  }

  @SuppressWarnings("unchecked")
  private T served(@Nullable Object value) {
    if (inner) {
      Served.mark();
    }
    return (T) value;
  }

  private @Nullable Stamped checked(String key, @Nullable Object stored) {
    return Sites.stamped(log, name, key, stored, type);
  }

  @Override
  public String toString() {
    return "EarlySite[" + name + "]";
  }

  /** Describes an {@code @Early} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private @Nullable Duration earlyTtl;
    private @Nullable Class<?> type;
    private boolean inner;
    private System.Logger logger = System.getLogger("dev.kaju");

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long a result is kept: the stored entry's TTL. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Sites.positive(ttl, "ttl", name);
      return this;
    }

    /** After this, a call starts the background recomputation; not given: a third of the ttl, as cashews. */
    public Builder<T> earlyTtl(Duration earlyTtl) {
      this.earlyTtl = Sites.positive(earlyTtl, "earlyTtl", name);
      return this;
    }

    /** The class every stored result is an instance of (see {@link CachedSite.Builder#type}). */
    public Builder<T> type(Class<?> type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** This step runs inside another step of its method (see {@link CachedSite.Builder#inner}). */
    public Builder<T> inner() {
      this.inner = true;
      return this;
    }

    /** Where warnings go (tests); {@code dev.kaju} by default. */
    Builder<T> logger(System.Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    public EarlySite<T> build() {
      return new EarlySite<>(this);
    }
  }
}
