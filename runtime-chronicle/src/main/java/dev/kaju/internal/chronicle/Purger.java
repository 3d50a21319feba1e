package dev.kaju.internal.chronicle;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one thread, {@code kaju-disk-purge} (a daemon), that runs the background purge of every disk
 * backend of the JVM. It starts with the first purge scheduled and stops when the last one is
 * cancelled, so a JVM whose disk caches are all closed runs no Kaju thread.
 */
final class Purger {
  private static final Set<ScheduledFuture<?>> TASKS = new HashSet<>();
  private static @Nullable ScheduledThreadPoolExecutor executor;

  private Purger() {}

  static synchronized ScheduledFuture<?> schedule(Runnable task, long intervalNanos) {
    ScheduledThreadPoolExecutor e = executor;
    if (e == null) {
      e =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "kaju-disk-purge");
                t.setDaemon(true);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      executor = e;
    }
    ScheduledFuture<?> f = e.scheduleWithFixedDelay(task, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    TASKS.add(f);
    return f;
  }

  /** Cancels {@code task} (a running purge finishes); the last task's cancellation stops the thread. */
  static synchronized void cancel(ScheduledFuture<?> task) {
    task.cancel(false);
    TASKS.remove(task);
    ScheduledThreadPoolExecutor e = executor;
    if (TASKS.isEmpty() && e != null) {
      e.shutdown();
      executor = null;
    }
  }
}
