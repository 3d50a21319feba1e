package dev.kaju.annotation;

import dev.kaju.TransactionMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method in a cache transaction (cashews' {@code @cache.transaction}): the cache writes
 * its call makes on the calling thread, its own and those of the cached methods it calls, are
 * committed when it returns and rolled back when it throws. For a method returning a {@code
 * CompletionStage}, the commands started while the method runs belong to the transaction, which
 * commits when the stage completes normally and rolls back when it fails.
 *
 * <pre>{@code
 * @CacheTransaction(mode = TransactionMode.LOCKED, timeout = "5s")
 * Order place(Cart cart);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CacheTransaction {

  /** How the transaction keeps others out. */
  TransactionMode mode() default TransactionMode.LOCKED;

  /** Bounds the transaction's life and its lock waits ("10s", "500ms"); past it, it rolls back with {@code TransactionTimeoutException}. */
  String timeout() default "10s";
}
