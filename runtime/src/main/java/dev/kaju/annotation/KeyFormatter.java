package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a key formatter, found at compile time in the interface itself or in a
 * class listed in {@link Cached#formatters()}.
 *
 * <pre>{@code
 * @KeyFormatter("initials")            // used as {user.name:initials}
 * static String initials(String name) { ... }
 *
 * @KeyFormatter("pad")                 // used as {id:pad(8)}: extra arguments arrive as strings
 * static String pad(long id, String width) { ... }
 *
 * @KeyFormatter                        // no name: how every Money in a key renders
 * static String money(Money m) { return m.currency() + m.cents(); }
 * }</pre>
 *
 * The method returns {@code String}; its first parameter takes the value, the others (all
 * {@code String}) the formatter's arguments.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface KeyFormatter {
  /** The name used after {@code :} in templates; empty for a per-type formatter. */
  String value() default "";
}
