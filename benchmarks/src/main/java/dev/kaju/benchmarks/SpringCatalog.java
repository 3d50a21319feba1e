package dev.kaju.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The Spring peer: {@code @Cacheable} over Caffeine (spring-context + spring-context-support, no
 * Boot), with the key written the way Spring users write it, in SpEL.
 */
public class SpringCatalog {
  private final RealCatalog real = new RealCatalog();

  @Cacheable(cacheNames = "products", key = "'product:' + #p0")
  public String product(long id) {
    return real.product(id);
  }

  @Cacheable(cacheNames = "productsAsync", cacheManager = "asyncCacheManager", key = "'product:' + #p0")
  public CompletableFuture<String> productAsync(long id) {
    return real.productAsync(id);
  }

  @Cacheable(cacheNames = "users", key = "'user:' + (#p0?.profile()?.email()?.toLowerCase() ?: '')")
  public String byEmail(Catalog.User user) {
    return real.byEmail(user);
  }

  @Configuration
  @EnableCaching
  public static class Config {
    @Bean
    @Primary
    public CacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager("products", "users");
      manager.setCaffeine(Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)));
      return manager;
    }

    /** CompletableFuture results need Spring's async cache mode (Spring 6.1+). */
    @Bean
    public CacheManager asyncCacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager("productsAsync");
      manager.setCaffeine(Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)));
      manager.setAsyncCacheMode(true);
      return manager;
    }

    @Bean
    public SpringCatalog springCatalog() {
      return new SpringCatalog();
    }
  }

  /** A started Spring context; close it after the benchmark. */
  static AnnotationConfigApplicationContext start() {
    return new AnnotationConfigApplicationContext(Config.class);
  }
}
