package dev.kaju.internal.redis;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads of the Redis backends: Lettuce's event loops, computation threads and timer, and
 * one scheduler for tracking and health checks. They are shared by every open Redis backend of
 * the JVM, created by the first and shut down when the last one closes, so a closed cache leaves
 * no thread behind. Every thread is a daemon named {@code kaju-redis-...}.
 */
final class RedisResources {
  private static final System.Logger LOG = System.getLogger("dev.kaju.redis");
  private static final Object LOCK = new Object();
  private static @Nullable RedisResources current;

  final ClientResources lettuce;
  final ScheduledExecutorService scheduler;
  /** Backends holding these resources; changed under {@link #LOCK}. */
  private int users;

  private RedisResources() {
    // reconnect quickly: a cache that misses for 30 s after Redis is back is a slow cache
    this.lettuce =
        DefaultClientResources.builder()
            .threadFactoryProvider(pool -> new DefaultThreadFactory(threadName(pool), true))
            .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor s =
        (ScheduledThreadPoolExecutor)
            Executors.newScheduledThreadPool(
                1,
                r -> {
                  Thread t = new Thread(r, "kaju-redis-scheduler-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
    s.setRemoveOnCancelPolicy(true); // a closed backend's checks do not linger in the queue
    this.scheduler = s;
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
    try {
      if (!lettuce.shutdown(0, 2, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "the Redis backend's threads did not stop within 3 s");
      }
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
