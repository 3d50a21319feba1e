package dev.kaju.support;

import dev.kaju.Cache;

/**
 * Used by generated code, and read by frameworks: how to wrap a delegate of one interface in the
 * {@code <Interface>Cached} class the Kaju processor generated for it, without reflection.
 *
 * <p>For each interface it generates a {@code *Cached} class for, the processor also writes its
 * factory, the public nested class {@code <Interface>Cached.Factory}, and lists every factory of the
 * compilation in {@code META-INF/services/dev.kaju.support.CachedFactory}. A framework finds them
 * all with {@code ServiceLoader.load(CachedFactory.class, classLoader)} (GraalVM's native-image
 * registers service providers it finds on the class path by itself); an application in a named
 * module declares them with {@code provides dev.kaju.support.CachedFactory with ...Cached.Factory}.
 *
 * <p>Added to contract 2 without changing its {@link Contract#VERSION}: classes generated before
 * it simply have no factory, and an older runtime never loads one.
 *
 * @param <T> the interface; for a generic interface {@code Repo<T>}, {@code Repo<?>}
 */
public interface CachedFactory<T> {

  /** The interface, for example {@code UserService.class}. */
  Class<T> type();

  /**
   * The generated class, for example {@code UserServiceCached.class}: what {@link #wrap} returns, so
   * a framework can tell a bean that is wrapped already.
   */
  Class<? extends T> cachedType();

  /** {@code new <Interface>Cached(delegate, cache)}. */
  T wrap(T delegate, Cache cache);
}
