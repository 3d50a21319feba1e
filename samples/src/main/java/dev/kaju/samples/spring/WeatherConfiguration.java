package dev.kaju.samples.spring;

import dev.kaju.Cache;
import dev.kaju.samples.SlowWeatherService;
import dev.kaju.samples.WeatherService;
import dev.kaju.samples.WeatherServiceCached;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kaju in a Spring Framework application without Spring Boot: the {@code Cache} and the generated
 * {@code WeatherServiceCached} are two {@code @Bean}s, and the application injects {@code
 * WeatherService}. (With Spring Boot, kaju-spring-boot-starter does both; see docs/spring-boot.md.)
 */
@Configuration(proxyBeanMethods = false)
public class WeatherConfiguration {

  /** Closed with the context. */
  @Bean(destroyMethod = "close")
  public Cache cache() {
    return Cache.create().setup("mem://?size=10000");
  }

  /**
   * The only {@code WeatherService} bean: the real service is made here rather than being a bean of
   * its own, which would make two candidates for {@code WeatherService} (if it must be a bean, mark
   * this one {@code @Primary}).
   */
  @Bean
  public WeatherService weatherService(Cache cache) {
    return new WeatherServiceCached(new SlowWeatherService(), cache);
  }
}
