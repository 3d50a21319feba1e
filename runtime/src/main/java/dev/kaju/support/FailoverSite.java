package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Failover} (cashews' {@code failover}). The method
 * always runs; a good result is stored under the step's key, and when the method throws one of the
 * exceptions the last good result is returned instead. Without one, the exception propagates
 * unchanged.
 *
 * <pre>{@code
 * String key = "fail:com.example.UserService.status:name:" + KeyParts.exact(name);
 * return statusFailover.call(key, () -> delegate.status(name));
 * }</pre>
 *
 * A result an inner step served from the store is returned without being stored again; a fallback
 * this step serves is reported as served, so an outer step does not store it either.
 *
 * @param <T> the method's result type (boxed)
 */
public final class FailoverSite<T> implements Step<T> {
  /** The strategy name {@code detect} reports. */
  private static final String STRATEGY = "failover";
  private static final Object MISS = CachedSite.MISS;

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final Duration ttl;
  private final List<Class<? extends Throwable>> exceptions;
  private final @Nullable Class<?> type;
  private final boolean inner;
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofMinutes(1));

  private FailoverSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = Objects.requireNonNull(b.ttl, () -> b.name + ": a @Failover step needs a ttl");
    this.exceptions = List.copyOf(b.exceptions);
    this.type = b.type;
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @Failover} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      if (!handles(t)) {
        throw Sites.sneaky(t);
      }
      Object stored;
      try {
        stored = checked(key, access.lookup(key, MISS, STRATEGY, ttl));
      } catch (RuntimeException | Error lookupFailed) {
        t.addSuppressed(lookupFailed); // the backend is down too: the method's own failure is the answer
        throw Sites.sneaky(t);
      }
      if (stored == MISS) {
        throw Sites.sneaky(t);
      }
      return served(stored);
    }
    if (Served.take()) { // an inner step answered from the store: pass it on, never store it as fresh
      if (inner) {
        Served.mark();
      }
      return value;
    }
    Sites.store(cache, access, STRATEGY, log, name, key, value, ttl);
    return value;
  }

  @SuppressWarnings("unchecked")
  private T served(Object stored) {
    if (inner) {
      Served.mark();
    }
    return (T) stored;
  }

  /**
   * The same for a method returning a {@code CompletionStage}: the result is stored, or the
   * fallback read, without blocking the calling thread on the backend.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next) {
    CompletionStage<T> stage;
    try {
      stage = next.load();
      if (stage == null) {
        stage = CompletableFuture.failedFuture(
            new NullPointerException(name + " returned a null CompletionStage; return a completed future instead"));
      }
    } catch (Throwable t) {
      stage = CompletableFuture.failedFuture(t);
    }
    Served.Future<T> out = new Served.Future<>();
    CompletionStage<T> loaded = stage;
    stage.whenComplete((value, error) -> {
      if (error == null) {
        if (Served.from(loaded)) {
          complete(out, value, true);
        } else {
          try {
            Sites.storeAsync(cache, access, STRATEGY, log, name, key, value, ttl);
          } finally {
            out.complete(value);
          }
        }
        return;
      }
      Throwable cause = Sites.unwrap(error);
      if (!handles(cause)) {
        out.completeExceptionally(cause);
        return;
      }
      CompletionStage<@Nullable Object> lookup;
      try {
        lookup = access.lookupAsync(key, MISS, STRATEGY, ttl);
      } catch (RuntimeException | Error e) {
        lookup = CompletableFuture.failedFuture(e);
      }
      lookup.whenComplete((stored, lookupFailed) -> {
        if (lookupFailed != null) {
          cause.addSuppressed(Sites.unwrap(lookupFailed));
          out.completeExceptionally(cause);
          return;
        }
        Object fallback = checked(key, stored);
        if (fallback == MISS) {
          out.completeExceptionally(cause);
        } else {
          complete(out, fallback, true);
        }
      });
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private void complete(Served.Future<T> out, @Nullable Object value, boolean fromStore) {
    if (fromStore && inner) {
      out.completeServed((T) value);
    } else {
      out.complete((T) value);
    }
  }

  /** Whether {@code t} is answered with the last good result; a {@code VirtualMachineError} never is. */
  private boolean handles(Throwable t) {
    if (t instanceof VirtualMachineError) {
      return false;
    }
    for (Class<? extends Throwable> e : exceptions.isEmpty() ? cache.defaultFailExceptions() : exceptions) {
      if (e.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code stored}, or {@link CachedSite#MISS} when the method cannot return it: a value of another
   * type (another method's entry, bytes planted in a shared store) is logged and ignored, and the
   * method's exception propagates.
   */
  private @Nullable Object checked(String key, @Nullable Object stored) {
    if (stored == MISS || stored == null || type == null || type.isInstance(stored)) {
      return stored;
    }
    log.warn(name + ": key '" + key + "' holds a " + stored.getClass().getName() + " where a " + type.getName()
        + " was expected; not used as a fallback", null);
    return MISS;
  }

  @Override
  public String toString() {
    return "FailoverSite[" + name + "]";
  }

  /** Describes a {@code @Failover} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private final java.util.ArrayList<Class<? extends Throwable>> exceptions = new java.util.ArrayList<>();
    private @Nullable Class<?> type;
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long the last good result is kept. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** An exception answered with the last good result; none: the cache's defaults. */
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

    public FailoverSite<T> build() {
      return new FailoverSite<>(this);
    }
  }
}
