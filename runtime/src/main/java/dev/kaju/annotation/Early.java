package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.early}: a result is served until {@link #ttl()}; once {@link #earlyTtl()}
 * has passed, callers still get it at once while exactly one recomputation runs in the background
 * (one per key across every process sharing the backend), so a popular key never expires under
 * load.
 *
 * <pre>{@code
 * @Early(ttl = "10m", earlyTtl = "7m")
 * List<Item> items(int page);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Early {

  /** How long a result is kept (the stored entry's TTL); empty: the interface's {@code @Cached(ttl)}. */
  String ttl() default "";

  /** After this, a call starts the background recomputation; empty: a third of {@link #ttl()}, as cashews. */
  String earlyTtl() default "";

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; {@code "early"} by default. */
  String prefix() default "early";

  /**
   * Tag templates, rendered per call like {@link #key()}: each stored key joins every tag, also
   * when the background recomputation stores it, so {@code cache.deleteTags("page:1")} deletes it
   * (see {@link Cached#tags()}).
   */
  String[] tags() default {};
}
