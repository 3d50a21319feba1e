package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** What the steps of generated methods share: storing a result, and rethrowing what a method threw. */
final class Sites {
  private Sites() {}

  /**
   * Stores a result; a failure to store (a backend error with {@code suppress=false}, a value no
   * codec can encode) is logged and the caller still gets the method's result.
   */
  static void store(Cache cache, RateLimitedLog log, String name, String key, @Nullable Object value, @Nullable Duration ttl) {
    try {
      cache.set(key, value, ttl);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
    }
  }

  /**
   * Stores a result of an async method: inline on a backend without I/O; else through {@code
   * cache.async()}, so the thread that completed the result (perhaps the backend's own I/O thread)
   * never waits for the store. A failed store is logged; the result stands.
   */
  static void storeAsync(
      Cache cache, SiteAccess access, RateLimitedLog log, String name, String key, @Nullable Object value, @Nullable Duration ttl) {
    if (!access.blocking(key)) {
      store(cache, log, name, key, value, ttl);
      return;
    }
    cache.async().set(key, value, ttl).whenComplete((written, e) -> {
      if (e != null) {
        log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
      }
    });
  }

  /** The exception a future failed with, without the {@code CompletionException} around it. */
  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /** Throws {@code t} as it is, checked or not: a generated method declares what its delegate throws. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
