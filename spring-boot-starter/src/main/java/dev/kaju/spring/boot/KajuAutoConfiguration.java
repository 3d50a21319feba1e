package dev.kaju.spring.boot;

import dev.kaju.Cache;
import dev.kaju.Middleware;
import dev.kaju.Settings;
import dev.kaju.spring.boot.internal.CachedBeanWrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Kaju in a Spring Boot application: a {@link Cache} set up from {@link KajuProperties} (unless the
 * application defines its own), closed with the context; and, unless {@code kaju.wrap=false}, every
 * bean implementing an interface the Kaju processor generated a {@code *Cached} class for is
 * wrapped in it, found through the processor's {@code META-INF/services/dev.kaju.support.CachedFactory}
 * index, without reflection.
 */
@AutoConfiguration
@EnableConfigurationProperties(KajuProperties.class)
public class KajuAutoConfiguration {

  /** The cache of {@code kaju.*}: the default backend, then one backend per prefix. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Cache kajuCache(KajuProperties properties, ObjectProvider<KajuSetupCustomizer> customizers) {
    Cache cache = Cache.create();
    try {
      Settings.Builder defaults = settings("", properties, customizers);
      properties.getOptions().forEach((name, value) -> defaults.option(name.replace('-', '_'), value));
      cache.setup(properties.getUrl(), defaults.build());
      for (Map.Entry<String, String> prefix : properties.getPrefixes().entrySet()) {
        cache.setup(prefix.getValue(), settings(prefix.getKey(), properties, customizers).prefix(prefix.getKey()).build());
      }
      return cache;
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
  }

  private static Settings.Builder settings(String prefix, KajuProperties properties, ObjectProvider<KajuSetupCustomizer> customizers) {
    Settings.Builder settings = Settings.builder();
    if (!properties.isEnabled()) {
      settings.enable(false);
    }
    List<Middleware> middlewares = new ArrayList<>();
    customizers.orderedStream().forEach(customizer -> customizer.customize(prefix, settings, middlewares));
    return settings.middlewares(middlewares.toArray(new Middleware[0]));
  }

  /** Wraps beans in their {@code *Cached} classes; static, as a post-processor is made before other beans. */
  @Bean
  @ConditionalOnProperty(name = "kaju.wrap", havingValue = "true", matchIfMissing = true)
  public static CachedBeanWrapper kajuCachedBeanWrapper(ObjectProvider<Cache> cache) {
    return new CachedBeanWrapper(cache::getObject);
  }
}
