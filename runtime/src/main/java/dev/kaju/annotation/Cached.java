package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the result of a method (cashews' {@code @cache}): the first call runs the method and
 * stores its result; later calls with the same key return the stored result until it expires.
 *
 * <pre>{@code
 * @Cached(ttl = "1h")                              // on the interface: defaults for every method
 * public interface UserService {
 *   @Cached(ttl = "3h", key = "user:{request.user.uid}")
 *   User profile(Request request);
 * }
 * UserService users = new UserServiceCached(new RealUserService(), cache);
 * }</pre>
 *
 * On the interface it sets defaults ({@code ttl}, {@code prefix}, {@code formatters}) and caches
 * nothing by itself; on a method it caches that method. The processor checks every attribute at
 * compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Cached {

  /**
   * How long a result stays: {@code "1d2h3m50s"}, {@code "600"} (seconds) or {@code "PT10M"}. On a
   * method, empty means the interface's default; a method needs a TTL from one of the two (or
   * {@link #ttlMethod()}).
   */
  String ttl() default "";

  /**
   * A static or default method of the interface computing the TTL per call: it takes the same
   * parameters as the cached method (or none) and returns a {@code Duration} or a TTL
   * {@code String}.
   */
  String ttlMethod() default "";

  /**
   * The key template: text with {@code {param}}, {@code {param.property}} and
   * {@code {param:formatter}} placeholders. Empty: {@code <interface>.<method>:<param>:{param}...}.
   */
  String key() default "";

  /** Joined before the key with {@code ":"}; use it to version keys ({@code "v2"}). */
  String prefix() default "";

  /** Which results are stored. */
  Condition condition() default Condition.ANY;

  /**
   * A static or default method of the interface deciding whether to store a result: its
   * parameters are the result followed by the method's parameters (or only the result), and it
   * returns {@code boolean}.
   */
  String conditionMethod() default "";

  /** Exceptions that are cached along with normal results and thrown again on a hit. */
  Class<? extends Throwable>[] cacheExceptions() default {};

  /** Only these exceptions are cached (and thrown again on a hit); normal results are not stored. */
  Class<? extends Throwable>[] onlyExceptions() default {};

  /** Store a result only when the call took longer than this ({@code "3s"}). */
  String timeCondition() default "";

  /**
   * Tag templates, rendered per call like {@link #key()} ({@code {"items", "page:{page}"}}): each
   * stored key joins every tag, so {@code Cache#deleteTags} deletes it.
   */
  String[] tags() default {};

  /** Stampede protection: concurrent misses of one key make one call. */
  boolean lock() default false;

  /**
   * Classes whose static methods annotated {@link KeyFormatter} this interface's key templates
   * may use (on the interface; static methods of the interface itself are always found).
   */
  Class<?>[] formatters() default {};
}
