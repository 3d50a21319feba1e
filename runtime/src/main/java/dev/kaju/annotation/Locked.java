package dev.kaju.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * cashews' {@code @cache.locked}: one execution per key at a time, across every process sharing
 * the backend (the lock is the backend's {@code SET NX} with a TTL). Other callers wait, checking
 * every {@link #step()}, and run once the lock is theirs; with {@code waitForLock = false}, or when the
 * lock is still held after {@link #ttl()}, they get a {@code LockedException}.
 *
 * <pre>{@code
 * @Locked(ttl = "30s")
 * Report rebuild(String tenant);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Locked {

  /** How long the lock is held at most (a crashed holder's lock expires); empty: the interface's {@code @Cached(ttl)}. */
  String ttl() default "";

  /** Whether a caller waits for the lock ({@code true}) or fails at once with {@code LockedException}. */
  boolean waitForLock() default true;

  /** How often a waiting caller checks the lock again. */
  String step() default "100ms";

  /** The key template, as {@link Cached#key()}; empty: the default key. */
  String key() default "";

  /** Joined before the key with {@code ":"}; cashews' {@code "locked"} by default. */
  String prefix() default "locked";
}
