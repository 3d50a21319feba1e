package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.invalidate}: after the method returns normally, deletes every key matching
 * one of the patterns. Each pattern is a key template whose placeholders are rendered from the
 * call's arguments and escaped, so an argument {@code "*"} matches only the text {@code *}, while
 * the template's own {@code *}, {@code ?} and {@code [...]} are wildcards. The interface's {@code
 * @Cached(prefix)} goes before each pattern, as before each key. A method that throws invalidates
 * nothing. The method may return {@code void}.
 *
 * <pre>{@code
 * @Invalidate({"user:{id}", "users:page:*"})
 * void save(long id, User user);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Invalidate {

  /** Key templates (with wildcards) of the entries this method makes stale. */
  String[] value();
}
