package dev.kaju.contract;

import dev.kaju.AsyncCache;
import dev.kaju.Cache;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Cache} whose commands run through {@code cache.async()} and wait for the stage, so the
 * whole {@link BackendContract} checks the async path with the same assertions as the sync one.
 * Methods the async view does not have (setup, controls, close) go to the cache itself.
 */
public final class AsyncOverSync {
  private AsyncOverSync() {}

  public static Cache over(Cache cache) {
    AsyncCache async = cache.async();
    return (Cache) Proxy.newProxyInstance(
        Cache.class.getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
          Method twin = twin(method);
          if (twin == null) {
            return invoke(method, cache, args);
          }
          Object stage = invoke(twin, async, args);
          Object result = await((CompletionStage<?>) stage);
          if (method.getReturnType() == java.util.stream.Stream.class) {
            return ((List<?>) result).stream();
          }
          return result;
        });
  }

  private static Method twin(Method m) {
    if (m.getDeclaringClass() == Object.class || m.isDefault()) {
      return null; // defaults (TTL text overloads) call the abstract twins, which the proxy reaches
    }
    try {
      Method t = AsyncCache.class.getMethod(m.getName(), m.getParameterTypes());
      return CompletionStage.class.isAssignableFrom(t.getReturnType()) ? t : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object await(CompletionStage<?> stage) throws Throwable {
    try {
      return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the async command did not complete within 60 s", e);
    }
  }
}
