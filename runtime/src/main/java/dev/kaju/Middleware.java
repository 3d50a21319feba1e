package dev.kaju;

import dev.kaju.spi.Backend;
import dev.kaju.spi.GlobPattern;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Code run around every command of one backend, as cashews' middlewares. Given in {@code
 * Settings.builder().middlewares(...)}; the first middleware is the outermost.
 *
 * <p>A middleware sees each call as a typed record of {@link Command} ({@link Command.Get}, {@link
 * Command.Set}, ...), reads its key, value or TTL by name, and passes the call on, or a copy of it
 * ({@code withKey}, {@code withTtl}, {@link Command.Call#mapKeys}):
 *
 * <pre>{@code
 * Middleware timing = (call, chain) -> {
 *   long start = System.nanoTime();
 *   try {
 *     return chain.proceed(call);
 *   } finally {
 *     metrics.record(call.command(), System.nanoTime() - start);
 *   }
 * };
 * Middleware cappedTtl = (call, chain) ->
 *     call instanceof Command.Set set && (set.ttl() == null || set.ttl().compareTo(DAY) > 0)
 *         ? chain.proceed(set.withTtl(DAY))
 *         : chain.proceed(call);
 * }</pre>
 *
 * A middleware may skip the command by not calling {@code proceed}; it must then return a result
 * of the call's type ({@link Command.Call#disabled()} is one). It may throw: the exception reaches
 * the caller and the backend is left as the commands that ran left it.
 */
@FunctionalInterface
public interface Middleware {

  /** Handles {@code call}, usually by passing it (or a copy) to {@code chain.proceed}. */
  @Nullable Object handle(Command.Call<?> call, Chain chain);

  /**
   * Whether this middleware reads {@link Chain#strategy()}. A cache keeps the strategy of each
   * generated call only once one of its middlewares says so (it costs each generated call a
   * thread-local write); a metrics middleware does.
   */
  default boolean needsStrategy() {
    return false;
  }

  /** The rest of the chain: the next middleware, and finally the backend. */
  interface Chain {
    /** Runs {@code call} through the rest of the chain and returns its result. */
    @Nullable Object proceed(Command.Call<?> call);

    /** The backend at the end of the chain. */
    Backend backend();

    /**
     * Whether this is the asynchronous path ({@code cache.async()}, generated methods returning a
     * {@code CompletionStage} on a backend that does I/O): then {@link #proceed} returns a {@code
     * CompletionStage} of the result, and the middleware may return either such a stage or a
     * plain result. A middleware that reads results handles both:
     *
     * <pre>{@code
     * Object result = chain.proceed(call);
     * if (chain.async()) {
     *   return ((CompletionStage<?>) result).whenComplete((r, e) -> record(call, r));
     * }
     * record(call, result);
     * return result;
     * }</pre>
     */
    default boolean async() {
      return false;
    }

    /**
     * The strategy of the generated call that sent this command, as {@code detect} names it
     * ({@code "cached"}, {@code "early"}, {@code "hit"}, {@code "locked"}, {@code "rate_limit"},
     * ...), read on the thread that sent it; {@code null} for a command of the {@code Cache} API,
     * and always {@code null} unless a middleware of the cache {@linkplain Middleware#needsStrategy()
     * needs it}.
     */
    default @Nullable String strategy() {
      return dev.kaju.internal.Attribution.current();
    }
  }

  /**
   * cashews' {@code add_prefix}: puts {@code prefix} before every key and pattern the backend
   * sees, so several applications can share one store. Keys that {@code scan} and {@code getMatch}
   * return keep the prefix, as in cashews. In a pattern the prefix is literal: {@code
   * addPrefix("a*")} on {@code deleteMatch("x*")} deletes {@code a*x...} keys only.
   */
  static Middleware addPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String literal = GlobPattern.escape(prefix);
    return (call, chain) -> chain.proceed(call.mapKeys(key -> prefix + key, pattern -> literal + pattern));
  }

  /** cashews' {@code all_keys_lower}: lower-cases every key and pattern ({@code Locale.ROOT}). */
  static Middleware allKeysLower() {
    return (call, chain) -> chain.proceed(call.mapKeys(Middleware::lower, Middleware::lower));
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
