package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.hit}: a result is served {@link #cacheHits()} times (or until {@link
 * #ttl()}), then recomputed. With {@link #updateAfter()}, the call that makes that many hits also
 * starts a recomputation in the background, so callers keep getting a result at once.
 *
 * <pre>{@code
 * @Hit(ttl = "1h", cacheHits = 100, updateAfter = 80)
 * Banner banner(String slot);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Hit {

  /** How long a result is kept at most; empty: the interface's {@code @Cached(ttl)}. */
  String ttl() default "";

  /** How many hits a result serves before it is recomputed (at least 1). */
  int cacheHits();

  /** After this many hits a background recomputation starts; 0: never (the result just expires). */
  int updateAfter() default 0;

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "hit"} by default. */
  String prefix() default "hit";

  /**
   * Tag templates, rendered per call like {@link #key()}: each stored key and its hit counter
   * {@code <key>:counter} join every tag (cashews' {@code hit-05}), so {@code
   * cache.deleteTags("page:1")} deletes both (see {@link Cached#tags()}).
   */
  String[] tags() default {};
}
