package dev.kaju.samples.behaviour;

import dev.kaju.annotation.Cached;

/** A generic interface: the generated class is generic too. */
public interface Repository<T, I> {
  @Cached(ttl = "1m", key = "repo:{id}")
  T find(I id);
}
