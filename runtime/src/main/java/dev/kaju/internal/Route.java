package dev.kaju.internal;

import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.spi.Backend;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/** One backend and the keys it serves. */
final class Route {
  /** A {@link #disabled} mask with every command's bit set. */
  static final long ALL = (1L << Command.values().length) - 1;

  final String prefix;
  final Backend backend;
  final String name;
  final Middleware[] middlewares;
  /** The user's executor for async scans ({@code Settings.executor}), or null for the shared pool. */
  final @Nullable Executor executor;
  /** The user's scheduler for async lock waits ({@code Settings.scheduler}), or null for the shared one. */
  final @Nullable ScheduledExecutorService scheduler;
  /** Wall-clock time for stamps that outlive the process ({@code Settings.clock}). */
  final Clock clock;
  /** The links of the synchronous middleware chain, built once ({@link Pipeline#chains}). */
  final Middleware.Chain[] chains;
  /** Whether a middleware reads the strategy of the generated calls ({@link Middleware#needsStrategy()}). */
  final boolean attributed;
  /** One bit per {@link Command#ordinal()}: the commands disabled on this route for every thread. */
  volatile long disabled;

  Route(String prefix, Backend backend, String name, Middleware[] middlewares) {
    this(prefix, backend, name, middlewares, null, null, Clock.systemUTC());
  }

  Route(
      String prefix,
      Backend backend,
      String name,
      Middleware[] middlewares,
      @Nullable Executor executor,
      @Nullable ScheduledExecutorService scheduler,
      Clock clock) {
    this.prefix = prefix;
    this.clock = clock;
    this.backend = backend;
    this.name = name;
    this.middlewares = middlewares;
    this.executor = executor;
    this.scheduler = scheduler;
    this.chains = Pipeline.chains(this);
    boolean attributed = false;
    for (Middleware m : middlewares) {
      attributed |= m.needsStrategy();
    }
    this.attributed = attributed;
    if (attributed) {
      Attribution.enable();
    }
  }
}
