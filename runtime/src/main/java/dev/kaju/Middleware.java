package dev.kaju;

import dev.kaju.spi.Backend;
import org.jspecify.annotations.Nullable;

/**
 * Code run around every command of one backend, as cashews' middlewares. Given in
 * {@code Settings.builder().middlewares(...)}; the first middleware is the outermost.
 *
 * <pre>{@code
 * Middleware timing = (next, command, backend, args) -> {
 *   long start = System.nanoTime();
 *   try {
 *     return next.proceed(args);
 *   } finally {
 *     log(command, System.nanoTime() - start);
 *   }
 * };
 * }</pre>
 *
 * A middleware may change {@code args} (their layout is listed in {@link Command}), skip the
 * command by not calling {@code next} (it must then return a result of the command's type), or
 * throw: the exception reaches the caller and the backend is left as the commands that ran left it.
 */
@FunctionalInterface
public interface Middleware {

  @Nullable Object handle(Next next, Command command, Backend backend, Object[] args);

  /** The rest of the chain: the next middleware, and finally the backend. */
  @FunctionalInterface
  interface Next {
    @Nullable Object proceed(Object[] args);
  }
}
