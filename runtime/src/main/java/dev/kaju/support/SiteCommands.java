package dev.kaju.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How the steps of {@code @Locked}, the rate limits and the circuit breaker send their commands
 * for a method returning a {@code CompletionStage}: through {@code cache.async()} when the key
 * routes to a backend doing I/O, inline otherwise (memory), as {@link CachedSite} does. Also the
 * waits between tries: a sleep on the caller's thread for a synchronous method, a scheduled try for
 * an asynchronous one.
 */
final class SiteCommands {
  private SiteCommands() {}

  /** Runs one command for {@code key}: {@code async} on a backend doing I/O, {@code sync} inline otherwise. */
  static <R> CompletableFuture<R> run(
      SiteAccess access, String key, Supplier<R> sync, Supplier<? extends CompletionStage<R>> async) {
    try {
      if (!access.blocking(key)) {
        return CompletableFuture.completedFuture(sync.get());
      }
      CompletableFuture<R> out = new CompletableFuture<>();
      async.get().whenComplete((value, error) -> {
        if (error != null) {
          out.completeExceptionally(Sites.unwrap(error));
        } else {
          out.complete(value);
        }
      });
      return out;
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** Runs {@code next} after {@code nanos} on the scheduler of {@code key}'s route; fails {@code result} if it cannot. */
  static void later(SiteAccess access, String key, long nanos, Runnable next, CompletableFuture<?> result) {
    try {
      access.scheduler(key).schedule(next, Math.max(0, nanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException | IllegalStateException e) { // the cache closed meanwhile
      result.completeExceptionally(e);
    }
  }

  /** Sleeps on the caller's thread; {@code false} when interrupted (the interrupt is kept). */
  static boolean sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code d} in nanoseconds, capped so that adding it to {@code System.nanoTime()} never overflows. */
  static long nanos(Duration d) {
    return d.getSeconds() >= 100L * 365 * 24 * 3600 ? 100L * 365 * 24 * 3600 * 1_000_000_000L : d.toNanos();
  }

  /**
   * Runs the inner steps of a step that stores nothing (a limit, a breaker): a result they served
   * from the store is reported as served again when this step is {@code inner} too.
   */
  static <T> T pass(CachedSite.Loader<T> next, boolean inner) {
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      throw Sites.sneaky(t);
    }
    if (Served.take() && inner) {
      Served.mark();
    }
    return value;
  }

  /** Starts the inner steps of an asynchronous call: what {@code next} throws or a null stage becomes a failed stage. */
  static <T> CompletionStage<T> start(String name, CachedSite.AsyncLoader<T> next) {
    try {
      CompletionStage<T> stage = next.load();
      if (stage == null) {
        return CompletableFuture.failedFuture(
            new NullPointerException(name + " returned a null CompletionStage; return a completed future instead"));
      }
      return stage;
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** Completes {@code out} as {@code stage} did, reporting a served value when this step is {@code inner}. */
  static <T> void complete(
      Served.Future<T> out, CompletionStage<T> stage, @Nullable T value, @Nullable Throwable failure, boolean inner) {
    if (failure != null) {
      out.completeExceptionally(Sites.unwrap(failure));
    } else if (inner && Served.from(stage)) {
      out.completeServed(value);
    } else {
      out.complete(value);
    }
  }
}
