package dev.kaju.spring.boot.app;

import dev.kaju.annotation.Cached;

/** A second cached interface, for a bean implementing two of them. */
public interface Directory {
  @Cached(ttl = "1m")
  String lookup(String name);
}
