package dev.kaju.support;

import dev.kaju.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code, through {@link CachedSite}: what a cache offers generated methods beyond
 * its public commands. Kaju's own cache implements it; any other {@link Cache} (a decorator, a
 * test double) is reached through its public API by {@link #of}.
 */
public interface SiteAccess {

  /**
   * A {@code GET} of {@code key} for a generated method: the stored value, or {@code miss}. {@code
   * detect} reports it with the method's strategy and TTL.
   */
  @Nullable Object lookup(String key, Object miss, String strategy, @Nullable Duration ttl);

  /**
   * {@link #lookup} without blocking the calling thread: through the backend's asynchronous path
   * when it does I/O, answered at once otherwise.
   */
  CompletionStage<@Nullable Object> lookupAsync(String key, Object miss, String strategy, @Nullable Duration ttl);

  /**
   * {@link #lookup} when {@code key} routes to a backend without I/O (memory), else {@code
   * pending} without asking the backend: the caller then uses {@link #lookupAsync}. One routing
   * for the common case of an async method's hit on memory.
   */
  @Nullable Object lookupNow(String key, Object miss, Object pending, String strategy, @Nullable Duration ttl);

  /**
   * Whether {@code key} routes to a backend doing I/O (Redis, disk): generated methods returning a
   * {@code CompletionStage} then look up and store asynchronously; otherwise (memory) they
   * run the synchronous commands inline, which is faster.
   */
  boolean blocking(String key);

  /**
   * Until the returned scope closes, {@code detect} reports the commands this thread issues, and
   * the asynchronous ones it starts, as made by {@code strategy} with {@code ttl}: a step wraps its
   * own commands (a rate limit's counter, a lock, a store) so that {@code d.calls()} names it. Closing
   * restores the attribution before. Costs nothing while no detect scope is open on the thread.
   */
  default Cache.Scope attribute(String strategy, @Nullable Duration ttl) {
    return () -> {};
  }

  /**
   * Leaves {@code tx} open but takes it off this thread: an async {@code @CacheTransaction} step
   * commits it when the method's stage completes, on whatever thread that is. Nothing for a
   * transaction that joined another (the outer one stays).
   */
  default void detach(dev.kaju.Transaction tx) {}

  /**
   * The wall clock of the backend {@code key} routes to ({@code Settings.clock}): strategies stamp
   * stored values with it ({@code @Early}, {@code @Soft}) and count windows by it (rate limits), so
   * every process sharing the store reads the stamps alike.
   */
  default Clock clock(String key) {
    return Clock.systemUTC();
  }

  /**
   * Where strategies run work the caller does not wait for (a background recomputation of
   * {@code @Early} or {@code @Hit}): {@code Settings.executor} when given, else a small pool of
   * daemon {@code kaju-refresh-N} threads shared by every cache and stopped with the last one.
   */
  default Executor background(String key) {
    return ForkJoinPool.commonPool();
  }

  /**
   * Where strategies schedule a later try without holding a thread (an async {@code @Locked} or
   * {@code @Cached(lock = true)} call waiting for a lock): {@code Settings.scheduler} when given,
   * else the shared scheduler the cache's own async lock waits use.
   */
  default ScheduledExecutorService scheduler(String key) {
    return SiteScheduler.shared();
  }

  /**
   * {@code PING} the backend {@code key} routes to: a lock step tells a dead backend from a held
   * lock on the store that holds the lock, not on the default backend.
   */
  String pingRoute(String key);

  /** {@link #pingRoute} without blocking the calling thread on a backend doing I/O. */
  CompletionStage<String> pingRouteAsync(String key);

  /** {@code cache} itself when it offers this interface, else an adapter over its public API. */
  static SiteAccess of(Cache cache) {
    if (cache instanceof SiteAccess) {
      return (SiteAccess) cache;
    }
    return new SiteAccess() {
      @Override
      public @Nullable Object lookup(String key, Object miss, String strategy, @Nullable Duration ttl) {
        return cache.get(key, miss);
      }

      @Override
      public CompletionStage<@Nullable Object> lookupAsync(String key, Object miss, String strategy, @Nullable Duration ttl) {
        return cache.async().get(key, miss);
      }

      @Override
      public @Nullable Object lookupNow(String key, Object miss, Object pending, String strategy, @Nullable Duration ttl) {
        return pending; // unknown: never risk waiting on the caller's thread
      }

      @Override
      public boolean blocking(String key) {
        return true; // unknown: never risk waiting on the caller's thread
      }

      @Override
      public String pingRoute(String key) {
        return cache.ping(); // the public API pings the default backend
      }

      @Override
      public CompletionStage<String> pingRouteAsync(String key) {
        return cache.async().ping();
      }
    };
  }
}
