package dev.kaju.support;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Caches for site tests. */
final class SiteTestCaches {
  private SiteTestCaches() {}

  /**
   * {@code cache} through its public {@link Cache} interface only: not a {@link SiteAccess}, so a
   * site treats it as a backend doing I/O and stores async results through {@code cache.async()}.
   */
  static Cache publicApiOnly(Cache cache) {
    return (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, delegating(cache));
  }

  /**
   * {@link #publicApiOnly}, whose {@code async()} commands complete on {@code elsewhere}, a little
   * later: a site's continuations run there, as on a backend's I/O thread.
   */
  static Cache asyncElsewhere(Cache cache, Executor elsewhere) {
    AsyncCache async = (AsyncCache) Proxy.newProxyInstance(
        AsyncCache.class.getClassLoader(), new Class<?>[] {AsyncCache.class}, (proxy, method, args) -> {
          Object answer = delegating(cache.async()).invoke(proxy, method, args);
          if (!(answer instanceof CompletionStage)) {
            return answer;
          }
          CompletableFuture<Object> moved = new CompletableFuture<>();
          ((CompletionStage<?>) answer).whenComplete((value, error) -> elsewhere.execute(() -> {
            try {
              Thread.sleep(20); // late enough that the caller has attached its continuation, which then runs here
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            if (error != null) {
              moved.completeExceptionally(error);
            } else {
              moved.complete(value);
            }
          }));
          return moved;
        });
    InvocationHandler plain = delegating(cache);
    return (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] {Cache.class},
        (proxy, method, args) -> method.getName().equals("async") && method.getParameterCount() == 0
            ? async
            : plain.invoke(proxy, method, args));
  }

  private static InvocationHandler delegating(Object target) {
    return (proxy, method, args) -> {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
  }
}
