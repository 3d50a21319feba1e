package dev.kaju.internal;

import dev.kaju.Command;
import dev.kaju.Middleware;
import dev.kaju.spi.Backend;

/** One backend and the keys it serves. */
final class Route {
  /** A {@link #disabled} mask with every command's bit set. */
  static final long ALL = (1L << Command.values().length) - 1;

  final String prefix;
  final Backend backend;
  final String name;
  final Middleware[] middlewares;
  /** One bit per {@link Command#ordinal()}: the commands disabled on this route for every thread. */
  volatile long disabled;

  Route(String prefix, Backend backend, String name, Middleware[] middlewares) {
    this.prefix = prefix;
    this.backend = backend;
    this.name = name;
    this.middlewares = middlewares;
  }
}
