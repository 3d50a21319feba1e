package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.LockedException;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @Locked} (cashews' {@code locked}). One call per key
 * runs at a time, across every process sharing the backend: the call takes the backend's lock
 * ({@code setLock(key, randomToken, ttl)}, a {@code SET NX} with a TTL), runs the method, and
 * releases it ({@code unlock(key, token)}, compare-and-delete) whether the method returned or
 * threw.
 *
 * <pre>{@code
 * String key = "locked:com.example.Reports.rebuild:tenant:" + KeyParts.exact(tenant);
 * return rebuildLocked.call(key, () -> delegate.rebuild(tenant));
 * }</pre>
 *
 * When the lock is held by another call: with {@code waitForLock(false)} a {@link
 * LockedException} at once; otherwise the lock is tried again every {@code step} until it is
 * taken, or {@code ttl} has passed ({@link LockedException}).
 *
 * <p>Locks fail closed, as {@link Cache#lock} does: the method runs only under a lock the backend
 * confirmed. A backend that cannot confirm it (down, frozen, {@code SET_LOCK} disabled) gives the
 * caller a {@link LockedException} (or, with {@code suppress=false}, the backend's {@code
 * CacheBackendException}); when the backend also fails {@code PING} the exception says so at once
 * instead of waiting.
 *
 * <p>This step stores no result: a result an inner step served from the store is reported as
 * served by this step too when it is itself inner.
 *
 * @param <T> the method's result type (boxed)
 */
public final class LockedSite<T> implements Step<T> {
  private static final String STRATEGY = "locked";
  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final Duration ttl;
  private final boolean waitForLock;
  private final long stepNanos;
  private final boolean inner;
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofMinutes(1));

  private LockedSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = Objects.requireNonNull(b.ttl, () -> b.name + ": a @Locked step needs a ttl");
    this.waitForLock = b.waitForLock;
    this.stepNanos = SiteCommands.nanos(b.step);
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @Locked} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    String token = UUID.randomUUID().toString();
    acquire(key, token);
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      release(key, token);
      throw Sites.sneaky(t);
    }
    boolean served = Served.take();
    release(key, token);
    if (served && inner) {
      Served.mark();
    }
    return value;
  }

  private void acquire(String key, String token) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      acquireAttributed(key, token);
    }
  }

  private void acquireAttributed(String key, String token) {
    if (cache.isDisabled(key, Command.SET_LOCK)) {
      throw disabled(key);
    }
    long deadline = System.nanoTime() + ttlNanos();
    while (true) {
      boolean taken;
      try {
        taken = cache.setLock(key, token, ttl);
      } catch (RuntimeException | Error e) {
        releaseQuietly(key, token, e); // a middleware may throw after the lock was taken
        throw e;
      }
      if (taken) {
        return;
      }
      try {
        access.pingRoute(key);
      } catch (RuntimeException e) {
        throw unreachable(key, e);
      }
      if (!waitForLock) {
        throw locked(key);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw waitedOut(key);
      }
      if (!SiteCommands.sleep(Math.min(stepNanos, left))) {
        throw new LockedException(name + ": interrupted while waiting for the lock on '" + key + "'");
      }
    }
  }

  /** Releases the lock; a failure is logged (the lock then ends with its TTL), never thrown over the call's outcome. */
  private void release(String key, String token) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      cache.unlock(key, token);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn(name + ": releasing the lock on '" + key + "' failed; it ends with its TTL (" + ttl + "): " + e, e);
    }
  }

  private void releaseQuietly(String key, String token, Throwable cause) {
    try {
      cache.unlock(key, token);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * The same for a method returning a {@code CompletionStage}: the lock is tried through {@code
   * cache.async()} on a backend doing I/O, and the tries while waiting are scheduled ({@link
   * SiteAccess#scheduler}), so no thread waits for the lock. The result completes once the lock
   * is released.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> caller) {
    CachedSite.AsyncLoader<T> next = Sites.inCallersContext(caller); // may run on the backend's thread
    Served.Future<T> out = new Served.Future<>();
    if (cache.isDisabled(key, Command.SET_LOCK)) {
      out.completeExceptionally(disabled(key));
      return out;
    }
    String token = UUID.randomUUID().toString();
    CompletableFuture<Void> taken = new CompletableFuture<>();
    tryLock(key, token, System.nanoTime() + ttlNanos(), taken);
    taken.whenComplete((ignored, error) -> {
      if (error != null) {
        out.completeExceptionally(Sites.unwrap(error));
        return;
      }
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
      CompletionStage<T> loaded = stage;
      stage.whenComplete((value, failure) -> {
        boolean served = failure == null && Served.from(loaded);
        unlockAsync(key, token).whenComplete((released, unlockFailed) -> {
          if (unlockFailed != null) {
            log.warn(name + ": releasing the lock on '" + key + "' failed; it ends with its TTL (" + ttl + "): "
                + unlockFailed, unlockFailed);
          }
          if (failure != null) {
            out.completeExceptionally(Sites.unwrap(failure));
          } else if (served && inner) {
            out.completeServed(value);
          } else {
            out.complete(value);
          }
        });
      });
    });
    return out;
  }

  private void tryLock(String key, String token, long deadline, CompletableFuture<Void> taken) {
    CompletableFuture<Boolean> tried;
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      tried = SiteCommands.run(access, key, () -> cache.setLock(key, token, ttl), () -> cache.async().setLock(key, token, ttl));
    }
    tried.whenComplete((ok, error) -> {
          if (error != null) {
            // a middleware may throw after the lock was taken: release it, then report the failure
            unlockAsync(key, token).whenComplete((r, e) -> taken.completeExceptionally(error));
          } else if (ok) {
            taken.complete(null);
          } else {
            pingAsync(key).whenComplete((pong, pingFailed) -> {
              if (pingFailed != null) {
                taken.completeExceptionally(unreachable(key, Sites.unwrap(pingFailed)));
              } else if (!waitForLock) {
                taken.completeExceptionally(locked(key));
              } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                  taken.completeExceptionally(waitedOut(key));
                } else {
                  SiteCommands.later(access, key, Math.min(stepNanos, left), () -> tryLock(key, token, deadline, taken), taken);
                }
              }
            });
          }
        });
  }

  /** {@code PING} the backend holding {@code key}, without blocking on it. */
  private CompletableFuture<String> pingAsync(String key) {
    try {
      return access.pingRouteAsync(key).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Boolean> unlockAsync(String key, String token) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      return SiteCommands.run(access, key, () -> cache.unlock(key, token), () -> cache.async().unlock(key, token));
    }
  }

  private long ttlNanos() {
    return SiteCommands.nanos(ttl);
  }

  private LockedException disabled(String key) {
    return new LockedException(
        name + ": cannot lock '" + key + "': SET_LOCK is disabled on this cache, so no backend can confirm the lock");
  }

  private LockedException unreachable(String key, Throwable cause) {
    return new LockedException(
        name + ": cannot lock '" + key + "': the backend did not confirm the lock and does not answer PING", cause);
  }

  private LockedException locked(String key) {
    return new LockedException(name + ": key '" + key + "' is locked by another call (waitForLock = false)");
  }

  private LockedException waitedOut(String key) {
    return new LockedException(
        name + ": key '" + key + "' is still locked, or the backend did not confirm the lock, after waiting " + ttl);
  }

  @Override
  public String toString() {
    return "LockedSite[" + name + "]";
  }

  /** Describes a {@code @Locked} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private boolean waitForLock = true;
    private Duration step = Duration.ofMillis(100);
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long the lock is held at most (a crashed holder's lock ends), and how long a caller waits for it. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Durations.positive(name, ttl, "ttl");
      return this;
    }

    /** Whether a caller waits for a held lock ({@code true}, the default) or gets a {@link LockedException} at once. */
    public Builder<T> waitForLock(boolean waitForLock) {
      this.waitForLock = waitForLock;
      return this;
    }

    /** How often a waiting caller tries the lock again; 100 ms by default. */
    public Builder<T> step(Duration step) {
      this.step = Durations.positive(name, step, "step");
      return this;
    }

    /** The method's result class; this step stores nothing, so it only documents the site. */
    public Builder<T> type(Class<?> type) {
      Objects.requireNonNull(type, "type");
      return this;
    }

    /** This step runs inside another step of its method (see {@link CachedSite.Builder#inner}). */
    public Builder<T> inner() {
      this.inner = true;
      return this;
    }

    public LockedSite<T> build() {
      return new LockedSite<>(this);
    }
  }
}
