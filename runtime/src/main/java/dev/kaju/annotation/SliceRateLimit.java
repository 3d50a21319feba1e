package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.slice_rate_limit}: at most {@link #limit()} calls per key in any sliding
 * window of {@link #period()}, counted in the backend ({@code sliceIncr}). A call over the limit
 * throws {@code RateLimitException} without running the method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SliceRateLimit {

  /** Calls allowed in any window (at least 1). */
  int limit();

  /** The sliding window: {@code "10s"}. */
  String period();

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "srl"} by default. */
  String prefix() default "srl";
}
