package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.KeyContext;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Hit} (cashews' {@code hit}). The result is stored at
 * the key for {@code ttl}, and every call that finds it adds one to the counter {@code
 * <key>:counter} (created with the same TTL). The result is served while {@code 1 <= hits <=
 * cacheHits}; beyond that the method runs again and its result is stored, the counter deleted
 * (cashews' {@code hit-03}, {@code hit-04}). With {@code updateAfter > 0}, the call that makes
 * {@code updateAfter} hits still gets the stored result and starts a recomputation in the
 * background ({@code SiteAccess.background}); a failed one is logged and the old result stays.
 *
 * <pre>{@code
 * String key = "hit:com.example.Banners.banner:slot:" + KeyParts.exact(slot);
 * return bannerHit.call(key, () -> delegate.banner(slot));
 * }</pre>
 *
 * A stored value of another type is a miss, logged at most once a minute, and is overwritten; a
 * counter that is not a number is logged and the call recomputes (the store deletes it).
 *
 * @param <T> the method's result type (boxed)
 */
public final class HitSite<T> implements Step<T> {
  /** The strategy name {@code detect} reports. */
  private static final String STRATEGY = "hit";
  private static final Object MISS = CachedSite.MISS;
  /** What {@link #count} answers when the counter could not be read: recompute. */
  private static final long BROKEN = Long.MAX_VALUE;

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final Duration ttl;
  private final int cacheHits;
  private final int updateAfter;
  private final @Nullable Class<?> type;
  private final boolean inner;
  /** The keys this process is recomputing in the background. */
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final RateLimitedLog log;

  private HitSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = Sites.positive(b.ttl, "the ttl of a @Hit step", b.name);
    if (b.cacheHits == null) {
      throw new NullPointerException(b.name + ": the cacheHits of a @Hit step is required");
    }
    this.cacheHits = b.cacheHits;
    this.updateAfter = b.updateAfter;
    this.type = b.type;
    this.inner = b.inner;
    this.log = new RateLimitedLog(b.logger, Duration.ofMinutes(1));
  }

  /** Starts the description of a {@code @Hit} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    return call(key, next, Sites.NO_TAGS);
  }

  /**
   * As {@link #call(String, CachedSite.Loader)}, adding the stored key and its counter {@code
   * <key>:counter} to {@code tags} ({@code @Hit(tags = ...)}, rendered for this call; cashews'
   * {@code hit-05}), also when the background recomputation stores it, so {@code cache.deleteTags}
   * removes both.
   */
  public T call(String key, CachedSite.Loader<T> next, String... tags) {
    Object stored = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
    if (stored != MISS) {
      long hits;
      try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
        hits = cache.incr(key + ":counter", 1, ttl);
      } catch (RuntimeException e) {
        hits = broken(key, e);
      }
      if (serves(hits)) {
        if (hits == updateAfter) {
          refresh(key, () -> refreshNow(key, next, tags));
        }
        return served(stored);
      }
    }
    return compute(key, next, tags);
  }

  private boolean serves(long hits) {
    return hits >= 1 && hits <= cacheHits;
  }

  private long broken(String key, Throwable e) {
    log.warn(name + ": counting hits at '" + key + ":counter' failed; the call recomputes: " + e, e);
    return BROKEN;
  }

  private T compute(String key, CachedSite.Loader<T> next, String[] tags) {
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
    if (Served.take()) { // an inner step answered from the store: pass it on, never store it as fresh
      if (inner) {
        Served.mark();
      }
      return value;
    }
    storeFresh(key, value, tags);
    return value;
  }

  /** Stores a fresh result and restarts its count (synchronously); the counter joins the tags. */
  private void storeFresh(String key, @Nullable T value, String[] tags) {
    Sites.store(cache, access, STRATEGY, log, name, key, value, ttl, tags);
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      cache.delete(key + ":counter");
      for (String tag : tags) { // after the delete, which would take it out of a registered tag
        cache.setAdd(Sites.tagSet(tag), ttl, key + ":counter");
      }
    } catch (RuntimeException e) {
      log.warn(name + ": restarting the count at '" + key + ":counter' failed: " + e, e);
    }
  }

  private void refresh(String key, Runnable work) {
    if (!refreshing.add(key)) {
      return;
    }
    try {
      Runnable inContext = Sites.inCallersContext(work); // inner steps render their keys as the caller would
      access.background(key).execute(() -> {
        try {
          inContext.run();
        } catch (Throwable t) {
          finish(key, t);
        }
      });
    } catch (RuntimeException e) { // a closed cache, a saturated executor
      finish(key, e);
    }
  }

  private void refreshNow(String key, CachedSite.Loader<T> next, String[] tags) {
    try {
      Served.take();
      T value = next.load();
      if (!Served.take()) {
        storeFresh(key, value, tags);
      }
      finish(key, null);
    } catch (Throwable t) {
      finish(key, t);
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
   * The same for a method returning a {@code CompletionStage}: on memory the lookup, the count and
   * the store run inline, on a backend doing I/O through {@code cache.async()}, so the caller's
   * thread never waits for the backend.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next) {
    return callAsync(key, next, Sites.NO_TAGS);
  }

  /** As {@link #callAsync(String, CachedSite.AsyncLoader)}, adding the key and its counter to {@code tags}. */
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next, String... tags) {
    Object now = access.lookupNow(key, MISS, Sites.PENDING, STRATEGY, ttl);
    if (now != Sites.PENDING) {
      Object stored = checked(key, now);
      if (stored == MISS) {
        return computeAsync(key, next, tags);
      }
      long hits;
      try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
        hits = cache.incr(key + ":counter", 1, ttl);
      } catch (RuntimeException e) {
        hits = broken(key, e);
      }
      return decideAsync(key, stored, hits, next, tags);
    }
    Served.Future<T> out = new Served.Future<>();
    Map<String, Object> context = KeyContext.snapshot(); // inner steps may render their keys on the backend's thread
    access.lookupAsync(key, MISS, STRATEGY, ttl).whenComplete((found, error) -> {
      if (error != null) {
        out.completeExceptionally(Sites.unwrap(error));
        return;
      }
      Object stored = checked(key, found);
      if (stored == MISS) {
        try (KeyContext.Scope scope = Sites.reopen(context)) {
          Sites.relay(computeAsync(key, next, tags), out, inner);
        }
        return;
      }
      CompletionStage<Long> counted;
      try {
        counted = cache.async().incr(key + ":counter", 1, ttl);
      } catch (RuntimeException e) {
        counted = CompletableFuture.failedFuture(e);
      }
      counted.whenComplete((hits, incrFailed) -> {
        CompletableFuture<T> answer;
        try (KeyContext.Scope scope = Sites.reopen(context)) {
          answer = decideAsync(key, stored, incrFailed != null ? broken(key, Sites.unwrap(incrFailed)) : hits, next, tags);
        } catch (Throwable t) {
          answer = CompletableFuture.failedFuture(t);
        }
        Sites.relay(answer, out, inner);
      });
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<T> decideAsync(
      String key, @Nullable Object stored, long hits, CachedSite.AsyncLoader<T> next, String[] tags) {
    if (!serves(hits)) {
      return computeAsync(key, next, tags);
    }
    if (hits == updateAfter) {
      refresh(key, () -> refreshAsync(key, next, tags));
    }
    return inner ? Served.completed((T) stored) : CompletableFuture.completedFuture((T) stored);
  }

  private CompletableFuture<T> computeAsync(String key, CachedSite.AsyncLoader<T> next, String[] tags) {
    CompletionStage<T> stage = Sites.start(name, next);
    Served.Future<T> out = new Served.Future<>();
    stage.whenComplete((value, error) -> {
      if (error != null) {
        out.completeExceptionally(Sites.unwrap(error));
      } else if (Served.from(stage)) {
        if (inner) {
          out.completeServed(value);
        } else {
          out.complete(value);
        }
      } else {
        try {
          storeFreshAsync(key, value, tags);
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
   * Stores a fresh result and restarts its count: inline on memory, else through {@code
   * cache.async()}, the counter deleted first, so whoever reads the new result counts from zero.
   */
  private void storeFreshAsync(String key, @Nullable T value, String[] tags) {
    if (!access.blocking(key)) {
      storeFresh(key, value, tags);
      return;
    }
    CompletionStage<Boolean> deleting;
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      deleting = cache.async().delete(key + ":counter");
    }
    deleting.whenComplete((deleted, d) -> {
      if (d != null) {
        log.warn(name + ": deleting '" + key + ":counter' failed: " + d, d);
      }
      (tags.length == 0 ? cache.async().set(key, value, ttl) : cache.async().set(key, value, ttl, List.of(tags)))
          .whenComplete((written, e) -> {
            if (e != null) {
              log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
              return;
            }
            for (String tag : tags) { // after the delete, which would take it out of a registered tag
              cache.async().setAdd(Sites.tagSet(tag), ttl, key + ":counter").whenComplete((added, a) -> {
                if (a != null) {
                  log.warn(name + ": adding '" + key + ":counter' to tag '" + tag + "' failed: " + a, a);
                }
              });
            }
          });
    });
  }

  /** The background recomputation of an asynchronous method; the store runs back on the background executor. */
  private void refreshAsync(String key, CachedSite.AsyncLoader<T> next, String[] tags) {
    Executor background = access.background(key);
    CompletionStage<T> stage = Sites.start(name, next);
    stage.whenCompleteAsync((value, error) -> {
      if (error != null) {
        finish(key, Sites.unwrap(error));
        return;
      }
      try {
        if (!Served.from(stage)) {
          storeFresh(key, value, tags);
        }
        finish(key, null);
      } catch (Throwable t) {
        finish(key, t);
      }
    }, background);
  }

  @SuppressWarnings("unchecked")
  private T served(@Nullable Object value) {
    if (inner) {
      Served.mark();
    }
    return (T) value;
  }

  /**
   * {@code stored}, or {@link CachedSite#MISS} when the method cannot return it: a value of another
   * type, or the record of another strategy ({@code Stamped}, a cached exception), is logged.
   */
  private @Nullable Object checked(String key, @Nullable Object stored) {
    if (stored == MISS || stored == null) {
      return stored;
    }
    boolean foreign = stored instanceof Stamped || stored instanceof CachedSite.CachedFailure;
    if (foreign || (type != null && !type.isInstance(stored))) {
      log.warn(name + ": key '" + key + "' holds a " + stored.getClass().getName() + " where "
          + (type == null ? "a plain result" : "a " + type.getName()) + " was expected; read as a miss", null);
      return MISS;
    }
    return stored;
  }

  @Override
  public String toString() {
    return "HitSite[" + name + "]";
  }

  /** Describes a {@code @Hit} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private @Nullable Integer cacheHits;
    private int updateAfter;
    private @Nullable Class<?> type;
    private boolean inner;
    private System.Logger logger = System.getLogger("dev.kaju");

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long a result is kept at most (the counter too). */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Sites.positive(ttl, "ttl", name);
      return this;
    }

    /** How many hits a result serves before it is recomputed; at least 1. */
    public Builder<T> cacheHits(int cacheHits) {
      if (cacheHits < 1) {
        throw new IllegalArgumentException(name + ": cacheHits must be at least 1, was " + cacheHits);
      }
      this.cacheHits = cacheHits;
      return this;
    }

    /** The hit that starts a background recomputation; 0 (the default): none. */
    public Builder<T> updateAfter(int updateAfter) {
      if (updateAfter < 0) {
        throw new IllegalArgumentException(name + ": updateAfter must be 0 (never) or positive, was " + updateAfter);
      }
      this.updateAfter = updateAfter;
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

    public HitSite<T> build() {
      return new HitSite<>(this);
    }
  }
}
