package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.CircuitBreakerOpenException;
import dev.kaju.internal.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @CircuitBreaker} (cashews' {@code circuit_breaker}),
 * its state kept in the backend so every process sharing it sees one breaker per key.
 *
 * <ul>
 *   <li>Each call that runs is counted in {@code <key>:total}, each failure (one of the {@code
 *       exception}s, else the cache's {@code defaultFailExceptions()}) also in {@code
 *       <key>:fails}: sliding windows of {@code period} ({@code sliceIncr}, at most 9999 entries
 *       each, as cashews), stamped with the route's wall clock ({@code Settings.clock}).
 *   <li>After a failure, when {@code total >= minCalls} and {@code fails * 100 / total >=
 *       errorsRate}, the breaker opens: {@code setLock(<key>:open, ..., ttl)}.
 *   <li>While {@code <key>:open} exists every call throws {@link CircuitBreakerOpenException}
 *       without running the method (and is not counted).
 *   <li>With {@code halfOpenTtl}, opening also writes {@code <key>:halfopen} for {@code ttl +
 *       halfOpenTtl}: once the open time is over, and for {@code halfOpenTtl} more, each call is
 *       refused with probability 1/2 (cashews' half-open); the calls let through are counted, so a
 *       failing trial opens the breaker again.
 * </ul>
 *
 * A backend that cannot answer (a suppressed failure) reads as "closed" and counts nothing: the
 * breaker then lets calls through rather than refusing them all. With {@code suppress=false} the
 * backend's exception propagates before the method runs; a failure to count after it ran is logged
 * and the method's own outcome stands.
 *
 * @param <T> the method's result type (boxed)
 */
public final class CircuitBreakerSite<T> implements Step<T> {
  private static final String STRATEGY = "circuit_breaker";
  /** The most entries each counter keeps in its window (cashews' 9999). */
  static final long MAX_COUNT = 9999;

  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final int errorsRate;
  private final Duration period;
  private final long periodMillis;
  private final Duration ttl;
  private final @Nullable Duration halfOpenTtl;
  private final int minCalls;
  private final List<Class<? extends Throwable>> exceptions;
  private final @Nullable RandomGenerator random;
  private final boolean inner;
  private final RateLimitedLog log = new RateLimitedLog(System.getLogger("dev.kaju"), Duration.ofMinutes(1));

  private CircuitBreakerSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    if (b.errorsRate == null) {
      throw new IllegalStateException(b.name + ": a @CircuitBreaker step needs an errorsRate");
    }
    this.errorsRate = b.errorsRate;
    this.period = Objects.requireNonNull(b.period, () -> b.name + ": a @CircuitBreaker step needs a period");
    this.periodMillis = Math.max(1, period.toMillis());
    this.ttl = Objects.requireNonNull(b.ttl, () -> b.name + ": a @CircuitBreaker step needs a ttl");
    this.halfOpenTtl = b.halfOpenTtl;
    this.minCalls = b.minCalls;
    this.exceptions = List.copyOf(b.exceptions);
    this.random = b.random;
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @CircuitBreaker} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      if (cache.exists(key + ":open")) {
        throw open();
      }
      if (halfOpenTtl != null && cache.exists(key + ":halfopen") && refuseTrial()) {
        throw halfOpen();
      }
    }
    T value;
    Served.take();
    try {
      value = next.load();
    } catch (Throwable t) {
      try {
        record(key, counts(t));
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw e;
        }
        t.addSuppressed(e);
      }
      throw Sites.sneaky(t);
    }
    boolean served = Served.take();
    try {
      record(key, false);
    } catch (RuntimeException e) {
      log.warn(name + ": counting a call of '" + key + "' failed; the result is returned: " + e, e);
    }
    if (served && inner) {
      Served.mark();
    }
    return value;
  }

  /** Counts one call that ran, and opens the breaker when a failure brings the rate to {@code errorsRate}. */
  private void record(String key, boolean failed) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      recordAttributed(key, failed);
    }
  }

  private void recordAttributed(String key, boolean failed) {
    long now = access.clock(key).millis();
    long total = cache.sliceIncr(key + ":total", now - periodMillis, now, MAX_COUNT, period);
    if (!failed) {
      return;
    }
    long fails = cache.sliceIncr(key + ":fails", now - periodMillis, now, MAX_COUNT, period);
    if (opens(total, fails)) {
      cache.setLock(key + ":open", token(), ttl);
      if (halfOpenTtl != null) {
        cache.set(key + ":halfopen", 1L, ttl.plus(halfOpenTtl));
      }
    }
  }

  private boolean opens(long total, long fails) {
    return total > 0 && total >= minCalls && fails * 100 >= (long) errorsRate * total;
  }

  private static String token() {
    return UUID.randomUUID().toString();
  }

  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> caller) {
    CachedSite.AsyncLoader<T> next = Sites.inCallersContext(caller); // may run on the backend's thread
    Served.Future<T> out = new Served.Future<>();
    exists(key + ":open").thenCompose(open -> {
      if (open) {
        return CompletableFuture.<Boolean>failedFuture(open());
      }
      if (halfOpenTtl == null) {
        return CompletableFuture.completedFuture(true);
      }
      return exists(key + ":halfopen").thenApply(half -> {
        if (half && refuseTrial()) {
          throw halfOpen();
        }
        return true;
      });
    }).whenComplete((go, refused) -> {
      if (refused != null) {
        out.completeExceptionally(Sites.unwrap(refused));
        return;
      }
      CompletionStage<T> stage = SiteCommands.start(name, next);
      stage.whenComplete((value, failure) -> {
        Throwable cause = failure == null ? null : Sites.unwrap(failure);
        recordAsync(key, cause != null && counts(cause)).whenComplete((recorded, e) -> {
          if (e != null) {
            if (cause != null) {
              cause.addSuppressed(Sites.unwrap(e));
            } else {
              log.warn(name + ": counting a call of '" + key + "' failed; the result is returned: " + e, e);
            }
          }
          SiteCommands.complete(out, stage, value, cause, inner);
        });
      });
    });
    return out;
  }

  private CompletableFuture<Boolean> exists(String key) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      return SiteCommands.run(access, key, () -> cache.exists(key), () -> cache.async().exists(key));
    }
  }

  private CompletableFuture<Void> recordAsync(String key, boolean failed) {
    long now = access.clock(key).millis();
    long start = now - periodMillis;
    CompletableFuture<Long> total = sliceIncr(key + ":total", start, now);
    if (!failed) {
      return total.thenApply(t -> null);
    }
    return total.thenCompose(t -> sliceIncr(key + ":fails", start, now).thenCompose(fails -> {
      if (!opens(t, fails)) {
        return CompletableFuture.completedFuture(null);
      }
      String openKey = key + ":open";
      String token = token();
      CompletableFuture<Boolean> opened;
      try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
        opened = SiteCommands.run(access, openKey, () -> cache.setLock(openKey, token, ttl), () -> cache.async().setLock(openKey, token, ttl));
      }
      if (halfOpenTtl == null) {
        return opened.thenApply(o -> null);
      }
      String halfKey = key + ":halfopen";
      Duration halfTtl = ttl.plus(halfOpenTtl);
      return opened.thenCompose(o -> {
        try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
          return SiteCommands.run(access, halfKey, () -> cache.set(halfKey, 1L, halfTtl), () -> cache.async().set(halfKey, 1L, halfTtl));
        }
      }).thenApply(o -> null);
    }));
  }

  private CompletableFuture<Long> sliceIncr(String key, long start, long end) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, ttl)) {
      return SiteCommands.run(
          access,
          key,
          () -> cache.sliceIncr(key, start, end, MAX_COUNT, period),
          () -> cache.async().sliceIncr(key, start, end, MAX_COUNT, period));
    }
  }

  /** Whether {@code t} counts as a failure; a {@code VirtualMachineError} never does. */
  private boolean counts(Throwable t) {
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

  /** The half-open draw: refuse this trial call? About one call in two is refused. */
  private boolean refuseTrial() {
    return (random != null ? random : ThreadLocalRandom.current()).nextBoolean();
  }

  private CircuitBreakerOpenException open() {
    return new CircuitBreakerOpenException(name + ": the circuit breaker is open");
  }

  private CircuitBreakerOpenException halfOpen() {
    return new CircuitBreakerOpenException(name + ": the circuit breaker is half-open and refused this trial call");
  }

  @Override
  public String toString() {
    return "CircuitBreakerSite[" + name + "]";
  }

  /** Describes a {@code @CircuitBreaker} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Integer errorsRate;
    private @Nullable Duration period;
    private @Nullable Duration ttl;
    private @Nullable Duration halfOpenTtl;
    private int minCalls = 1;
    private final List<Class<? extends Throwable>> exceptions = new ArrayList<>();
    private @Nullable RandomGenerator random;
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The failure percentage that opens the breaker: more than 0, less than 100 (cashews cb-06). */
    public Builder<T> errorsRate(int errorsRate) {
      if (errorsRate <= 0 || errorsRate >= 100) {
        throw new IllegalArgumentException(name + ": errorsRate must be more than 0 and less than 100, was " + errorsRate);
      }
      this.errorsRate = errorsRate;
      return this;
    }

    /** The sliding window calls and failures are counted over. */
    public Builder<T> period(Duration period) {
      this.period = Durations.positive(name, period, "period");
      return this;
    }

    /** How long the breaker stays open. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Durations.positive(name, ttl, "ttl");
      return this;
    }

    /** After the open time, how long about half the calls are let through as trials; none: closed at once. */
    public Builder<T> halfOpenTtl(Duration halfOpenTtl) {
      this.halfOpenTtl = Durations.positive(name, halfOpenTtl, "halfOpenTtl");
      return this;
    }

    /** Calls needed in the window before the rate counts; 1 by default. */
    public Builder<T> minCalls(int minCalls) {
      if (minCalls < 0) {
        throw new IllegalArgumentException(name + ": minCalls must not be negative, was " + minCalls);
      }
      this.minCalls = minCalls;
      return this;
    }

    /** An exception that counts as a failure; none: the cache's {@code defaultFailExceptions()}. */
    public Builder<T> exception(Class<? extends Throwable> type) {
      exceptions.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /** The method's result class; this step stores nothing, so it only documents the site. */
    public Builder<T> type(Class<?> type) {
      Objects.requireNonNull(type, "type");
      return this;
    }

    /** This step runs inside another step of its method (see {@link CachedSite.Builder#inner}). */
    public Builder<T> inner() {
      this.inner = true;
      return this;
    }

    /** The source of the half-open draws (tests); {@code nextBoolean() == true} refuses a trial call. */
    Builder<T> random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    public CircuitBreakerSite<T> build() {
      return new CircuitBreakerSite<>(this);
    }
  }
}
