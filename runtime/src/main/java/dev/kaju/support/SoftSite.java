package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Soft} (cashews' {@code soft}). A result is stored as
 * a {@link Stamped} whose time is its soft expiry ({@code softTtl} after it was computed, by {@code
 * Settings.clock}); the entry itself lives {@code ttl}. Before the soft expiry the call is a hit;
 * after it the method runs again: a result is stored fresh, and when the method throws one of the
 * exceptions the old result is returned instead, until {@code ttl} removes it. Any other exception
 * propagates.
 *
 * <pre>{@code
 * String key = "soft:com.example.Rates.rates:currency:" + KeyParts.exact(currency);
 * return ratesSoft.call(key, () -> delegate.rates(currency));
 * }</pre>
 *
 * Concurrent calls of one key in this process that need the method share one call (cashews'
 * {@code protected=True}). A stored value of another shape (not a {@code Stamped}, or holding a
 * result of another type) is a miss, logged at most once a minute, and is overwritten.
 *
 * @param <T> the method's result type (boxed)
 */
public final class SoftSite<T> implements Step<T> {
  /** The strategy name {@code detect} reports. */
  private static final String STRATEGY = "soft";
  private static final Object MISS = CachedSite.MISS;

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final Duration ttl;
  private final Duration softTtl;
  private final List<Class<? extends Throwable>> exceptions;
  private final @Nullable Class<?> type;
  private final boolean inner;
  private final Flights<T> flights = new Flights<>();
  private final RateLimitedLog log;

  private SoftSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = Sites.positive(b.ttl, "the ttl of a @Soft step", b.name);
    this.softTtl = b.softTtl != null ? b.softTtl : ttl.dividedBy(3);
    this.exceptions = List.copyOf(b.exceptions);
    this.type = b.type;
    this.inner = b.inner;
    this.log = new RateLimitedLog(b.logger, Duration.ofMinutes(1));
  }

  /** Starts the description of a {@code @Soft} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    return call(key, next, Sites.NO_TAGS);
  }

  /**
   * As {@link #call(String, CachedSite.Loader)}, adding the stored key to {@code tags}
   * ({@code @Soft(tags = ...)}, rendered for this call), so {@code cache.deleteTags} removes it.
   */
  public T call(String key, CachedSite.Loader<T> next, String... tags) {
    Stamped old = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
    if (old != null && fresh(key, old)) {
      return served(old.value());
    }
    try {
      return flights.call(key, inner, () -> {
        // stored while we were arriving (a caller that missed just before another's store)?
        Stamped again = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
        return again != null && fresh(key, again) ? served(again.value()) : compute(key, old, next, tags);
      });
    } catch (Throwable t) {
      // joined a call that had no old result to fall back on (the entry expired between the lookups)
      if (old != null && Sites.handles(cache, exceptions, t)) {
        return served(old.value());
      }
      throw Sites.sneaky(t);
    }
  }

  private T compute(String key, @Nullable Stamped old, CachedSite.Loader<T> next, String[] tags) {
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      if (old != null && Sites.handles(cache, exceptions, t)) {
        return served(old.value()); // soft-expired and the method failed: the old result until ttl
      }
      throw Sites.sneaky(t);
    }
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
   * The same for a method returning a {@code CompletionStage}: on memory the lookup and the store
   * run inline, on a backend doing I/O asynchronously, so the caller's thread never waits for it.
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

  private CompletableFuture<T> decideAsync(
      String key, @Nullable Object stored, CachedSite.AsyncLoader<T> next, String[] tags) {
    Stamped old = checked(key, stored);
    if (old != null && fresh(key, old)) {
      return servedAsync(old.value());
    }
    CompletableFuture<T> shared = flights.callAsync(key, inner, () -> computeAsync(key, old, next, tags));
    if (old == null) {
      return shared;
    }
    Served.Future<T> out = new Served.Future<>();
    shared.whenComplete((value, error) -> {
      Throwable cause = error == null ? null : Sites.unwrap(error);
      if (cause == null) {
        if (Served.from(shared)) {
          out.completeServed(value);
        } else {
          out.complete(value);
        }
      } else if (Sites.handles(cache, exceptions, cause)) { // joined a call that had no old result
        @SuppressWarnings("unchecked")
        T fallback = (T) old.value();
        if (inner) {
          out.completeServed(fallback);
        } else {
          out.complete(fallback);
        }
      } else {
        out.completeExceptionally(cause);
      }
    });
    return out;
  }

  /** The method's result, stored; or the old result when it failed: a future served when from the store. */
  @SuppressWarnings("unchecked")
  private CompletableFuture<T> computeAsync(
      String key, @Nullable Stamped old, CachedSite.AsyncLoader<T> next, String[] tags) {
    CompletionStage<T> stage = Sites.start(name, next);
    Served.Future<T> out = new Served.Future<>();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        if (Served.from(stage)) {
          out.completeServed(value);
          return;
        }
        try {
          Sites.storeAsync(cache, access, STRATEGY, log, name, key, stamp(key, value), ttl, tags);
        } catch (Throwable t) {
          log.warn(name + ": storing key '" + key + "' failed: " + t, t);
        } finally {
          out.complete(value);
        }
        return;
      }
      Throwable cause = Sites.unwrap(error);
      if (old != null && Sites.handles(cache, exceptions, cause)) {
        out.completeServed((T) old.value());
      } else {
        out.completeExceptionally(cause);
      }
    });
    return out;
  }

  private Stamped stamp(String key, @Nullable T value) {
    return new Stamped(access.clock(key).millis() + softTtl.toMillis(), value);
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

  @SuppressWarnings("unchecked")
  private CompletableFuture<T> servedAsync(@Nullable Object value) {
    return inner ? Served.completed((T) value) : CompletableFuture.completedFuture((T) value);
  }

  /** The stored {@link Stamped}, or {@code null} for a miss and for a value of another shape (logged). */
  private @Nullable Stamped checked(String key, @Nullable Object stored) {
    return Sites.stamped(log, name, key, stored, type);
  }

  @Override
  public String toString() {
    return "SoftSite[" + name + "]";
  }

  /** Describes a {@code @Soft} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private @Nullable Duration softTtl;
    private final List<Class<? extends Throwable>> exceptions = new ArrayList<>();
    private @Nullable Class<?> type;
    private boolean inner;
    private System.Logger logger = System.getLogger("dev.kaju");

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long a result may be served at all: the stored entry's TTL. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Sites.positive(ttl, "ttl", name);
      return this;
    }

    /** How long a result is fresh; not given: a third of the ttl, as cashews. */
    public Builder<T> softTtl(Duration softTtl) {
      this.softTtl = Sites.positive(softTtl, "softTtl", name);
      return this;
    }

    /** An exception answered with the old result after {@code softTtl}; none: the cache's defaults. */
    public Builder<T> exception(Class<? extends Throwable> type) {
      exceptions.add(Objects.requireNonNull(type, "type"));
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

    public SoftSite<T> build() {
      return new SoftSite<>(this);
    }
  }
}
