package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.RateLimitException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @RateLimit} (cashews' {@code rate_limit}), a fixed
 * window counted in the backend, so every process sharing it shares the limit. Each call adds one
 * to the counter at its key ({@code incr(key, 1, period)}: the window starts when the counter is
 * created and ends with its TTL). A call that makes the count exceed {@code limit} throws {@link
 * RateLimitException} without running the method; with a ban {@code ttl}, the first call over the
 * limit sets the counter's TTL to it ({@code expire(key, ttl)}), so the key stays refused that long.
 *
 * <pre>{@code
 * String key = "rate_limit:login:" + KeyParts.exact(user);
 * return loginLimit.call(key, () -> delegate.login(user, password));
 * }</pre>
 *
 * A backend that cannot count (a suppressed failure answers 0) lets calls through: a limit
 * protects the method, it never takes it down with the store. With {@code suppress=false} the
 * backend's exception propagates and the method does not run.
 *
 * @param <T> the method's result type (boxed)
 */
public final class RateLimitSite<T> implements Step<T> {
  private static final String STRATEGY = "rate_limit";
  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final int limit;
  private final Duration period;
  private final @Nullable Duration ban;
  private final boolean inner;

  private RateLimitSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    if (b.limit == null) {
      throw new IllegalStateException(b.name + ": a @RateLimit step needs a limit");
    }
    this.limit = b.limit;
    this.period = Objects.requireNonNull(b.period, () -> b.name + ": a @RateLimit step needs a period");
    this.ban = b.ttl;
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @RateLimit} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    try (Cache.Scope attributed = access.attribute(STRATEGY, period)) {
      long count = cache.incr(key, 1, period);
      if (count > limit) {
        RateLimitException over = over();
        if (ban != null && count == limit + 1L) {
          try {
            cache.expire(key, ban);
          } catch (RuntimeException e) {
            over.addSuppressed(e);
          }
        }
        throw over;
      }
    }
    return SiteCommands.pass(next, inner);
  }

  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> caller) {
    CachedSite.AsyncLoader<T> next = Sites.inCallersContext(caller); // may run on the backend's thread
    Served.Future<T> out = new Served.Future<>();
    CompletableFuture<Long> counted;
    try (Cache.Scope attributed = access.attribute(STRATEGY, period)) {
      counted = SiteCommands.run(access, key, () -> cache.incr(key, 1, period), () -> cache.async().incr(key, 1, period));
    }
    counted.whenComplete((count, error) -> {
          if (error != null) {
            out.completeExceptionally(error);
          } else if (count > limit) {
            RateLimitException over = over();
            if (ban != null && count == limit + 1L) {
              SiteCommands.run(access, key, () -> cache.expire(key, ban), () -> cache.async().expire(key, ban))
                  .whenComplete((expired, e) -> {
                    if (e != null) {
                      over.addSuppressed(e);
                    }
                    out.completeExceptionally(over);
                  });
            } else {
              out.completeExceptionally(over);
            }
          } else {
            CompletionStage<T> stage = SiteCommands.start(name, next);
            stage.whenComplete((value, failure) -> SiteCommands.complete(out, stage, value, failure, inner));
          }
        });
    return out;
  }

  /**
   * As {@link #call(String, CachedSite.Loader)}, but a call over the limit returns what {@code
   * fallback} returns instead of throwing (cashews' {@code action=}); an outer step does not store
   * that answer.
   */
  public T call(String key, CachedSite.Loader<T> next, CachedSite.Loader<T> fallback) {
    return Refusal.orFallback(this, inner, () -> call(key, next), fallback);
  }

  /** As {@link #call(String, CachedSite.Loader, CachedSite.Loader)} for a method returning a {@code CompletionStage}. */
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> next, CachedSite.AsyncLoader<T> fallback) {
    return Refusal.orFallbackAsync(this, name, inner, callAsync(key, next), fallback);
  }

  private RateLimitException over() {
    return new Refusal(name + ": rate limit of " + limit + " calls per " + Durations.show(period) + " reached"
        + (ban == null ? "" : "; banned for " + Durations.show(ban)), this);
  }

  @Override
  public String toString() {
    return "RateLimitSite[" + name + "]";
  }

  /** Describes a {@code @RateLimit} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Integer limit;
    private @Nullable Duration period;
    private @Nullable Duration ttl;
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Calls allowed in each window, at least 1. */
    public Builder<T> limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException(name + ": limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** The window, counted from the first call after the previous window ended. */
    public Builder<T> period(Duration period) {
      this.period = Durations.positive(name, period, "period");
      return this;
    }

    /** How long a key that went over the limit stays refused, from its first refused call; none: until its window ends. */
    public Builder<T> ttl(Duration ttl) {
      this.ttl = Durations.positive(name, ttl, "ttl");
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

    public RateLimitSite<T> build() {
      return new RateLimitSite<>(this);
    }
  }
}
