package dev.kaju.support;

import dev.kaju.Cache;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Caches for site tests. */
final class SiteTestCaches {
  private SiteTestCaches() {}

  /**
   * {@code cache} through its public {@link Cache} interface only: not a {@link SiteAccess}, so a
   * site treats it as a backend doing I/O and stores async results through {@code cache.async()}.
   */
  static Cache publicApiOnly(Cache cache) {
    return (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
      try {
        return method.invoke(cache, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }
}
