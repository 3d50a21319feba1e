package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.circuit_breaker}: counts calls and failures per key over {@link #period()}
 * in the backend; once at least {@link #minCalls()} calls were made and the failures reach {@link
 * #errorsRate()} percent, the breaker opens for {@link #ttl()}: calls throw {@code
 * CircuitBreakerOpenException} without running the method. With {@link #halfOpenTtl()}, after that
 * some trial calls go through (about half), and the breaker closes if they succeed.
 *
 * <pre>{@code
 * @CircuitBreaker(errorsRate = 10, period = "1m", ttl = "30s", minCalls = 20)
 * Quote quote(String symbol);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CircuitBreaker {

  /** The failure percentage that opens the breaker: more than 0, less than 100. */
  int errorsRate();

  /** The window calls and failures are counted over. */
  String period();

  /** How long the breaker stays open. */
  String ttl();

  /** After the open time, how long trial calls are let through; empty: none (closed again at once). */
  String halfOpenTtl() default "";

  /** Calls needed in the window before the rate counts. */
  int minCalls() default 1;

  /** The exceptions that count as failures; empty: the cache's defaults ({@code Exception}). */
  Class<? extends Throwable>[] exceptions() default {};

  /** The key template, as {@link Cached#key()}; empty: {@code <interface>.<method>}, no arguments (cashews cb-05). */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "circuit_breaker"} by default. */
  String prefix() default "circuit_breaker";
}
