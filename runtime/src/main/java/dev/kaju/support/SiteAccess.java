package dev.kaju.support;

import dev.kaju.Cache;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Used by generated code, through {@link CachedSite}: what a cache offers generated methods beyond
 * its public commands. Kaju's own cache implements it; any other {@link Cache} (a decorator, a
 * test double) is reached through its public API by {@link #of}.
 */
public interface SiteAccess {

  /**
   * A {@code GET} of {@code key} for a generated method: the stored value, or {@code miss}. {@code
   * detect} reports it with the method's strategy and TTL.
   */
  @Nullable Object lookup(String key, Object miss, String strategy, @Nullable Duration ttl);

  /** {@code cache} itself when it offers this interface, else an adapter over {@code Cache.get}. */
  static SiteAccess of(Cache cache) {
    if (cache instanceof SiteAccess) {
      return (SiteAccess) cache;
    }
    return (key, miss, strategy, ttl) -> cache.get(key, miss);
  }
}
