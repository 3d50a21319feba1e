package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.soft}: a result is served from the cache until {@link #softTtl()}; after
 * it, the next call recomputes, and if that call throws one of {@link #exceptions()} the old result
 * is served until {@link #ttl()} has passed.
 *
 * <pre>{@code
 * @Soft(ttl = "1h", softTtl = "5m")
 * Rates rates(String currency);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Soft {

  /** How long a result may be served at all (the stored entry's TTL); empty: the interface's {@code @Cached(ttl)}. */
  String ttl() default "";

  /** How long a result is fresh; empty: a third of {@link #ttl()}, as cashews. */
  String softTtl() default "";

  /** The exceptions answered with the old result after {@code softTtl}; empty: the cache's defaults ({@code Exception}). */
  Class<? extends Throwable>[] exceptions() default {};

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "soft"} by default. */
  String prefix() default "soft";

  /**
   * Tag templates, rendered per call like {@link #key()}: each stored key joins
   * every tag, so {@code cache.deleteTags("page:1")} deletes it (see {@link Cached#tags()}).
   */
  String[] tags() default {};
}
