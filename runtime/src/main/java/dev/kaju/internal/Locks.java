package dev.kaju.internal;

import dev.kaju.Cache;
import dev.kaju.Cache.Lock;
import dev.kaju.Command;
import dev.kaju.LockedException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Waiting for locks: polling {@code IS_LOCKED}, taking a lock with {@code SET_LOCK} until it is
 * confirmed or the wait is over, and the {@link Lock} that releases it. Each step is the cache's own
 * command, so middlewares, callbacks and detect see it.
 */
final class Locks {
  private final Cache cache;
  private final Routes routes;
  private final Controls controls;

  Locks(Cache cache, Routes routes, Controls controls) {
    this.cache = cache;
    this.routes = routes;
    this.controls = controls;
  }

  /** Polls {@code IS_LOCKED} with a backoff from 10 to 100 ms until the key is free or the wait is over. */
  boolean isLocked(String key, Duration wait) {
    long deadline = System.nanoTime() + Args.waitNanos(wait);
    long step = TimeUnit.MILLISECONDS.toNanos(10);
    while (cache.isLocked(key)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      if (!sleep(Math.min(step, left))) {
        return cache.isLocked(key);
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

  /** Takes the lock on {@code key}, which routes to {@code r}, retrying with a backoff from 5 to 100 ms. */
  Lock lock(Route r, String key, Duration ttl, Duration wait) {
    if (controls.disabled(r, Command.SET_LOCK)) {
      // a lock is never reported held unless the backend confirmed it
      throw new LockedException(
          "cannot lock '" + key + "': SET_LOCK is disabled on this cache, so no backend can confirm the lock");
    }
    String value = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + Args.waitNanos(wait);
    long step = TimeUnit.MILLISECONDS.toNanos(5);
    while (true) {
      boolean taken;
      try {
        taken = cache.setLock(key, value, ttl);
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

  // ---------------------------------------------------------------- the async view's waits

  /** Where async waits schedule their next try: one thread for every cache, stopped with the last. */
  static final SharedExecutor<ScheduledExecutorService> SCHEDULER =
      new SharedExecutor<>("scheduler", Executors::newSingleThreadScheduledExecutor);

  private @Nullable ScheduledExecutorService scheduler;
  private boolean closed;

  private synchronized @Nullable ScheduledExecutorService scheduler() {
    if (scheduler == null && !closed) {
      scheduler = SCHEDULER.acquire();
    }
    return scheduler;
  }

  /**
   * Where a wait for a lock schedules its next try: the route's {@code Settings.scheduler}, else
   * the shared one (for strategies waiting without a thread, {@code SiteAccess.scheduler}).
   *
   * @throws IllegalStateException when the cache is closed
   */
  ScheduledExecutorService scheduler(@Nullable Route r) {
    ScheduledExecutorService s = r != null && r.scheduler != null ? r.scheduler : scheduler();
    if (s == null) {
      throw new IllegalStateException("the cache is closed");
    }
    return s;
  }

  /** Gives the scheduler back; called when the cache closes. */
  synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler = null;
      SCHEDULER.release();
    }
  }

  /**
   * Runs {@code next} after {@code nanos} on the route's scheduler ({@code Settings.scheduler}) or
   * the shared one; fails {@code result} if the cache closed.
   */
  private void later(Route r, long nanos, Runnable next, CompletableFuture<?> result) {
    ScheduledExecutorService s = r.scheduler != null ? r.scheduler : scheduler();
    if (s == null) {
      result.completeExceptionally(new IllegalStateException("the cache was closed while waiting for a lock"));
      return;
    }
    try {
      s.schedule(next, nanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) { // shut down meanwhile
      result.completeExceptionally(e);
    }
  }

  /** {@link #isLocked(String, Duration)} for the async view: retries are scheduled, no thread waits. */
  CompletionStage<Boolean> isLockedAsync(String key, long waitNanos, AsyncView view) {
    Route r = routes.route(key);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    pollLocked(r, key, System.nanoTime() + waitNanos, TimeUnit.MILLISECONDS.toNanos(10), view, result);
    return result;
  }

  private void pollLocked(
      Route r, String key, long deadline, long step, AsyncView view, CompletableFuture<Boolean> result) {
    view.isLocked(key).whenComplete((locked, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
      } else if (!locked) {
        result.complete(false);
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          result.complete(true);
        } else {
          long next = Math.min(step * 2, TimeUnit.MILLISECONDS.toNanos(100));
          later(r, Math.min(step, left), () -> pollLocked(r, key, deadline, next, view, result), result);
        }
      }
    });
  }

  /** {@link #lock} for the async view: each try is an async {@code SET_LOCK}, retries are scheduled. */
  CompletionStage<Lock> lockAsync(Route r, String key, Duration ttl, long waitNanos, AsyncView view) {
    if (controls.disabled(r, Command.SET_LOCK)) {
      return CompletableFuture.failedFuture(new LockedException(
          "cannot lock '" + key + "': SET_LOCK is disabled on this cache, so no backend can confirm the lock"));
    }
    String value = UUID.randomUUID().toString();
    CompletableFuture<Lock> result = new CompletableFuture<>();
    tryLock(r, key, value, ttl, System.nanoTime() + waitNanos, waitNanos, TimeUnit.MILLISECONDS.toNanos(5), view, result);
    return result;
  }

  private void tryLock(
      Route r, String key, String value, Duration ttl, long deadline, long waitNanos, long step, AsyncView view,
      CompletableFuture<Lock> result) {
    view.setLock(key, value, ttl).whenComplete((taken, error) -> {
      if (error != null) {
        // a middleware may throw after the lock was taken: release it, without blocking this thread
        r.backend.executeAsync(new Command.Unlock(key, value)).whenComplete((released, e) -> result.completeExceptionally(error));
      } else if (taken) {
        result.complete(new HeldLock(key, value, false));
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          result.completeExceptionally(new LockedException(
              "key '" + key + "' is already locked, or the backend did not confirm the lock"
                  + (waitNanos == 0 ? "" : " (waited " + Duration.ofNanos(waitNanos) + ")")));
        } else {
          long next = Math.min(step * 2, TimeUnit.MILLISECONDS.toNanos(100));
          later(r, Math.min(step, left), () -> tryLock(r, key, value, ttl, deadline, waitNanos, next, view, result), result);
        }
      }
    });
  }

  private static void releaseQuietly(Route r, String key, String value, Throwable cause) {
    try {
      r.backend.unlock(key, value);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
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
        cache.unlock(key, value);
      } catch (RuntimeException | Error e) {
        Route r = routes.routeOrNull(key);
        if (r != null) {
          releaseQuietly(r, key, value, e); // never leave the lock held because a middleware threw
        }
        throw e;
      }
    }
  }
}
