package dev.kaju.internal;

import dev.kaju.Cache;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scopes of {@code Kaju.invalidateFurther()} (cashews' {@code invalidate_further}): while one is
 * open on a thread, each read on that thread deletes what it reads and answers a miss, so cached
 * methods recompute and store afresh. A count of open scopes over every thread keeps the check one
 * plain read when none is open.
 */
public final class Further {
  private static final AtomicInteger OPEN = new AtomicInteger();
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private Further() {}

  /** Opens a scope on the calling thread; close it on the same thread (try-with-resources). */
  public static Cache.Scope open() {
    DEPTH.get()[0]++;
    OPEN.incrementAndGet();
    Thread owner = Thread.currentThread();
    return new Cache.Scope() {
      private boolean closed;

      @Override
      public void close() {
        if (closed) {
          return;
        }
        if (Thread.currentThread() != owner) {
          throw new IllegalStateException("close the invalidateFurther() scope on the thread that opened it (" + owner.getName() + ")");
        }
        closed = true;
        DEPTH.get()[0]--;
        OPEN.decrementAndGet();
      }
    };
  }

  /** Whether reads on this thread delete what they read. */
  static boolean active() {
    return OPEN.get() != 0 && DEPTH.get()[0] > 0;
  }
}
