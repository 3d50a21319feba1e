package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.KeyContext;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/** What the steps of generated methods share: storing a result, and rethrowing what a method threw. */
final class Sites {
  private Sites() {}

  /**
   * Stores a result; a failure to store (a backend error with {@code suppress=false}, a value no
   * codec can encode) is logged and the caller still gets the method's result.
   */
  static void store(
      Cache cache, SiteAccess access, String strategy, RateLimitedLog log, String name, String key, @Nullable Object value, @Nullable Duration ttl) {
    store(cache, access, strategy, log, name, key, value, ttl, NO_TAGS);
  }

  static final String[] NO_TAGS = {};

  /**
   * The member set of {@code tag} ({@code _tag:<tag>}, as {@code Cache.set(..., tags)} keeps it):
   * for a key that joins a tag without being set ({@code @Hit}'s counter).
   */
  static String tagSet(String tag) {
    return "_tag:" + tag;
  }

  /**
   * {@link #store}, adding the key to {@code tags} ({@code @Cached(tags = ...)}); {@code detect}
   * reports the write as {@code strategy}'s.
   */
  static void store(
      Cache cache,
      SiteAccess access,
      String strategy,
      RateLimitedLog log,
      String name,
      String key,
      @Nullable Object value,
      @Nullable Duration ttl,
      String[] tags) {
    try (Cache.Scope attributed = access.attribute(strategy, ttl)) {
      if (tags.length == 0) {
        cache.set(key, value, ttl);
      } else {
        cache.set(key, value, ttl, java.util.List.of(tags));
      }
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
      Cache cache, SiteAccess access, String strategy, RateLimitedLog log, String name, String key, @Nullable Object value, @Nullable Duration ttl) {
    storeAsync(cache, access, strategy, log, name, key, value, ttl, NO_TAGS);
  }

  /** {@link #storeAsync}, adding the key to {@code tags}. */
  static void storeAsync(
      Cache cache,
      SiteAccess access,
      String strategy,
      RateLimitedLog log,
      String name,
      String key,
      @Nullable Object value,
      @Nullable Duration ttl,
      String[] tags) {
    if (!access.blocking(key)) {
      store(cache, access, strategy, log, name, key, value, ttl, tags);
      return;
    }
    CompletionStage<?> written;
    try (Cache.Scope attributed = access.attribute(strategy, ttl)) {
      written = tags.length == 0 ? cache.async().set(key, value, ttl) : cache.async().set(key, value, ttl, java.util.List.of(tags));
    }
    written.whenComplete((done, e) -> {
      if (e != null) {
        log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
      }
    });
  }

  /**
   * {@code work}, to run on another thread inside the {@code KeyContext} open on this one (captured
   * now): a background recomputation renders inner steps' keys as the caller would.
   */
  static Runnable inCallersContext(Runnable work) {
    Map<String, Object> values = KeyContext.snapshot();
    if (values.isEmpty()) {
      return work;
    }
    return () -> {
      try (KeyContext.Scope scope = reopen(values)) {
        work.run();
      }
    };
  }

  /**
   * {@code next}, run with the calling thread's {@code KeyContext} wherever it is run: a step whose
   * async path continues on the backend's thread (or a scheduler's) calls it there, and the inner
   * steps' keys and the method must still see the caller's values. {@code next} itself when the
   * caller has none.
   */
  static <T> CachedSite.AsyncLoader<T> inCallersContext(CachedSite.AsyncLoader<T> next) {
    Map<String, Object> values = KeyContext.snapshot();
    if (values.isEmpty()) {
      return next;
    }
    return () -> {
      try (KeyContext.Scope scope = reopen(values)) {
        return next.load();
      }
    };
  }

  /**
   * Reopens {@code values} ({@link KeyContext#snapshot}, taken on the caller's thread) on this one,
   * for a continuation that may run on the backend's thread; {@code null}, nothing to close, when
   * there are none.
   */
  static KeyContext.@Nullable Scope reopen(Map<String, Object> values) {
    return values.isEmpty() ? null : KeyContext.with(values);
  }

  /**
   * Starts an asynchronous call of {@code next}: a throw or a {@code null} stage becomes a failed
   * future, so the step handles every outcome in one place.
   */
  static <T> CompletionStage<T> start(String name, CachedSite.AsyncLoader<T> next) {
    try {
      CompletionStage<T> stage = next.load();
      return stage != null
          ? stage
          : CompletableFuture.failedFuture(
              new NullPointerException(name + " returned a null CompletionStage; return a completed future instead"));
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /**
   * Whether {@code t} is one of {@code exceptions} (none listed: the cache's defaults); a {@code
   * VirtualMachineError} never is.
   */
  static boolean handles(Cache cache, List<Class<? extends Throwable>> exceptions, Throwable t) {
    if (t instanceof VirtualMachineError) {
      return false;
    }
    for (Class<? extends Throwable> e : exceptions.isEmpty() ? cache.defaultFailExceptions() : exceptions) {
      if (e.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code stored} as a {@link Stamped} holding a result of {@code type} ({@code null}: any), or
   * {@code null} for a miss and for any other shape: a plain value, another method's entry, bytes
   * planted in a shared store. Those are logged (the log is rate-limited) and the call recomputes
   * and overwrites them.
   */
  static @Nullable Stamped stamped(
      RateLimitedLog log, String name, String key, @Nullable Object stored, @Nullable Class<?> type) {
    if (stored == CachedSite.MISS) {
      return null;
    }
    if (stored instanceof Stamped) {
      Stamped s = (Stamped) stored;
      if (s.value() == null || type == null || type.isInstance(s.value())) {
        return s;
      }
      log.warn(name + ": key '" + key + "' holds a stamped " + s.value().getClass().getName() + " where a "
          + type.getName() + " was expected; read as a miss", null);
      return null;
    }
    log.warn(name + ": key '" + key + "' holds a " + (stored == null ? "null" : stored.getClass().getName())
        + " where a stamped result was expected; read as a miss", null);
    return null;
  }

  /** Checks a builder's duration: present and positive. */
  static Duration positive(@Nullable Duration d, String what, String name) {
    if (d == null) {
      throw new NullPointerException(name + ": " + what + " is required");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": " + what + " must be positive, was " + d);
    }
    return d;
  }

  /** What {@link SiteAccess#lookupNow} answers when the key's backend does I/O: look up asynchronously. */
  static final Object PENDING = new Object();

  /**
   * The asynchronous half of an async step's read, for a backend doing I/O ({@code lookupNow}
   * answered {@link #PENDING}): looks {@code key} up without blocking and, once the answer is there,
   * runs {@code decide} with the caller's {@code KeyContext} reopened (inner steps may render their
   * keys on the backend's thread); a throw becomes a failed future.
   */
  static <T> CompletableFuture<T> afterLookup(
      SiteAccess access,
      String key,
      String strategy,
      @Nullable Duration ttl,
      boolean inner,
      Function<@Nullable Object, CompletableFuture<T>> decide) {
    Served.Future<T> out = new Served.Future<>();
    Map<String, Object> context = KeyContext.snapshot();
    access.lookupAsync(key, CachedSite.MISS, strategy, ttl).whenComplete((stored, error) -> {
      if (error != null) {
        out.completeExceptionally(unwrap(error));
        return;
      }
      CompletableFuture<T> answer;
      try (KeyContext.Scope scope = reopen(context)) {
        answer = decide.apply(stored);
      } catch (Throwable t) {
        answer = CompletableFuture.failedFuture(t);
      }
      relay(answer, out, inner);
    });
    return out;
  }

  /**
   * Completes {@code to} as {@code from} completes, reporting a value {@code from} served from the
   * store when the step is {@code inner}.
   */
  static <T> void relay(CompletableFuture<T> from, Served.Future<T> to, boolean inner) {
    from.whenComplete((value, error) -> {
      if (error != null) {
        to.completeExceptionally(unwrap(error));
      } else if (inner && Served.from(from)) {
        to.completeServed(value);
      } else {
        to.complete(value);
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
