package dev.kaju.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.kaju.Cache;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Every peer of one benchmark, built the same way for the hit, miss and concurrency benchmarks:
 * the code a user would write by hand around Caffeine (and a ConcurrentHashMap floor), Spring's
 * {@code @Cacheable}, and Kaju's generated class, each building the same key.
 */
final class Peers implements AutoCloseable {
  final RealCatalog real = new RealCatalog();
  final com.github.benmanes.caffeine.cache.Cache<String, String> caffeine;
  final com.github.benmanes.caffeine.cache.Cache<String, String> caffeineVariable;
  final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
  /** A size-bounded Caffeine cache keeping each entry's expiry time beside its value. */
  final com.github.benmanes.caffeine.cache.Cache<String, Timed> caffeineOwnExpiry;

  /** A value and the System.nanoTime() it expires at. */
  record Timed(String value, long expiresAt) {}
  final AnnotationConfigApplicationContext spring;
  final SpringCatalog springCatalog;
  final Cache cache;
  final Catalog kaju;
  /** Kaju with one middleware that only passes each call on: the cost of the typed-command path. */
  final Cache cacheWithMiddleware;
  final Catalog kajuWithMiddleware;

  Peers(long size) {
    caffeine = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(Duration.ofHours(1)).build();
    // what Kaju's memory backend configures: per-entry (variable) expiry
    caffeineVariable =
        Caffeine.newBuilder()
            .maximumSize(size)
            .expireAfter(Expiry.<String, String>creating((k, v) -> Duration.ofHours(1)))
            .build();
    caffeineOwnExpiry = Caffeine.newBuilder().maximumSize(size).build();
    spring = SpringCatalog.start();
    springCatalog = spring.getBean(SpringCatalog.class);
    cache = Cache.create().setup("mem://?size=" + size);
    kaju = new CatalogCached(real, cache);
    cacheWithMiddleware = Cache.create()
        .setup("mem://?size=" + size, dev.kaju.Settings.builder().middlewares((call, chain) -> chain.proceed(call)).build());
    kajuWithMiddleware = new CatalogCached(real, cacheWithMiddleware);
  }

  String caffeine(long id) {
    String key = "product:" + id;
    String value = caffeine.getIfPresent(key);
    if (value == null) {
      value = real.product(id);
      caffeine.put(key, value);
    }
    return value;
  }

  String caffeineVariable(long id) {
    String key = "product:" + id;
    String value = caffeineVariable.getIfPresent(key);
    if (value == null) {
      value = real.product(id);
      caffeineVariable.put(key, value);
    }
    return value;
  }

  String caffeineOwnExpiry(long id) {
    String key = "product:" + id;
    Timed t = caffeineOwnExpiry.getIfPresent(key);
    if (t == null || t.expiresAt() - System.nanoTime() <= 0) {
      String value = real.product(id);
      caffeineOwnExpiry.put(key, new Timed(value, System.nanoTime() + 3_600_000_000_000L));
      return value;
    }
    return t.value();
  }

  String map(long id) {
    String key = "product:" + id;
    String value = map.get(key);
    if (value == null) {
      value = real.product(id);
      map.put(key, value);
    }
    return value;
  }

  String caffeineNested(Catalog.User user) {
    String email = user == null || user.profile() == null ? "" : user.profile().email();
    String key = "user:" + (email == null ? "" : email.toLowerCase(Locale.ROOT));
    String value = caffeine.getIfPresent(key);
    if (value == null) {
      value = real.byEmail(user);
      caffeine.put(key, value);
    }
    return value;
  }

  @Override
  public void close() {
    spring.close();
    cache.close();
    cacheWithMiddleware.close();
  }
}
