package dev.kaju.spring.boot;

import dev.kaju.Cache;
import dev.kaju.spring.boot.internal.KajuHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code kaju} health indicator, when Spring Boot's health module is present (the actuator
 * brings it): UP with the default backend's answer to {@code cache.ping()}, DOWN with the error when
 * it throws. {@code management.health.kaju.enabled=false} turns it off.
 */
@AutoConfiguration(after = KajuAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Cache.class)
@ConditionalOnEnabledHealthIndicator("kaju")
public class KajuHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "kajuHealthIndicator")
  public HealthIndicator kajuHealthIndicator(Cache cache) {
    return new KajuHealthIndicator(cache);
  }
}
