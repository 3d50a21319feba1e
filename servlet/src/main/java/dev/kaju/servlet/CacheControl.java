package dev.kaju.servlet;

import dev.kaju.Cache;
import dev.kaju.Kaju;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TTL a request asks for with {@code Cache-Control: max-age=N} (cashews' {@code
 * cache_control_ttl}), for a cached method's {@code ttlMethod}:
 *
 * <pre>{@code
 * public interface Catalog {
 *   @Cached(key = "items:{page}", ttlMethod = "ttl")
 *   String items(int page);
 *
 *   static Duration ttl() {
 *     return CacheControl.ttl(Duration.ofSeconds(10));   // max-age when the request sent one
 *   }
 * }
 * }</pre>
 *
 * The request's {@code max-age} is known only while {@link CacheControlFilter} runs the request, and
 * only on the thread that runs it: a method called on another thread (an asynchronous servlet's
 * {@code AsyncContext.start}, an executor) gets the default.
 */
public final class CacheControl {
  /** The {@code max-age} of the request this thread runs, set by {@link CacheControlFilter}. */
  private static final ThreadLocal<@Nullable Duration> MAX_AGE = new ThreadLocal<>();

  private CacheControl() {}

  /**
   * The {@code max-age} of the request this thread runs through {@link CacheControlFilter} (a GET
   * or HEAD with a well-formed, positive {@code max-age}), else {@code defaultTtl}.
   */
  public static Duration ttl(Duration defaultTtl) {
    Objects.requireNonNull(defaultTtl, "defaultTtl");
    Duration asked = MAX_AGE.get();
    return asked != null ? asked : defaultTtl;
  }

  /**
   * As {@link #ttl(Duration)}, at most {@code longest}: the client chooses {@code max-age}, and
   * without a bound one request can keep a result stored for 68 years.
   *
   * @throws IllegalArgumentException when {@code longest} is not positive
   */
  public static Duration ttl(Duration defaultTtl, Duration longest) {
    Objects.requireNonNull(longest, "longest");
    if (longest.isNegative() || longest.isZero()) {
      throw new IllegalArgumentException("longest must be positive, was " + longest);
    }
    Duration ttl = ttl(defaultTtl);
    return ttl.compareTo(longest) > 0 ? longest : ttl;
  }

  /** As {@link #ttl(Duration)} with the default as text: {@code "10s"}, {@code "600"}, {@code "PT10M"}. */
  public static Duration ttl(String defaultTtl) {
    return ttl(Kaju.ttl(Objects.requireNonNull(defaultTtl, "defaultTtl")));
  }

  /** Sets the current thread's {@code max-age} ({@code null}: none) until the returned scope closes. */
  static Cache.Scope bind(@Nullable Duration maxAge) {
    Duration before = MAX_AGE.get();
    MAX_AGE.set(maxAge);
    return () -> {
      if (before == null) {
        MAX_AGE.remove();
      } else {
        MAX_AGE.set(before);
      }
    };
  }
}
