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
 *
 * <p>With {@link #dual() dual = true} (cashews' {@code dual_bloom}) the method's own answers fill two
 * filters, one of members answered {@code true} and one of members answered {@code false}, and a
 * later call answers from them without running the method when exactly one filter holds the member:
 *
 * <pre>{@code
 * @Bloom(capacity = 10_000, dual = true)
 * boolean taken(String username);   // each real answer is remembered, true or false
 * }</pre>
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

  /**
   * Joined before the filter's key with {@code ":"}; empty (the default): cashews' {@code "bloom"},
   * or {@code "dual_bloom"} when {@link #dual()}.
   */
  String prefix() default "";

  /**
   * cashews' {@code dual_bloom}: two filters, {@code <prefix>:<Interface.method>:<bits>:true} and
   * {@code :false}, learn the method's answers. A call runs the method only when the member is in
   * neither filter (it has never been answered: the answer is recorded in the filter it names) or
   * in both (the filters cannot tell); in the {@code true} filter only it answers {@code true}, in
   * the {@code false} filter only {@code false}, without running.
   *
   * <p>Unlike a plain filter, a dual one can answer wrongly either way: a member never answered
   * lands in exactly one filter by chance, at a rate of the order of {@link #falsePositives()}, and a
   * member whose answer changes keeps its old answer (a filter cannot forget). Use it for answers
   * that do not change. A {@link Add} method naming a dual filter adds to its {@code true} filter;
   * a member the {@code false} filter already holds is then in both, so the method runs again.
   */
  boolean dual() default false;

  /** Adds the method's arguments to the filter of the {@code @Bloom} method {@link #value()} once it returns. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface Add {
    /** The name of the {@code @Bloom} method of the same interface. */
    String value();
  }
}
