package dev.kaju.spring.boot;

import dev.kaju.micrometer.KajuMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of every command, when {@code kaju-micrometer} is on the class path and the
 * application has a {@link MeterRegistry}: a {@link KajuMetrics} bean (a {@code MeterBinder}, which
 * Spring Boot binds to every registry) and a {@link KajuSetupCustomizer} adding its middleware to
 * each backend of the auto-configured cache, tagged {@code backend} with the key prefix ({@code
 * default} for the default backend), which stays the same when the URL changes between
 * environments.
 */
@AutoConfiguration(
    before = KajuAutoConfiguration.class,
    afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({KajuMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class KajuMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public KajuMetrics kajuMetrics() {
    return new KajuMetrics();
  }

  @Bean
  public KajuSetupCustomizer kajuMetricsCustomizer(KajuMetrics metrics) {
    return (prefix, settings, middlewares) -> middlewares.add(metrics.middleware(prefix.isEmpty() ? "default" : prefix));
  }
}
