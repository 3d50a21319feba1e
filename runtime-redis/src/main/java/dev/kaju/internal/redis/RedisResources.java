package dev.kaju.internal.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads of the Redis backends: Lettuce's event loops, computation threads and timer, and
 * one scheduler for tracking and health checks, and a few threads for the async path's commands
 * that walk a cursor. They are shared by every open Redis backend of the JVM, created by the first
 * and shut down when the last one closes, so a closed cache leaves no thread behind. Every thread
 * is a daemon named {@code kaju-redis-...}.
 */
final class RedisResources {
  private static final System.Logger LOG = System.getLogger("dev.kaju.redis");
  private static final Object LOCK = new Object();
  private static @Nullable RedisResources current;

  final ClientResources lettuce;
  final ScheduledExecutorService scheduler;
  /**
   * Where the async path completes its stages: Lettuce's computation threads, never the event loop
   * (a caller's continuation that blocks, or that runs a synchronous Redis command, would stall
   * every connection of the JVM). Once they are shut down, the task runs on the thread at hand, so
   * a stage still completes.
   */
  final Executor completions;
  /**
   * The async path's commands without a one-round-trip async form (SCAN walks): at most {@link
   * #BLOCKING_THREADS} threads, started on demand, stopped after a minute idle; further calls wait
   * in the queue, never on a thread of their own and never on the caller's.
   */
  final ExecutorService blocking;

  static final int BLOCKING_THREADS = 2;
  /** Backends holding these resources; changed under {@link #LOCK}. */
  private int users;

  private RedisResources() {
    // reconnect quickly: a cache that misses for 30 s after Redis is back is a slow cache
    this.lettuce =
        DefaultClientResources.builder()
            .threadFactoryProvider(pool -> new DefaultThreadFactory(threadName(pool), true))
            .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    ScheduledThreadPoolExecutor s =
        (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, daemons("kaju-redis-scheduler-"));
    s.setRemoveOnCancelPolicy(true); // a closed backend's checks do not linger in the queue
    this.scheduler = s;
    this.completions = task -> {
      try {
        lettuce.eventExecutorGroup().execute(task);
      } catch (RejectedExecutionException e) {
        task.run(); // shutting down: complete the stage here rather than never
      }
    };
    ThreadPoolExecutor b =
        new ThreadPoolExecutor(
            BLOCKING_THREADS, BLOCKING_THREADS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), daemons("kaju-redis-blocking-"));
    b.allowCoreThreadTimeOut(true);
    this.blocking = b;
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code lettuce-nioEventLoop} becomes {@code kaju-redis-nioEventLoop}. */
  static String threadName(String lettucePool) {
    String pool = lettucePool.startsWith("lettuce-") ? lettucePool.substring("lettuce-".length()) : lettucePool;
    return "kaju-redis-" + pool;
  }

  /** The resources, made now if no backend holds them; give them back with {@link #release}. */
  static RedisResources acquire() {
    synchronized (LOCK) {
      RedisResources r = current;
      if (r == null) {
        r = new RedisResources();
        current = r;
      }
      r.users++;
      return r;
    }
  }

  /** A backend is done with them: the last one shuts every thread down and waits for it (up to 2 s). */
  void release() {
    synchronized (LOCK) {
      if (users == 0) {
        return;
      }
      if (--users > 0) {
        return;
      }
      if (current == this) {
        current = null;
      }
    }
    scheduler.shutdownNow();
    // queued commands still run, and fail at once on their closed backend: every stage completes
    blocking.shutdown();
    try {
      if (!lettuce.shutdown(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "the Redis backend's threads did not stop within 3 s");
      }
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
      blocking.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
