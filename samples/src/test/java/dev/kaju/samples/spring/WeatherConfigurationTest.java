package dev.kaju.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kaju.Cache;
import dev.kaju.Command;
import dev.kaju.Detect;
import dev.kaju.samples.WeatherService;
import dev.kaju.samples.WeatherServiceCached;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

@DisplayName("WeatherConfiguration: Kaju wired with Spring Framework @Beans")
class WeatherConfigurationTest {

  @Test
  @DisplayName("the injected WeatherService is the generated class, and a second call is a hit")
  void secondCallHits() {
    Cache cache;
    try (var context = new AnnotationConfigApplicationContext(WeatherConfiguration.class)) {
      WeatherService weather = context.getBean(WeatherService.class);
      cache = context.getBean(Cache.class);
      assertThat(weather).isInstanceOf(WeatherServiceCached.class);
      WeatherService.Place paris = new WeatherService.Place("Paris", "FR");
      try (Detect detect = cache.detect()) {
        assertThat(weather.forecast(paris, 3)).isEqualTo("3 days of sun in Paris");
        assertThat(weather.forecast(paris, 3)).isEqualTo("3 days of sun in Paris");
        assertThat(detect.list())
            .filteredOn(call -> call.command() == Command.GET)
            .extracting(Detect.Call::hit)
            .containsExactly(false, true);
      }
    }
    // closed with the context: it has no backend any more
    assertThat(catchThrowable(() -> cache.get("k"))).isInstanceOf(IllegalStateException.class);
  }
}
