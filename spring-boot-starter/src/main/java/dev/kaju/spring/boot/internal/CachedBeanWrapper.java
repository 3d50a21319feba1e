package dev.kaju.spring.boot.internal;

import dev.kaju.Cache;
import dev.kaju.support.CachedFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.SmartInstantiationAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Wraps every bean that implements an interface with a generated {@code *Cached} class in it,
 * through the {@link CachedFactory} the Kaju processor listed in {@code
 * META-INF/services/dev.kaju.support.CachedFactory}: no reflection builds the wrapper.
 *
 * <ul>
 *   <li>A bean that is a {@code *Cached} instance already (built by hand) is left alone.
 *   <li>The wrapper implements the interface only, so the bean is injected by its interface; its
 *       predicted type is the wrapper's, so asking for the implementation class finds no bean
 *       rather than failing on a wrong type later.
 *   <li>A bean implementing two such interfaces cannot be wrapped in both: it fails, naming them.
 *   <li>It is ordered last ({@link Ordered#LOWEST_PRECEDENCE}), after Spring AOP's auto-proxy
 *       creator: a hit skips the transaction and aspect proxies around the bean.
 *   <li>A bean asked for early (a circular reference) is wrapped early, once.
 * </ul>
 */
public final class CachedBeanWrapper implements SmartInstantiationAwareBeanPostProcessor, BeanClassLoaderAware, Ordered {
  private final Supplier<Cache> cache;
  private volatile @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
  /** Loaded at first use, with the bean class loader Spring gives before any. */
  private volatile @Nullable Map<Class<?>, CachedFactory<?>> factories;
  /** Beans wrapped by {@link #getEarlyBeanReference}, by name, so they are not wrapped twice. */
  private final Map<String, Object> early = new ConcurrentHashMap<>();

  public CachedBeanWrapper(Supplier<Cache> cache) {
    this.cache = cache;
  }

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
    this.factories = null;
  }

  /** The interfaces with a generated factory, by interface. */
  public Map<Class<?>, CachedFactory<?>> factories() {
    Map<Class<?>, CachedFactory<?>> loaded = factories;
    if (loaded == null) {
      loaded = load(classLoader);
      factories = loaded;
    }
    return loaded;
  }

  private static Map<Class<?>, CachedFactory<?>> load(@Nullable ClassLoader classLoader) {
    Map<Class<?>, CachedFactory<?>> byType = new LinkedHashMap<>();
    try {
      for (CachedFactory<?> factory : ServiceLoader.load(CachedFactory.class, classLoader)) {
        byType.putIfAbsent(factory.type(), factory);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "META-INF/services/dev.kaju.support.CachedFactory lists a factory that does not load; a stale build? rebuild clean: "
              + e.getMessage(), e);
    }
    return Map.copyOf(byType);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public @Nullable Class<?> predictBeanType(Class<?> beanClass, String beanName) {
    List<CachedFactory<?>> found = factoriesOf(beanClass);
    // two: creating the bean fails, with a message; a prediction is no place to throw
    return found.size() == 1 ? found.get(0).cachedType() : null;
  }

  @Override
  public Object getEarlyBeanReference(Object bean, String beanName) {
    Object wrapped = wrap(bean, beanName);
    if (wrapped != bean) {
      early.put(beanName, bean);
    }
    return wrapped;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (early.remove(beanName) == bean) {
      return bean; // the context uses the early reference, wrapped already
    }
    return wrap(bean, beanName);
  }

  private Object wrap(Object bean, String beanName) {
    CachedFactory<?> factory = factoryFor(bean.getClass(), beanName);
    if (factory == null) {
      return bean;
    }
    @SuppressWarnings("unchecked")
    CachedFactory<Object> typed = (CachedFactory<Object>) factory;
    return typed.wrap(bean, cache.get());
  }

  /** The one factory of {@code type}'s interfaces, or null when it has none or is wrapped already. */
  private @Nullable CachedFactory<?> factoryFor(Class<?> type, String beanName) {
    List<CachedFactory<?>> found = factoriesOf(type);
    if (found.size() > 1) {
      throw new IllegalStateException("bean '" + beanName + "' (" + type.getName() + ") implements "
          + found.stream().map(f -> f.type().getName()).collect(Collectors.joining(" and "))
          + ", and a *Cached wrapper implements one interface: split the bean, or set kaju.wrap=false and wrap it by hand");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /** The factories of {@code type}'s interfaces; none when it is a {@code *Cached} instance already. */
  private List<CachedFactory<?>> factoriesOf(Class<?> type) {
    Map<Class<?>, CachedFactory<?>> factories = factories();
    if (factories.isEmpty() || Cache.class.isAssignableFrom(type)) {
      return List.of();
    }
    List<CachedFactory<?>> found = new ArrayList<>();
    for (Class<?> iface : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      CachedFactory<?> factory = factories.get(iface);
      if (factory != null) {
        if (factory.cachedType().isAssignableFrom(type)) {
          return List.of();
        }
        found.add(factory);
      }
    }
    return found;
  }
}
