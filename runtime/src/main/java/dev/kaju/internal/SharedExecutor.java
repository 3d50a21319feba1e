package dev.kaju.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An executor shared by every cache that needs one, started by the first {@link #acquire} and shut
 * down by the {@link #release} of the last user, so no Kaju thread outlives the caches using it.
 * Its threads are daemons named {@code kaju-<name>-<n>}.
 *
 * @param <E> the kind of executor
 */
public final class SharedExecutor<E extends ExecutorService> {
  private final String name;
  private final Function<ThreadFactory, E> factory;
  private final AtomicInteger threads = new AtomicInteger();
  private @Nullable E current;
  private int users;

  /**
   * @param name what the threads do, e.g. {@code memory-sweeper}: they are named {@code
   *     kaju-<name>-<n>}
   * @param factory makes the executor from the thread factory it must use
   */
  public SharedExecutor(String name, Function<ThreadFactory, E> factory) {
    this.name = "kaju-" + name + "-";
    this.factory = factory;
  }

  /** The executor, started if no cache uses it yet; pair each call with one {@link #release}. */
  public synchronized E acquire() {
    E e = current;
    if (e == null) {
      e = factory.apply(this::thread);
      current = e;
    }
    users++;
    return e;
  }

  /** Gives up one {@link #acquire}; the last release shuts the executor down. */
  public synchronized void release() {
    if (users == 0) {
      return;
    }
    if (--users == 0 && current != null) {
      current.shutdownNow();
      current = null;
    }
  }

  /** How many acquisitions are not released yet (for tests). */
  public synchronized int users() {
    return users;
  }

  private Thread thread(Runnable r) {
    Thread t = new Thread(r, name + threads.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
