package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.failover}: the method always runs; each good result is stored, and when
 * the method throws one of {@link #exceptions()} the last good result for the key is returned
 * instead. With no stored result the exception propagates unchanged.
 *
 * <pre>{@code
 * @Failover(ttl = "2h", exceptions = IOException.class)
 * Status status(String name) throws IOException;
 * }</pre>
 *
 * <p>Stacked with other strategies it is one step of the method, in the order written (the first
 * annotation is the outermost, as cashews' decorators stack). A result an inner step served from
 * the store (a {@code @Cached} hit) is returned but not stored again, and a fallback this step
 * serves is never stored by an outer step.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Failover {

  /**
   * How long the last good result is kept: {@code "1d2h3m50s"}, {@code "600"} (seconds) or {@code
   * "PT10M"}. Empty means the interface's {@code @Cached(ttl)}; one of the two is needed.
   */
  String ttl() default "";

  /**
   * The exceptions answered with the last good result (their subclasses too). Empty: the cache's
   * defaults ({@code Cache#setDefaultFailExceptions}), {@code Exception} unless changed. A checked
   * exception the method cannot throw is a compile error.
   */
  Class<? extends Throwable>[] exceptions() default {};

  /**
   * The key template, as {@link Cached#key()}. Empty: {@code <interface>.<method>:<param>:{param}...}
   * rendered injectively.
   */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "fail"} by default. */
  String prefix() default "fail";
}
