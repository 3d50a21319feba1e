package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.LockedException;
import dev.kaju.internal.RateLimitedLog;
import dev.kaju.internal.ttl.TtlParser;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: one {@code @Cached} method's strategy (cashews' simple cache). The
 * generated method builds the key, asks {@link #lookup} and, on a miss, {@link #load}s.
 *
 * <pre>{@code
 * Object hit = profile.lookup(key);
 * if (hit != CachedSite.MISS) {
 *   return profile.hit(hit);
 * }
 * return profile.load(key, () -> delegate.profile(request));
 * }</pre>
 *
 * The hit path allocates nothing. On a miss the result is stored when the conditions agree:
 * {@code NOT_NULL}, the condition method, the time condition, and for exceptions the listed types
 * (a cached exception is rebuilt with its message and thrown again on every hit).
 *
 * @param <T> the method's result type (boxed)
 */
public final class CachedSite<T> implements Step<T> {
  /** What {@link #lookup} returns on a miss. */
  public static final Object MISS = new Object();


  /** What a wait for the backend lock answers when the lock is ours. */
  private static final Object TAKEN = new Object();

  /** What a wait for the backend lock answers when the method is called without it. */
  private static final Object PROCEED = new Object();

  /** Joined to an entry's key for the backend lock of {@code lock = true}. */
  static final String LOCK_SUFFIX = ":lock";

  /** The strategy name {@code detect} reports (cashews' names: simple, early, soft, hit...). */
  private static final String STRATEGY = "simple";

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final @Nullable Duration ttl;
  private final boolean notNull;
  private final boolean onlyExceptions;
  private final Map<Class<? extends Throwable>, Function<String, ? extends Throwable>> exceptions;
  private final long timeConditionNanos;
  private final boolean lock;
  private final long lockStepNanos;
  private final boolean inner;
  private final @Nullable Class<?> type;
  private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofMinutes(1));

  private CachedSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    this.ttl = b.ttl;
    this.notNull = b.notNull;
    this.onlyExceptions = b.onlyExceptions;
    this.exceptions = Map.copyOf(b.exceptions);
    this.timeConditionNanos = b.timeCondition == null ? 0 : b.timeCondition.toNanos();
    this.lock = b.lock;
    this.lockStepNanos = b.lockStep.toNanos();
    this.inner = b.inner;
    this.type = b.type;
  }

  /** Starts the description of a cached method; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  /** Computes a result on a miss; may throw anything the method throws. */
  @FunctionalInterface
  public interface Loader<T> {
    T load() throws Throwable;
  }

  /**
   * The stored value for {@code key}, or {@link #MISS}. A value this method cannot return is a miss,
   * logged (at most once a minute per method), so the call recomputes and overwrites it: a value of
   * another type (another method's entry, bytes planted in a shared store, an older shape), a
   * counter read without a signature, or a cached exception whose type is no longer listed.
   */
  public @Nullable Object lookup(String key) {
    return checked(key, access.lookup(key, MISS, STRATEGY, ttl));
  }

  /** {@code stored}, or {@link #MISS} when this method cannot return it (see {@link #lookup}). */
  private @Nullable Object checked(String key, @Nullable Object stored) {
    if (stored == MISS || stored == null) {
      return stored;
    }
    if (stored instanceof CachedFailure) {
      if (factory(((CachedFailure) stored).type()) == null) {
        log.warn(name + ": key '" + key + "' holds a cached " + ((CachedFailure) stored).type()
            + ", which is not listed in cacheExceptions; read as a miss", null);
        return MISS;
      }
      return stored;
    }
    if (type != null && !type.isInstance(stored)) {
      log.warn(name + ": key '" + key + "' holds a " + stored.getClass().getName() + " where a " + type.getName()
          + " was expected; read as a miss", null);
      return MISS;
    }
    return stored;
  }

  /** Turns a stored value into the method's result, throwing a cached exception again. */
  @SuppressWarnings("unchecked")
  public T hit(Object stored) {
    if (stored instanceof CachedFailure) {
      throw sneaky(rebuild((CachedFailure) stored));
    }
    if (inner) {
      Served.mark();
    }
    return (T) stored;
  }

  /**
   * The whole {@code @Cached} step for one call: a hit, or {@code next} run and its result stored.
   * A method cached by {@code @Cached} alone inlines this ({@link #lookup}, {@link #hit}, {@link
   * #load}) so that a hit allocates nothing; an outer step calls it through {@link Step}.
   */
  @Override
  public T call(String key, Loader<T> next) {
    Object hit = lookup(key);
    return hit != MISS ? hit(hit) : load(key, next);
  }

  /** On a miss: runs {@code loader} (once per key at a time with {@code lock}) and stores its result. */
  public T load(String key, Loader<T> loader) {
    return loadWith(key, ttl, loader, null);
  }

  /**
   * As {@link #load(String, Loader)}, adding the stored key to {@code tags} ({@code @Cached(tags =
   * ...)}, rendered for this call), so {@code cache.deleteTags} removes it.
   */
  public T load(String key, Loader<T> loader, String... tags) {
    return loadWith(key, ttl, tagged(loader, tags), null);
  }

  /** A loader carrying the tags its result is stored with. */
  private record Tagged<T>(Loader<T> loader, String[] tags) implements Loader<T> {
    @Override
    public T load() throws Throwable {
      return loader.load();
    }
  }

  /** An async loader carrying the tags its result is stored with. */
  private record TaggedAsync<T>(AsyncLoader<T> loader, String[] tags) implements AsyncLoader<T> {
    @Override
    public CompletionStage<T> load() throws Throwable {
      return loader.load();
    }
  }

  private static <T> Loader<T> tagged(Loader<T> loader, String[] tags) {
    return tags.length == 0 ? loader : new Tagged<>(loader, tags);
  }

  private static <T> AsyncLoader<T> tagged(AsyncLoader<T> loader, String[] tags) {
    return tags.length == 0 ? loader : new TaggedAsync<>(loader, tags);
  }

  /** {@code loader} run with the caller's {@code KeyContext} (see {@link Sites#inCallersContext}), keeping its tags. */
  private static <T> AsyncLoader<T> inCallersContext(AsyncLoader<T> loader) {
    if (loader instanceof TaggedAsync) {
      TaggedAsync<T> tagged = (TaggedAsync<T>) loader;
      return new TaggedAsync<>(Sites.inCallersContext(tagged.loader()), tagged.tags());
    }
    return Sites.inCallersContext(loader);
  }

  private static String[] tagsOf(Object loader) {
    if (loader instanceof Tagged) {
      return ((Tagged<?>) loader).tags();
    }
    if (loader instanceof TaggedAsync) {
      return ((TaggedAsync<?>) loader).tags();
    }
    return Sites.NO_TAGS;
  }

  /** As {@link #load(String, Loader)} with a TTL computed for this call (a {@code ttlMethod}). */
  public T load(String key, Object ttl, Loader<T> loader, String... tags) {
    return loadWith(key, toDuration(ttl), tagged(loader, tags), null);
  }

  /** As {@link #load(String, Loader)}, storing only results {@code condition} accepts. */
  public T loadIf(String key, Loader<T> loader, Predicate<? super T> condition, String... tags) {
    return loadWith(key, ttl, tagged(loader, tags), condition);
  }

  /** As {@link #loadIf(String, Loader, Predicate, String...)} with a TTL computed for this call. */
  public T loadIf(String key, Object ttl, Loader<T> loader, Predicate<? super T> condition, String... tags) {
    return loadWith(key, toDuration(ttl), tagged(loader, tags), condition);
  }

  private T loadWith(String key, @Nullable Duration ttl, Loader<T> loader, @Nullable Predicate<? super T> condition) {
    if (!lock) {
      return compute(key, ttl, loader, condition);
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return hit(await(running));
    }
    try {
      Object again = lookup(key); // stored while we were arriving?
      if (again != MISS) {
        mine.complete(again);
        return hit(again);
      }
      Duration lockTtl = lockTtl(ttl);
      String lockKey = key + LOCK_SUFFIX;
      String token = UUID.randomUUID().toString();
      Object got = waitForLock(key, lockKey, token, lockTtl);
      if (got == TAKEN) {
        try {
          Object stored = lookup(key); // stored by another process while we waited for the lock?
          if (stored != MISS) {
            mine.complete(stored);
            return hit(stored);
          }
          T value = compute(key, ttl, loader, condition);
          mine.complete(value);
          return value;
        } finally {
          release(lockKey, token);
        }
      }
      if (got != PROCEED) { // another process stored it while we waited
        mine.complete(got);
        return hit(got);
      }
      T value = compute(key, ttl, loader, condition);
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw sneaky(t);
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** The TTL of the backend lock of {@code lock = true}: the entry's (cashews cache-05: none is refused). */
  private Duration lockTtl(@Nullable Duration ttl) {
    if (ttl == null) {
      throw new IllegalArgumentException(name + ": ttl can't be null with lock = true");
    }
    return ttl;
  }

  /**
   * Waits for the backend lock of a miss ({@code lock = true}), so that concurrent misses in every
   * process sharing the backend make one call: {@link #TAKEN}; a value another process stored
   * meanwhile (checked every {@link #lockStep}); or {@link #PROCEED} when the lock cannot be had:
   * the backend does not answer {@code PING} (as a suppressed backend failure, the method is
   * called directly, cashews lock-05), {@code SET_LOCK} is disabled, or the wait reached the lock's
   * TTL.
   */
  private @Nullable Object waitForLock(String key, String lockKey, String token, Duration lockTtl) {
    if (cache.isDisabled(lockKey, Command.SET_LOCK)) {
      return PROCEED;
    }
    long deadline = System.nanoTime() + SiteCommands.nanos(lockTtl);
    while (true) {
      boolean taken;
      try {
        taken = cache.setLock(lockKey, token, lockTtl);
      } catch (RuntimeException | Error e) {
        try {
          cache.unlock(lockKey, token); // a middleware may throw after the lock was taken
        } catch (RuntimeException again) {
          e.addSuppressed(again);
        }
        throw e;
      }
      if (taken) {
        return TAKEN;
      }
      try {
        access.pingRoute(lockKey);
      } catch (RuntimeException e) {
        log.warn(name + ": the backend did not confirm the lock on '" + lockKey + "' and does not answer PING;"
            + " calling the method without it: " + e, e);
        return PROCEED;
      }
      long left = deadline - System.nanoTime();
      if (!SiteCommands.sleep(Math.min(lockStepNanos, Math.max(0, left)))) {
        throw new LockedException(name + ": interrupted while waiting for the lock on '" + lockKey + "'");
      }
      Object stored = lookup(key);
      if (stored != MISS) {
        return stored;
      }
      if (left <= 0) {
        log.warn(name + ": waited " + lockTtl + " for the lock on '" + lockKey + "'; calling the method without it", null);
        return PROCEED;
      }
    }
  }

  /** Releases the backend lock; a failure is logged (the lock ends with its TTL). */
  private void release(String lockKey, String token) {
    try {
      cache.unlock(lockKey, token);
    } catch (RuntimeException e) {
      log.warn(name + ": releasing the lock on '" + lockKey + "' failed; it ends with its TTL: " + e, e);
    }
  }

  private static Object await(CompletableFuture<Object> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      throw sneaky(e.getCause() == null ? e : e.getCause());
    }
  }

  private T compute(String key, @Nullable Duration ttl, Loader<T> loader, @Nullable Predicate<? super T> condition) {
    long start = timeConditionNanos > 0 ? System.nanoTime() : 0;
    T value;
    Served.take();
    try {
      value = loader.load();
    } catch (Throwable t) {
      CachedFailure failure = failureOf(t);
      if (failure != null && slowEnough(start)) {
        store(key, failure, ttl, tagsOf(loader));
      }
      throw sneaky(t);
    }
    if (Served.take()) { // an inner step answered from the store: returned, never stored as fresh
      if (inner) {
        Served.mark();
      }
      return value;
    }
    if (shouldStore(value, condition) && slowEnough(start)) {
      store(key, value, ttl, tagsOf(loader));
    }
    return value;
  }

  private void store(String key, @Nullable Object value, @Nullable Duration ttl, String[] tags) {
    Sites.store(cache, access, STRATEGY, log, name, key, value, ttl, tags);
  }

  /**
   * Stores a result of an async method; with {@code awaited}, the returned stage completes once
   * the backend answered (a backend lock is released only then), else at once.
   */
  private CompletableFuture<?> storeAsync(String key, @Nullable Object value, @Nullable Duration ttl, boolean awaited, String[] tags) {
    if (!awaited || !access.blocking(key)) {
      Sites.storeAsync(cache, access, STRATEGY, log, name, key, value, ttl, tags);
      return DONE;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      (tags.length == 0 ? cache.async().set(key, value, ttl) : cache.async().set(key, value, ttl, List.of(tags))).whenComplete((written, e) -> {
        if (e != null) {
          log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
        }
        done.complete(null);
      });
    } catch (RuntimeException e) {
      log.warn(name + ": storing key '" + key + "' failed; the result is returned uncached: " + e, e);
      done.complete(null);
    }
    return done;
  }

  private boolean shouldStore(@Nullable T value, @Nullable Predicate<? super T> condition) {
    if (onlyExceptions || (notNull && (value == null || (value instanceof java.util.Optional && ((java.util.Optional<?>) value).isEmpty())))) {
      return false;
    }
    return condition == null || condition.test(value);
  }

  private boolean slowEnough(long start) {
    return timeConditionNanos == 0 || System.nanoTime() - start > timeConditionNanos;
  }

  /**
   * A call of a method returning a {@code CompletionStage}: a hit is a completed future; on a miss
   * {@code loader} runs and concurrent misses of one key share its call. On a backend doing I/O
   * (Redis, disk) the lookup and the store are asynchronous, so the caller's thread never waits for the
   * backend; on memory they run inline.
   */
  @Override
  public CompletableFuture<T> callAsync(String key, AsyncLoader<T> loader) {
    return callAsyncWith(key, ttl, loader, null);
  }

  /** As {@link #callAsync(String, AsyncLoader)}, adding the stored key to {@code tags}. */
  public CompletableFuture<T> callAsync(String key, AsyncLoader<T> loader, String... tags) {
    return callAsyncWith(key, ttl, tagged(loader, tags), null);
  }

  /** As {@link #callAsync(String, AsyncLoader)} with a TTL computed for this call (a {@code ttlMethod}). */
  public CompletableFuture<T> callAsync(String key, Object ttl, AsyncLoader<T> loader, String... tags) {
    return callAsyncWith(key, toDuration(ttl), tagged(loader, tags), null);
  }

  /** As {@link #callAsync(String, AsyncLoader)}, storing only values {@code condition} accepts. */
  public CompletableFuture<T> callAsyncIf(String key, AsyncLoader<T> loader, Predicate<? super T> condition, String... tags) {
    return callAsyncWith(key, ttl, tagged(loader, tags), condition);
  }

  /** As {@link #callAsyncIf(String, AsyncLoader, Predicate, String...)} with a TTL computed for this call. */
  public CompletableFuture<T> callAsyncIf(
      String key, Object ttl, AsyncLoader<T> loader, Predicate<? super T> condition, String... tags) {
    return callAsyncWith(key, toDuration(ttl), tagged(loader, tags), condition);
  }

  private CompletableFuture<T> callAsyncWith(
      String key, @Nullable Duration ttl, AsyncLoader<T> loader, @Nullable Predicate<? super T> condition) {
    Object now = access.lookupNow(key, MISS, Sites.PENDING, STRATEGY, this.ttl);
    if (now != Sites.PENDING) {
      Object hit = checked(key, now);
      return hit != MISS ? hitAsync(hit) : loadAsync(key, ttl, inCallersContext(loader), condition);
    }
    AsyncLoader<T> carried = inCallersContext(loader); // a lock wait may call it on a scheduler's thread
    return Sites.afterLookup(access, key, STRATEGY, this.ttl, inner, stored -> {
      Object hit = checked(key, stored);
      return hit != MISS ? hitAsync(hit) : loadAsync(key, ttl, carried, condition);
    });
  }

  /** Starts the asynchronous computation of a result. */
  @FunctionalInterface
  public interface AsyncLoader<T> {
    CompletionStage<T> load() throws Throwable;
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<T> loadAsync(
      String key, @Nullable Duration ttl, AsyncLoader<T> loader, @Nullable Predicate<? super T> condition) {
    Served.Future<Object> mine = new Served.Future<>();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      Served.Future<T> joined = new Served.Future<>();
      Sites.relay((CompletableFuture<T>) (CompletableFuture<?>) running, joined, inner);
      return joined;
    }
    if (lock) {
      loadLocked(key, ttl, loader, condition, mine);
    } else {
      run(key, ttl, loader, condition, mine, null, null);
    }
    Served.Future<T> result = new Served.Future<>();
    Sites.relay((CompletableFuture<T>) (CompletableFuture<?>) mine, result, inner);
    return result;
  }

  /**
   * Runs {@code loader} for the miss {@code mine} stands for, stores its result and completes
   * {@code mine}. With a backend lock ({@code lockKey}), the store is written before the lock is
   * released, and {@code mine} completes after that, so another process that takes the lock next
   * finds the value.
   */
  private void run(
      String key,
      @Nullable Duration ttl,
      AsyncLoader<T> loader,
      @Nullable Predicate<? super T> condition,
      Served.Future<Object> mine,
      @Nullable String lockKey,
      @Nullable String token) {
    try {
      long start = timeConditionNanos > 0 ? System.nanoTime() : 0;
      CompletionStage<T> stage;
      try {
        stage = loader.load();
        if (stage == null) {
          stage = CompletableFuture.failedFuture(
              new NullPointerException(name + " returned a null CompletionStage; return a completed future instead"));
        }
      } catch (Throwable t) {
        stage = CompletableFuture.failedFuture(t);
      }
      CompletionStage<T> loaded = stage;
      stage.whenComplete(
          (value, error) -> {
            CompletableFuture<?> stored = DONE;
            try {
              if (error == null && Served.from(loaded)) {
                mine.served = true; // an inner step answered from the store: returned, never stored as fresh
              } else if (error == null) {
                if (shouldStore(value, condition) && slowEnough(start)) {
                  stored = storeAsync(key, value, ttl, lockKey != null, tagsOf(loader));
                }
              } else {
                CachedFailure failure = failureOf(unwrap(error));
                if (failure != null && slowEnough(start)) {
                  stored = storeAsync(key, failure, ttl, lockKey != null, tagsOf(loader));
                }
              }
            } catch (Throwable unexpected) {
              log.warn(name + ": after the call for key '" + key + "': " + unexpected, unexpected);
            }
            CompletableFuture<?> released =
                lockKey == null || token == null ? stored : stored.thenCompose(x -> releaseAsync(lockKey, token));
            released.whenComplete((x, e) -> finish(key, mine, value, error));
          });
    } catch (Throwable t) {
      // whenComplete itself failed (a broken CompletionStage implementation): never leave the key in flight
      if (lockKey != null && token != null) {
        releaseAsync(lockKey, token);
      }
      finish(key, mine, null, t);
    }
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Completes {@code mine}, after taking it out of flight, so a caller reacting to the result starts afresh. */
  private void finish(String key, Served.Future<Object> mine, @Nullable Object value, @Nullable Throwable error) {
    inFlight.remove(key, mine);
    if (error == null) {
      mine.complete(value);
    } else {
      mine.completeExceptionally(unwrap(error));
    }
  }

  /** Completes {@code mine} with a value another process stored while this one waited for the lock. */
  private void finishStored(String key, Served.Future<Object> mine, @Nullable Object stored) {
    inFlight.remove(key, mine);
    if (stored instanceof CachedFailure) {
      mine.completeExceptionally(rebuild((CachedFailure) stored));
    } else {
      mine.served = true;
      mine.complete(stored);
    }
  }

  /** A miss of {@code lock = true} for a method returning a {@code CompletionStage}: {@link #waitForLock} without a thread. */
  private void loadLocked(
      String key, @Nullable Duration ttl, AsyncLoader<T> loader, @Nullable Predicate<? super T> condition,
      Served.Future<Object> mine) {
    Duration lockTtl;
    try {
      lockTtl = lockTtl(ttl);
    } catch (RuntimeException e) {
      finish(key, mine, null, e);
      return;
    }
    String lockKey = key + LOCK_SUFFIX;
    if (cache.isDisabled(lockKey, Command.SET_LOCK)) {
      run(key, ttl, loader, condition, mine, null, null);
      return;
    }
    String token = UUID.randomUUID().toString();
    CompletableFuture<@Nullable Object> got = new CompletableFuture<>();
    tryLockAsync(key, lockKey, token, lockTtl, System.nanoTime() + SiteCommands.nanos(lockTtl), got);
    got.whenComplete((answer, error) -> {
      if (error != null) {
        finish(key, mine, null, error);
      } else if (answer == TAKEN) {
        lookupStage(key).whenComplete((stored, lookupFailed) -> { // stored by another process meanwhile?
          if (lookupFailed != null) {
            releaseAsync(lockKey, token).whenComplete((x, e) -> finish(key, mine, null, lookupFailed));
          } else if (stored != MISS) {
            releaseAsync(lockKey, token).whenComplete((x, e) -> finishStored(key, mine, stored));
          } else {
            run(key, ttl, loader, condition, mine, lockKey, token);
          }
        });
      } else if (answer == PROCEED) {
        run(key, ttl, loader, condition, mine, null, null);
      } else {
        finishStored(key, mine, answer);
      }
    });
  }

  private void tryLockAsync(
      String key, String lockKey, String token, Duration lockTtl, long deadline, CompletableFuture<@Nullable Object> got) {
    SiteCommands.run(
            access, lockKey, () -> cache.setLock(lockKey, token, lockTtl), () -> cache.async().setLock(lockKey, token, lockTtl))
        .whenComplete((taken, error) -> {
          if (error != null) {
            // a middleware may throw after the lock was taken: release it, then report the failure
            releaseAsync(lockKey, token).whenComplete((x, e) -> got.completeExceptionally(error));
            return;
          }
          if (taken) {
            got.complete(TAKEN);
            return;
          }
          pingAsync(lockKey).whenComplete((pong, pingFailed) -> {
            if (pingFailed != null) {
              log.warn(name + ": the backend did not confirm the lock on '" + lockKey + "' and does not answer PING;"
                  + " calling the method without it: " + pingFailed, pingFailed);
              got.complete(PROCEED);
              return;
            }
            long left = deadline - System.nanoTime();
            SiteCommands.later(access, key, Math.min(lockStepNanos, Math.max(0, left)), () ->
                lookupStage(key).whenComplete((stored, lookupFailed) -> {
                  if (lookupFailed != null) {
                    got.completeExceptionally(lookupFailed);
                  } else if (stored != MISS) {
                    got.complete(stored);
                  } else if (left <= 0) {
                    log.warn(name + ": waited " + lockTtl + " for the lock on '" + lockKey + "'; calling the method without it", null);
                    got.complete(PROCEED);
                  } else {
                    tryLockAsync(key, lockKey, token, lockTtl, deadline, got);
                  }
                }), got);
          });
        });
  }

  /** {@code PING} the backend holding {@code key}, without blocking on it. */
  private CompletableFuture<String> pingAsync(String key) {
    try {
      return access.pingRouteAsync(key).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #lookup} without blocking: inline on memory, through the async path otherwise. */
  private CompletableFuture<@Nullable Object> lookupStage(String key) {
    try {
      Object now = access.lookupNow(key, MISS, Sites.PENDING, STRATEGY, this.ttl);
      if (now != Sites.PENDING) {
        return CompletableFuture.completedFuture(checked(key, now));
      }
      CompletableFuture<@Nullable Object> out = new CompletableFuture<>();
      access.lookupAsync(key, MISS, STRATEGY, this.ttl).whenComplete((stored, error) -> {
        if (error != null) {
          out.completeExceptionally(unwrap(error));
        } else {
          try {
            out.complete(checked(key, stored));
          } catch (Throwable t) {
            out.completeExceptionally(t);
          }
        }
      });
      return out;
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  /** Releases the backend lock without blocking; a failure is logged (the lock ends with its TTL). */
  private CompletableFuture<Void> releaseAsync(String lockKey, String token) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    SiteCommands.run(access, lockKey, () -> cache.unlock(lockKey, token), () -> cache.async().unlock(lockKey, token))
        .whenComplete((released, e) -> {
          if (e != null) {
            log.warn(name + ": releasing the lock on '" + lockKey + "' failed; it ends with its TTL: " + e, e);
          }
          done.complete(null);
        });
    return done;
  }

  private static Throwable unwrap(Throwable error) {
    return Sites.unwrap(error);
  }

  /** A hit for a method returning a {@code CompletionStage}: a completed (or failed) future. */
  @SuppressWarnings("unchecked")
  private CompletableFuture<T> hitAsync(Object stored) {
    if (stored instanceof CachedFailure) {
      return CompletableFuture.failedFuture(rebuild((CachedFailure) stored));
    }
    return inner ? Served.completed((T) stored) : CompletableFuture.completedFuture((T) stored);
  }

  private @Nullable CachedFailure failureOf(Throwable t) {
    for (Class<? extends Throwable> type : exceptions.keySet()) {
      if (type.isInstance(t)) {
        return new CachedFailure(type.getName(), t.getMessage());
      }
    }
    return null;
  }

  private @Nullable Function<String, ? extends Throwable> factory(String type) {
    for (Map.Entry<Class<? extends Throwable>, Function<String, ? extends Throwable>> e : exceptions.entrySet()) {
      if (e.getKey().getName().equals(type)) {
        return e.getValue();
      }
    }
    return null;
  }

  private Throwable rebuild(CachedFailure failure) {
    Function<String, ? extends Throwable> factory = factory(failure.type());
    if (factory == null) { // lookup turns these into misses; a value handed to hit() directly may still be one
      return new IllegalStateException(
          name + ": a cached " + failure.type() + " (" + failure.message() + ") is no longer listed in cacheExceptions");
    }
    return factory.apply(failure.message());
  }

  private static @Nullable Duration toDuration(@Nullable Object ttl) {
    if (ttl == null || ttl instanceof Duration) {
      return (Duration) ttl;
    }
    if (ttl instanceof CharSequence) {
      return TtlParser.parse(ttl.toString());
    }
    throw new IllegalArgumentException("a ttlMethod must return a Duration or a String, returned a " + ttl.getClass().getName());
  }

  private static RuntimeException sneaky(Throwable t) {
    throw Sites.sneaky(t);
  }

  @Override
  public String toString() {
    return "CachedSite[" + name + "]";
  }

  /** A cached exception: its listed type and message, rebuilt on every hit. */
  public record CachedFailure(String type, @Nullable String message) implements java.io.Serializable {}

  /** Describes a cached method; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Duration ttl;
    private boolean notNull;
    private boolean onlyExceptions;
    private final Map<Class<? extends Throwable>, Function<String, ? extends Throwable>> exceptions = new LinkedHashMap<>();
    private @Nullable Duration timeCondition;
    private boolean lock;
    private Duration lockStep = Duration.ofMillis(100);
    private boolean inner;
    private @Nullable Class<?> type;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder<T> ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** {@code condition = NOT_NULL}: a {@code null} result (or an empty {@code Optional}) is not stored. */
    public Builder<T> notNull() {
      this.notNull = true;
      return this;
    }

    /** {@code cacheExceptions}: {@code type} is stored too; {@code factory} rebuilds it from its message. */
    public <E extends Throwable> Builder<T> cacheException(Class<E> type, Function<String, E> factory) {
      exceptions.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** {@code onlyExceptions}: normal results are not stored, only the listed exceptions. */
    public Builder<T> onlyExceptions() {
      this.onlyExceptions = true;
      return this;
    }

    /** {@code timeCondition}: store only results that took longer than {@code threshold}. */
    public Builder<T> timeCondition(Duration threshold) {
      this.timeCondition = Objects.requireNonNull(threshold, "threshold");
      return this;
    }

    /**
     * The class every stored result is an instance of (the erasure of the method's result type,
     * boxed): a stored value of another class reads as a miss.
     */
    public Builder<T> type(Class<?> type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * {@code lock = true}: concurrent misses of one key make one call, in this process (they share
     * its result) and across processes sharing the backend (the backend lock {@code key + ":lock"},
     * held for the TTL at most; waiters check the store every 100 ms).
     */
    public Builder<T> lock() {
      this.lock = true;
      return this;
    }

    /** How often a miss waiting for another process's backend lock checks the store and the lock again. */
    Builder<T> lockStep(Duration step) {
      this.lockStep = Durations.positive(name, step, "lockStep");
      return this;
    }

    /**
     * This step runs inside another step of its method ({@code @Failover} over {@code @Cached}):
     * a hit is reported as served from the store, so the outer step returns it without storing
     * it again.
     */
    public Builder<T> inner() {
      this.inner = true;
      return this;
    }

    public CachedSite<T> build() {
      return new CachedSite<>(this);
    }
  }
}
