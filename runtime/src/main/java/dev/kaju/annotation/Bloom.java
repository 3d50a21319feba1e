package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.bloom}: a cheap "definitely not" in front of a {@code boolean} method. The
 * method's key (its rendered arguments) is looked up in a bloom filter kept in the backend; when
 * the filter has never seen it, the method answers {@code false} without running. Otherwise it
 * runs, so a false positive costs one real call and never a wrong {@code true}.
 *
 * <p>Members are added by a method of the same interface annotated {@link Add} naming this one:
 * after it returns (for a {@code boolean} method: returns {@code true}), its arguments' key joins
 * the filter. Its parameters carry the names the key uses.
 *
 * <pre>{@code
 * @Bloom(capacity = 1_000_000, falsePositives = 1)
 * boolean exists(String email);
 *
 * @Bloom.Add("exists")
 * void register(String email, String name);
 * }</pre>
 *
 * A filter only ever learns: it cannot forget a member. With a cache disabled the method always runs.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Bloom {

  /** How many members the filter is sized for. */
  int capacity();

  /** The false-positive rate at capacity, in percent: more than 0, less than 100. */
  double falsePositives() default 1;

  /** The key template of a member, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the filter's key with {@code ":"}; cashews' {@code "bloom"} by default. */
  String prefix() default "bloom";

  /** Adds the method's arguments to the filter of the {@code @Bloom} method {@link #value()} once it returns. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface Add {
    /** The name of the {@code @Bloom} method of the same interface. */
    String value();
  }
}
