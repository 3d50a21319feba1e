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

  /**
   * A method of the interface answering instead of a call over the limit (cashews' {@code
   * action=}): static, default or abstract (then the delegate's), taking the same parameters (or
   * none) and returning what the method returns. Empty: {@code RateLimitException}. An outer
   * strategy never stores its answer.
   */
  String fallback() default "";

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "srl"} by default. */
  String prefix() default "srl";
}
