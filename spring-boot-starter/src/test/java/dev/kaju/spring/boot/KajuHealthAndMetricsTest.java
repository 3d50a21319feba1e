package dev.kaju.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kaju.micrometer.KajuMetrics;
import dev.kaju.spring.boot.app.Greeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the metrics, each only when its library is there. */
@DisplayName("Kaju's health indicator and metrics")
class KajuHealthAndMetricsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
      KajuAutoConfiguration.class, KajuHealthAutoConfiguration.class, KajuMetricsAutoConfiguration.class));

  @Test
  @DisplayName("health: UP with the ping answer")
  void up() {
    runner.run(context -> {
      Health health = context.getBean("kajuHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("ping", "PONG");
    });
  }

  @Test
  @DisplayName("health: DOWN with the error when ping fails (Redis at a closed port)")
  void down() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    runner.withPropertyValues("kaju.url=redis://127.0.0.1:" + closed + "?socket_connect_timeout=1s").run(context -> {
      Health health = context.getBean("kajuHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat((String) health.getDetails().get("error")).contains("CacheBackendException");
    });
  }

  @Test
  @DisplayName("health: no indicator without Spring Boot's health module, or with management.health.kaju.enabled=false")
  void noHealth() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasSingleBean(dev.kaju.Cache.class).doesNotHaveBean("kajuHealthIndicator"));
    runner.withPropertyValues("management.health.kaju.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("kajuHealthIndicator"));
  }

  @Test
  @DisplayName("metrics: with a MeterRegistry every command of a wrapped bean is timed, tagged with its backend")
  void metrics() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("kaju.prefixes.greetings=mem://")
        .withBean("greeter", Greeter.class, () -> name -> "hi " + name)
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          // Spring Boot binds MeterBinder beans to its registries; the plain context here does not
          context.getBean(KajuMetrics.class).bindTo(registry);
          Greeter greeter = context.getBean(Greeter.class);
          greeter.greet("ann");
          greeter.greet("ann");
          assertThat(registry.get("kaju.command").tags("backend", "greetings", "command", "get", "result", "miss").timer().count())
              .isEqualTo(1);
          assertThat(registry.get("kaju.command").tags("backend", "greetings", "command", "get", "result", "hit").timer().count())
              .isEqualTo(1);
          assertThat(registry.get("kaju.puts").tags("backend", "default").counter().count()).isZero();
        });
  }

  @Test
  @DisplayName("metrics: nothing without a MeterRegistry bean, or without kaju-micrometer")
  void noMetrics() {
    runner.run(context -> assertThat(context).doesNotHaveBean(KajuMetrics.class).doesNotHaveBean(KajuSetupCustomizer.class));
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(KajuMetrics.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("kajuMetrics"));
  }
}
