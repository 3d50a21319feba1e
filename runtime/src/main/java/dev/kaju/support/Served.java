package dev.kaju.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the result of a stacked step came from the store (a {@code @Cached} hit, a
 * {@code @Failover} fallback) rather than from the method: an outer step returns such a result
 * but never stores it again, so a fallback is never cached as fresh and a hit's TTL is never
 * extended (cashews' {@code fail-04}, {@code cache-08}, {@code cache-09}).
 *
 * <p>Only steps built as {@code inner()} (not the outermost of their method) report it. A
 * synchronous step reports on its thread and the step around it reads the report right after
 * {@code next} returns, so no report outlives the call it belongs to; an asynchronous step
 * reports on the future it returns.
 */
final class Served {
  private static final ThreadLocal<boolean[]> FLAG = ThreadLocal.withInitial(() -> new boolean[1]);

  private Served() {}

  /** Reports that the value an inner step is returning on this thread came from the store. */
  static void mark() {
    FLAG.get()[0] = true;
  }

  /** Whether the inner steps reported a stored value since the last call, clearing the report. */
  static boolean take() {
    boolean[] flag = FLAG.get();
    boolean served = flag[0];
    flag[0] = false;
    return served;
  }

  /** Whether {@code stage}, returned by an inner step, holds a value it served from the store. */
  static boolean from(CompletionStage<?> stage) {
    return stage instanceof Future && ((Future<?>) stage).served;
  }

  /** A stored value returned by an inner asynchronous step. */
  static <T> CompletableFuture<T> completed(T value) {
    Future<T> f = new Future<>();
    f.served = true;
    f.complete(value);
    return f;
  }

  /**
   * The future an inner asynchronous step returns: {@link #served} is set before it completes,
   * so whoever sees it complete sees the flag. Stages derived from it are plain futures.
   */
  static final class Future<T> extends CompletableFuture<T> {
    volatile boolean served;

    /** Completes with a value from the store. */
    void completeServed(T value) {
      served = true;
      complete(value);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
