package dev.kaju.internal;

import org.jspecify.annotations.Nullable;

/**
 * The strategy of the generated call whose commands this thread is sending ({@code "cached"},
 * {@code "early"}, {@code "rate_limit"}...), for middlewares that ask for it ({@link
 * dev.kaju.Middleware#needsStrategy()}, {@link dev.kaju.Middleware.Chain#strategy()}). Kept only
 * once a cache has such a middleware: until then every call skips it, so a cache without one pays
 * nothing; after, a generated call writes one thread-local slot before its commands and restores it
 * after.
 */
public final class Attribution {
  private static volatile boolean on;
  private static final ThreadLocal<String[]> CURRENT = ThreadLocal.withInitial(() -> new String[1]);

  private Attribution() {}

  /** Starts keeping the attribution (a route with a middleware that needs it was built). */
  static void enable() {
    on = true;
  }

  /** Whether the attribution is kept. */
  static boolean on() {
    return on;
  }

  /** This thread's strategy now; {@code null}: a command of the {@code Cache} API, or not kept. */
  public static @Nullable String current() {
    return on ? CURRENT.get()[0] : null;
  }

  /** Sets this thread's strategy; returns the one before, to {@link #restore}. */
  static @Nullable String set(@Nullable String strategy) {
    String[] slot = CURRENT.get();
    String before = slot[0];
    slot[0] = strategy;
    return before;
  }

  /** Puts back what {@link #set} returned. */
  static void restore(@Nullable String before) {
    CURRENT.get()[0] = before;
  }
}
