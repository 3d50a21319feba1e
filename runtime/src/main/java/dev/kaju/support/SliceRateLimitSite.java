package dev.kaju.support;

import dev.kaju.Cache;
import dev.kaju.RateLimitException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code: the step of {@code @SliceRateLimit} (cashews' {@code slice_rate_limit}),
 * a sliding window counted in the backend. Each call records its time with {@code
 * sliceIncr(key, now - period, now, limit + 1, period)}, {@code now} being the wall clock of the
 * key's route ({@code Settings.clock}, so every process counts alike); a count over {@code limit}
 * throws {@link RateLimitException} without running the method. Refused calls are recorded too,
 * up to {@code limit + 1} entries, as in cashews.
 *
 * <pre>{@code
 * String key = "srl:search:" + KeyParts.exact(user);
 * return searchLimit.call(key, () -> delegate.search(user, query));
 * }</pre>
 *
 * @param <T> the method's result type (boxed)
 */
public final class SliceRateLimitSite<T> implements Step<T> {
  private static final String STRATEGY = "slice_rate_limit";
  private final Cache cache;
  private final SiteAccess access;
  private final String name;
  private final int limit;
  private final Duration period;
  private final long periodMillis;
  private final boolean inner;

  private SliceRateLimitSite(Builder<T> b) {
    this.cache = b.cache;
    this.access = SiteAccess.of(b.cache);
    this.name = b.name;
    if (b.limit == null) {
      throw new IllegalStateException(b.name + ": a @SliceRateLimit step needs a limit");
    }
    this.limit = b.limit;
    this.period = Objects.requireNonNull(b.period, () -> b.name + ": a @SliceRateLimit step needs a period");
    this.periodMillis = Math.max(1, period.toMillis());
    this.inner = b.inner;
  }

  /** Starts the description of a {@code @SliceRateLimit} step; {@code name} is {@code Interface.method}. */
  public static <T> Builder<T> builder(Cache cache, String name) {
    return new Builder<>(cache, name);
  }

  @Override
  public T call(String key, CachedSite.Loader<T> next) {
    long now = access.clock(key).millis();
    try (Cache.Scope attributed = access.attribute(STRATEGY, period)) {
      if (cache.sliceIncr(key, now - periodMillis, now, limit + 1L, period) > limit) {
        throw over();
      }
    }
    return SiteCommands.pass(next, inner);
  }

  @Override
  public CompletableFuture<T> callAsync(String key, CachedSite.AsyncLoader<T> caller) {
    CachedSite.AsyncLoader<T> next = Sites.inCallersContext(caller); // may run on the backend's thread
    Served.Future<T> out = new Served.Future<>();
    long now = access.clock(key).millis();
    long start = now - periodMillis;
    CompletableFuture<Long> counted;
    try (Cache.Scope attributed = access.attribute(STRATEGY, period)) {
      counted = SiteCommands.run(
          access,
          key,
          () -> cache.sliceIncr(key, start, now, limit + 1L, period),
          () -> cache.async().sliceIncr(key, start, now, limit + 1L, period));
    }
    counted.whenComplete((count, error) -> {
          if (error != null) {
            out.completeExceptionally(error);
          } else if (count > limit) {
            out.completeExceptionally(over());
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
    return new Refusal(
        name + ": rate limit of " + limit + " calls in any " + Durations.show(period) + " reached", this);
  }

  @Override
  public String toString() {
    return "SliceRateLimitSite[" + name + "]";
  }

  /** Describes a {@code @SliceRateLimit} step; built once in the generated constructor. */
  public static final class Builder<T> {
    private final Cache cache;
    private final String name;
    private @Nullable Integer limit;
    private @Nullable Duration period;
    private boolean inner;

    private Builder(Cache cache, String name) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Calls allowed in any window, at least 1. */
    public Builder<T> limit(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException(name + ": limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** The sliding window. */
    public Builder<T> period(Duration period) {
      this.period = Durations.positive(name, period, "period");
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

    public SliceRateLimitSite<T> build() {
      return new SliceRateLimitSite<>(this);
    }
  }
}
