package dev.kaju.spring.boot.app;

import dev.kaju.annotation.Cached;

/** A generic cached interface: its factory wraps a {@code Store<?>}. */
public interface Store<T> {
  @Cached(ttl = "1m")
  T load(String id);
}
