package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.rate_limit}: at most {@link #limit()} calls per key in each fixed window
 * of {@link #period()}, counted in the backend so every process sharing it shares the limit. A call
 * over the limit throws {@code RateLimitException} without running the method; with {@link #ttl()}
 * the key stays banned that long from the first call over the limit.
 *
 * <pre>{@code
 * @RateLimit(limit = 10, period = "1m", key = "login:{user}")
 * Session login(String user, String password);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface RateLimit {

  /** Calls allowed per window (at least 1). */
  int limit();

  /** The window: {@code "1s"}, {@code "1m"}. */
  String period();

  /** How long a key that went over the limit stays banned; empty: until its window ends. */
  String ttl() default "";

  /**
   * A method of the interface answering instead of a call over the limit (cashews' {@code
   * action=}): static, default or abstract (then the delegate's), taking the same parameters (or
   * none) and returning what the method returns. Empty: {@code RateLimitException}. An outer
   * strategy never stores its answer.
   */
  String fallback() default "";

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "rate_limit"} by default. */
  String prefix() default "rate_limit";
}
